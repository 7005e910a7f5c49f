/**
 * @file Text folded for search: case, accents and width taken out, so "munchen" finds
 * "MÜNCHEN" and "ｔｏｋｙｏ" "Tokyo" (see [Note: Text in search]).
 *
 * [Note: Folded text]
 * SQLite's trigram tokenizer can fold case and (with `remove_diacritics`) accents itself, but
 * then its LIKE and GLOB no longer use the index, and queries under three characters ("東京",
 * "wi") can only be answered by LIKE. So the text is folded here, once, before it is indexed,
 * and every query is folded the same way: the FTS index (trigram, case-sensitive) and the
 * short-query LIKE then see the same characters. Folding goes one character at a time, so a
 * match found in the folded text maps back to the characters of the line as written (the
 * words shown in a result are the photo's own, "MIGROS" for "migros").
 */

/** Characters Unicode's decomposition does not fold but people type differently. */
const special: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ς: 'σ',
  ı: 'i',
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  // Apostrophes and dashes as typed on a keyboard.
  '’': "'",
  '‘': "'",
  '–': '-',
  '—': '-',
};

const marks = /\p{M}/gu;

/** One character (code point) folded: lower case, compatibility form, no accents. */
export function foldChar(char: string): string {
  const mapped = special[char];
  if (mapped !== undefined) return mapped;
  const folded = char.normalize('NFKD').replace(marks, '').toLowerCase();
  return special[folded] ?? folded;
}

/** `text` folded for indexing and matching (see [Note: Folded text]). */
export function foldText(text: string): string {
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}

/**
 * `text` folded, with for each folded UTF-16 position the index of the character of `text` it
 * came from (and one past the end), to map a match back to the text as written.
 */
export function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let at = 0;
  for (const char of text) {
    const piece = foldChar(char);
    for (let i = 0; i < piece.length; i++) origin.push(at);
    folded += piece;
    at += char.length;
  }
  origin.push(at);
  return { folded, origin };
}

/** How many characters (code points, what the trigram tokenizer counts) `text` has. */
export function charCount(text: string): number {
  return Array.from(text).length;
}
