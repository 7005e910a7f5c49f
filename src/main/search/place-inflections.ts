/**
 * @file The forms a place name takes inside a sentence, for [Note: Place names in queries]:
 * Russian case endings ("в Париже", "из Москвы", "по Италии") and the Arabic prefixes written
 * onto the next word ("بباريس" in Paris, "لروما" to Rome, "وباريس" and Paris, "للقاهرة" to
 * Cairo). The other eight UI languages put the place name as it is after a separate word ("in
 * Italien", "à Paris", "en Bretagne", "in Giappone", "パリで", "在巴黎": Han and kana names are
 * found inside the text anyway) or after an apostrophe ("d'Italie", "dell'Italia": the
 * apostrophe already ends a word), so they need nothing here.
 *
 * The forms are only ever looked for among the library's own places' names, whole words, like
 * the names themselves: "Парижский" (an adjective) and "Римма" (a person's name) are not
 * forms of Париж or Рим, and "بحر" (sea) is no place unless the library has a place "حر".
 */

/** Russian consonants after which a feminine -а takes -и, not -ы, in the genitive ("Риги"). */
const softening = new Set(['г', 'к', 'х', 'ж', 'ш', 'ч', 'щ']);
const russianConsonant = /[бвгджзклмнпрстфхцчшщ]$/u;

/**
 * The case forms of a Russian place name's last word (genitive, dative, accusative,
 * instrumental, prepositional), by its ending; indeclinable names (-о, -и, -у, -е: "Осло",
 * "Сочи", "Баку") have none. Multi-word names inflect every word ("Нижнем Новгороде"): only a
 * single word (hyphenated counts as one: "Санкт-Петербурге") is inflected here.
 */
function russianForms(name: string): string[] {
  if (!/^[\p{sc=Cyrillic}-]+$/u.test(name) || name.length < 3) return [];
  const lower = name.toLocaleLowerCase('ru');
  const last = lower.at(-1) ?? '';
  const stem = name.slice(0, -1);
  if (russianConsonant.test(lower)) return ['а', 'у', 'ом', 'ем', 'е'].map((e) => name + e);
  if (last === 'а') {
    const before = lower.at(-2) ?? '';
    return [softening.has(before) ? 'и' : 'ы', 'е', 'у', 'ой', 'ою'].map((e) => stem + e);
  }
  if (last === 'я') {
    if (lower.endsWith('ия')) return ['ии', 'ию', 'ией'].map((e) => name.slice(0, -2) + e);
    return ['и', 'е', 'ю', 'ей'].map((e) => stem + e);
  }
  if (last === 'ь') return ['и', 'ью', 'я', 'ю', 'е', 'ем'].map((e) => stem + e);
  if (last === 'й' && !/[иы]й$/u.test(lower)) return ['я', 'ю', 'е', 'ем'].map((e) => stem + e);
  // Plural names ("Афины", "Чебоксары"): genitive drops the ending, the rest add to the stem.
  if (last === 'ы') return [stem, ...['ах', 'ам', 'ами'].map((e) => stem + e)];
  return [];
}

/** Arabic one-letter prefixes: ب "in", ل "to/for", ك "like", و "and", ف "so", and و/ف before ب/ل. */
const arabicPrefixes = ['ب', 'ل', 'ك', 'و', 'ف', 'وب', 'ول', 'فب', 'فل'];

/** A name with the Arabic prefixes written onto it; ل before the article ال makes لل ("للقاهرة"). */
function arabicForms(name: string): string[] {
  if (!/^\p{sc=Arabic}/u.test(name)) return [];
  return arabicPrefixes.map((p) =>
    p.endsWith('ل') && name.startsWith('ال') ? `${p}${name.slice(1)}` : `${p}${name}`,
  );
}

/** The inflected and prefixed forms of a place name (not the name itself); none for most. */
export function placeNameForms(name: string): string[] {
  const trimmed = name.trim();
  return [...russianForms(trimmed), ...arabicForms(trimmed)];
}
