/**
 * @file Splits a search query into filters and the text whose meaning is searched.
 *
 * [Note: Query filters]
 * `key:value` tokens (`camera:pixel`, `tag:beach`, `in:Holidays`, `type:heic`, `text:wifi`;
 * quote values with spaces) and one date or date range are taken out of the query; what is left is
 * embedded. Dates are recognised in the languages Fotoglot ships: years ("2019"), months
 * with a year in any of them ("im Juli 2021", "juillet 2021", "2019年8月"), seasons and
 * Christmas/New Year with a year or "last" ("summer 2021", "letzten Sommer", "last
 * Christmas"), and everything chrono-node's locale parsers understand ("yesterday",
 * "24. Dezember 2019", "March 2020 to May 2020", "أمس", "الأسبوع الماضي"), with Arabic-Indic
 * digits as well as ASCII ones ("يوليو ٢٠٢١"). A bare season or holiday ("christmas") stays
 * in the text: it is also what a photo looks like. Each filter comes back as a chip the UI
 * shows and the user can remove; chips sent back with a query are applied as they are.
 * The library's person names come out before dates (see [Note: Person names in queries]).
 */
import * as chrono from 'chrono-node';
import type { SearchChip } from '../../shared/search-schemas';
import { datePrepositions, holidayWords, lastWords, monthWords, seasonWords } from './date-words';
import { PersonNames } from './person-names';
import { PlaceNames } from './place-names';

export interface ParsedQuery {
  /** What is left to embed (may be empty: then results are listed by date, not ranked). */
  text: string;
  chips: SearchChip[];
}

interface DateMatch {
  index: number;
  length: number;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${String(date.getUTCFullYear())}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
/** Word boundary that works for Cyrillic and accented letters too. */
const before = '(?<![\\p{L}\\p{N}])';
const after = '(?![\\p{L}\\p{N}])';

const monthIndex = new Map(monthWords.flatMap((words, i) => words.map((w) => [w, i + 1])));
const monthRe = new RegExp(
  `${before}(${alternation([...monthIndex.keys()])})\\.?\\s+(?:(?:de|del|of)\\s+)?(\\d{4})${after}`,
  'iu',
);
const lastRe = alternation(lastWords);
const periodRe = alternation([...Object.keys(seasonWords), ...Object.keys(holidayWords)]);
const periodWithYearRe = new RegExp(
  `${before}(${periodRe})\\s+(?:(?:of|de|del|di|von)\\s+)?(\\d{4})${after}`,
  'iu',
);
const lastPeriodRe = new RegExp(
  // "l'été dernier": the elided article belongs to the date.
  `${before}(?:l['’])?(?:(?:${lastRe})\\s+(${periodRe})|(${periodRe})\\s+(?:${lastRe}))${after}`,
  'iu',
);
const cjkMonthRe = /(\d{4})\s*年\s*(\d{1,2})\s*月/u;
const cjkSeasonRe = /(\d{4})\s*年\s*の?\s*(春|夏|秋|冬)(?:天|季)?/u;
const cjkYearRe = /(\d{4})\s*年/u;
const yearRe = new RegExp(`${before}((?:19|20)\\d{2})${after}`, 'u');

/** The range of a season or holiday in `year` (winter runs into the next year). */
function periodRange(word: string, year: number): { from: string; to: string } {
  const key = word.toLowerCase();
  const season = seasonWords[key];
  if (season) return { from: day(year, season[0], 1), to: day(year, season[0] + season[1], 1) };
  const [month, first, days] = holidayWords[key] ?? [1, 1, 1];
  return { from: day(year, month, first), to: day(year, month, first + days) };
}

/** The last such period that had started before `now` and is not the one running now. */
function lastPeriod(word: string, now: Date): { from: string; to: string } {
  const today = day(now.getFullYear(), now.getMonth() + 1, now.getDate());
  for (let year = now.getFullYear(); ; year--) {
    const range = periodRange(word, year);
    if (range.to <= today) return range;
  }
}

function ourDate(text: string, now: Date): DateMatch | null {
  const at = (m: RegExpExecArray, from: string, to: string): DateMatch => ({
    index: m.index,
    length: m[0].length,
    from,
    to,
  });
  let m = cjkMonthRe.exec(text);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo >= 1 && mo <= 12) return at(m, day(y, mo, 1), day(y, mo + 1, 1));
  }
  m = cjkSeasonRe.exec(text);
  if (m)
    return at(m, ...(Object.values(periodRange(m[2] ?? '', Number(m[1]))) as [string, string]));
  m = monthRe.exec(text);
  if (m) {
    const month = monthIndex.get((m[1] ?? '').toLowerCase()) ?? 1;
    const y = Number(m[2]);
    return at(m, day(y, month, 1), day(y, month + 1, 1));
  }
  m = periodWithYearRe.exec(text);
  if (m) {
    const range = periodRange(m[1] ?? '', Number(m[2]));
    return at(m, range.from, range.to);
  }
  m = lastPeriodRe.exec(text);
  if (m) {
    const range = lastPeriod(m[1] ?? m[2] ?? '', now);
    return at(m, range.from, range.to);
  }
  m = cjkYearRe.exec(text) ?? yearRe.exec(text);
  if (m) {
    const y = Number(m[1]);
    return at(m, day(y, 1, 1), day(y + 1, 1, 1));
  }
  return null;
}

const chronoLocales = [
  chrono.en,
  chrono.de,
  chrono.fr,
  chrono.es,
  chrono.it,
  chrono.pt,
  chrono.ru,
  chrono.nl,
  chrono.ja,
  chrono.zh,
  chrono.ar,
];

/** Whatever chrono-node's parsers find, if it names a year or a day (a bare "July" is meaning). */
function chronoDate(text: string, now: Date): DateMatch | null {
  let best: chrono.ParsedResult | null = null;
  for (const locale of chronoLocales) {
    for (const result of locale.parse(text, now)) {
      const known = result.start.isCertain('year') || result.start.isCertain('day');
      if (known && (!best || result.text.length > best.text.length)) best = result;
    }
  }
  if (!best) return null;
  const range = (c: chrono.ParsedComponents, end: boolean) => {
    const y = c.get('year') ?? now.getFullYear();
    const mo = c.get('month') ?? 1;
    const d = c.get('day') ?? 1;
    if (!c.isCertain('month')) return end ? day(y + 1, 1, 1) : day(y, 1, 1);
    if (!c.isCertain('day')) return end ? day(y, mo + 1, 1) : day(y, mo, 1);
    return end ? day(y, mo, d + 1) : day(y, mo, d);
  };
  return {
    index: best.index,
    length: best.text.length,
    from: range(best.start, false),
    to: range(best.end ?? best.start, true),
  };
}

const keyValueRe =
  /(?<![\p{L}\p{N}])(camera|cam|tag|in|folder|type|person|place|text):(?:"([^"]*)"|(\S+))/giu;
const chipKinds: Record<string, SearchChip['kind']> = {
  camera: 'camera',
  cam: 'camera',
  tag: 'tag',
  in: 'folder',
  folder: 'folder',
  type: 'type',
  person: 'person',
  place: 'place',
  text: 'text',
};

// Up to two words: "في عام 2019" ("in the year 2019").
const prepositionRe = new RegExp(
  `${before}(?:(?:${alternation(datePrepositions)})\\s+){1,2}$`,
  'iu',
);

/**
 * `text` with Arabic-Indic and Persian digits as ASCII ones ("٢٠١٩" → "2019"), one character
 * for one, so positions found in it are positions in `text`.
 */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/gu, (d) =>
    String((d.codePointAt(0) ?? 0) & 0xf),
  );
}

const noPersons = new PersonNames([]);
const noPlaces = new PlaceNames([]);

/**
 * The filters in `query` as chips and the text left to search by meaning; `persons` are the
 * library's named persons, found by name (see [Note: Person names in queries]); `places` the
 * places it has photos of (see [Note: Place names in queries]).
 */
export function parseQuery(
  query: string,
  now: Date = new Date(),
  persons: PersonNames = noPersons,
  places: PlaceNames = noPlaces,
): ParsedQuery {
  const chips: SearchChip[] = [];
  let text = query
    .normalize('NFC')
    .replace(keyValueRe, (whole, key: string, quoted?: string, bare?: string) => {
      let value = (quoted ?? bare ?? '').trim();
      const kind = chipKinds[key.toLowerCase()];
      if (!kind || value === '') return whole;
      if (kind === 'person') value = persons.canonical(value) ?? value;
      if (kind === 'place') {
        // An unknown place stays a chip that matches nothing, as an unknown person does.
        const place = places.resolve(value);
        chips.push(
          place
            ? { kind, value: place.key, label: place.label, text: whole.trim() }
            : { kind, value, text: whole.trim() },
        );
        return ' ';
      }
      chips.push({ kind, value, text: whole.trim() });
      return ' ';
    });
  const named = persons.extract(text);
  text = named.text;
  for (const p of named.found) chips.push({ kind: 'person', value: p.name, text: p.text });
  const placed = places.extract(text);
  text = placed.text;
  for (const p of placed.found)
    chips.push({ kind: 'place', value: p.key, label: p.label, text: p.text });
  // The longer reading wins: "24 December 2019" over "December 2019", a range over its start.
  const scan = asciiDigits(text);
  const found = [ourDate(scan, now), chronoDate(scan, now)].filter((d) => d !== null);
  const date = found.sort((a, b) => b.length - a.length)[0];
  if (date) {
    let start = date.index;
    const preposition = prepositionRe.exec(scan.slice(0, start));
    if (preposition) start = preposition.index;
    chips.push({
      kind: 'date',
      value: `${date.from}..${date.to}`,
      text: text.slice(start, date.index + date.length).trim(),
    });
    text = `${text.slice(0, start)} ${text.slice(date.index + date.length)}`;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), chips };
}

/**
 * Parses sample queries twice, so V8 has compiled chrono-node's regular expressions: it
 * interprets a regex on its first use and compiles it to machine code on the second, which
 * took the first two searches of a process about 0.1 s and 0.4 s of one core longer (measured
 * with the 11 locales above); every later parse takes under a millisecond. For hosts that stay up
 * (serve, the desktop app), right after they start.
 */
export function warmQueryParser(): void {
  for (let round = 0; round < 2; round++)
    for (const sample of ['a scene', 'Strand 24. Dezember 2019', '猫 2019年']) parseQuery(sample);
}

/** A date chip's value as an inclusive start and exclusive end day, or null when malformed. */
export function dateRange(value: string): { from: string; to: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
  return m?.[1] && m[2] && m[1] < m[2] ? { from: m[1], to: m[2] } : null;
}
