/**
 * @file The library's person names found in a search query, in any language and script.
 *
 * [Note: Person names in queries]
 * A person named in the library is a filter, typed like any word: "Anna Strand 2019" is the
 * person Anna, the date 2019 and the meaning "Strand"; `person:anna` and `person:"Anna Maria"`
 * say it explicitly (query-parser.ts, [Note: Query filters]). Only names the user gave to
 * persons are looked for, so a name that is also a word ("Rose", "Strand", "海") is a person
 * exactly when the library has such a person — which is the point of typing it. Hidden
 * persons are not found in plain text (hiding says "don't show me them"), but `person:` still
 * reaches them.
 *
 * Names and query are compared folded (src/shared/fold-name.ts: NFKC, case fold, accents
 * stripped, hyphens and middle dots as spaces), so "zoe" finds "Zoë", "jean luc" "Jean-Luc" and
 * half-width "ｱﾝﾅ" "アンナ". In scripts written with spaces a name matches whole words only
 * ("Ben" is not in "Benz", "Anna" not in "Annabel"); in scripts written without them (Han,
 * kana, Thai) a name is found inside the text ("アンナ海" = アンナ + 海), and the spaces inside
 * such a name are optional. Longer names are matched first and a shorter one never inside a
 * longer match ("Anna Maria" over "Anna" and "Maria"). Several persons are photos with all of
 * them; the connective words between two of them ("und", "and", "et", "y", "и", "と", "和",
 * Arabic "و" even when written onto the next name: "آنا وبن") and list punctuation are
 * dropped, so "Anna und Ben" leaves no text to search by meaning. A chip's value is the
 * person's name as the user wrote it; it matches every person with that folded name
 * (two persons the user called the same are both meant).
 */
import { foldName, foldWithMap } from '../../shared/fold-name';

/** A named person, as the search sees it. */
export interface NamedPerson {
  id: number;
  name: string;
  hidden: boolean;
}

/** A person found in the text: the name to show and the typed text it replaces. */
export interface FoundPerson {
  name: string;
  text: string;
}

/** "and" and "with" in the ten UI languages (folded), dropped between two persons. */
const connectives = new Set([
  ...['and', 'with', 'und', 'mit', 'et', 'avec', 'y', 'e', 'con', 'ed', 'com'],
  ...['и', 'с', 'со', 'と', 'や', 'とか', '和', '与', '與', '跟', '及', '同', 'و', 'مع'],
]);
const listPunctuation = /[,&+、，;/]/gu;

const wordChar = /[\p{L}\p{N}]/u;
/** Scripts written without spaces between words: a name is found inside the text. */
const unspaced =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u3099\u309a\u30fc]/u;
const arabicLetter = /\p{sc=Arabic}/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Candidate {
  /** Folded-text range. */
  from: number;
  to: number;
  name: string;
  /** Written onto an Arabic "و" ("and"): a person only right after another person. */
  wa: boolean;
}

/** The pattern of a folded name: spaces between words optional where the script has none. */
function namePattern(folded: string): RegExp {
  const chars = Array.from(folded);
  let pattern = '';
  chars.forEach((c, i) => {
    if (c !== ' ') pattern += escape(c);
    else {
      const a = chars[i - 1] ?? '';
      const b = chars[i + 1] ?? '';
      pattern += unspaced.test(a) && unspaced.test(b) ? ' *' : ' +';
    }
  });
  return new RegExp(pattern, 'gu');
}

/** Whether a name may begin or end between `outside` and `inside` (see the Note). */
const boundary = (outside: string | undefined, inside: string | undefined) =>
  outside === undefined ||
  !wordChar.test(outside) ||
  unspaced.test(outside) ||
  (inside !== undefined && unspaced.test(inside));

/** The named persons of a library, ready to be found in queries and to resolve chips. */
export class PersonNames {
  /** Folded name → the name shown (the lowest id's spelling) and every person with it. */
  readonly #byFolded = new Map<string, { name: string; ids: number[]; visible: boolean }>();
  readonly #patterns: { pattern: RegExp; name: string }[] = [];

  constructor(persons: readonly NamedPerson[]) {
    for (const p of [...persons].sort((a, b) => a.id - b.id)) {
      const key = foldName(p.name);
      if (key === '') continue;
      const entry = this.#byFolded.get(key) ?? { name: p.name.trim(), ids: [], visible: false };
      entry.ids.push(p.id);
      entry.visible ||= !p.hidden;
      this.#byFolded.set(key, entry);
    }
    for (const [key, entry] of this.#byFolded)
      if (entry.visible) this.#patterns.push({ pattern: namePattern(key), name: entry.name });
  }

  /** The ids of the persons a chip's value names (none when no person has that name). */
  resolve(value: string): number[] {
    return this.#byFolded.get(foldName(value))?.ids ?? [];
  }

  /** The name as the user wrote it for a typed value ("anna" → "Anna"), or null if none. */
  canonical(value: string): string | null {
    return this.#byFolded.get(foldName(value))?.name ?? null;
  }

  /**
   * The persons named in `text`, in the order typed, and the text without them (and without
   * the connective words between them), spaces kept where something was cut out.
   */
  extract(text: string): { text: string; found: FoundPerson[] } {
    if (this.#patterns.length === 0) return { text, found: [] };
    const { folded, start, end } = foldWithMap(text);
    const accepted = choose(this.#candidates(folded), folded);
    if (accepted.length === 0) return { text, found: [] };
    const range = (c: Candidate) => ({
      from: start[c.from] ?? 0,
      to: end[c.to - 1] ?? text.length,
    });
    const cuts = accepted.map(range);
    // Connectives and list punctuation between two persons go with them.
    for (let i = 1; i < cuts.length; i++) {
      const a = cuts[i - 1];
      const b = cuts[i];
      if (!a || !b) continue;
      const gap = text.slice(a.to, b.from).replace(listPunctuation, ' ');
      const words = foldName(gap).split(' ').filter(Boolean);
      if (words.every((w) => connectives.has(w))) b.from = a.to;
    }
    let rest = '';
    let at = 0;
    for (const c of cuts) {
      rest += `${text.slice(at, c.from)} `;
      at = c.to;
    }
    rest += text.slice(at);
    return {
      text: rest,
      found: accepted.map((c) => {
        const r = range(c);
        return { name: c.name, text: text.slice(r.from, r.to).replace(/^و/u, '').trim() };
      }),
    };
  }

  #candidates(folded: string): Candidate[] {
    const found: Candidate[] = [];
    for (const { pattern, name } of this.#patterns) {
      for (const m of folded.matchAll(pattern)) {
        const from = m.index;
        const to = from + m[0].length;
        const first = folded[from];
        if (!boundary(folded[to], folded[to - 1])) continue;
        if (boundary(folded[from - 1], first)) found.push({ from, to, name, wa: false });
        else if (
          folded[from - 1] === 'و' &&
          first !== undefined &&
          arabicLetter.test(first) &&
          boundary(folded[from - 2], 'و')
        )
          found.push({ from: from - 1, to, name, wa: true });
      }
    }
    return found;
  }
}

/**
 * Longest names first, never overlapping; a name written onto "و" only when a person ends
 * right before it (repeated: "آنا وبن وسارة"). In the order typed.
 */
function choose(candidates: Candidate[], folded: string): Candidate[] {
  const accepted: Candidate[] = [];
  const free = (c: Candidate) => accepted.every((a) => c.to <= a.from || c.from >= a.to);
  const byLength = [...candidates].sort(
    (a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from,
  );
  for (const c of byLength) if (!c.wa && free(c)) accepted.push(c);
  for (let added = true; added;) {
    added = false;
    for (const c of byLength) {
      if (!c.wa || !free(c)) continue;
      const after = accepted.some(
        (a) => a.to <= c.from && folded.slice(a.to, c.from).trim() === '',
      );
      if (after) {
        accepted.push(c);
        added = true;
      }
    }
  }
  return accepted.sort((a, b) => a.from - b.from);
}
