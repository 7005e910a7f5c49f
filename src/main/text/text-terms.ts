/**
 * @file What of a query is looked for in photos' text, and the words of a photo that matched
 * (see [Note: Text in search]).
 */
import { charCount, foldText, foldWithMap } from './text-fold';

/** One thing to find in photos' text. */
export interface TextTerm {
  /** As typed (for the UI). */
  text: string;
  /** Folded ([Note: Folded text]). */
  folded: string;
  /**
   * Where it may match: `anywhere` (a `text:` value, a quoted phrase, scripts written without
   * spaces) or at the start of a word (a free word of an alphabetic script).
   */
  at: 'anywhere' | 'word-start';
}

/** Scripts written without spaces between words: a word may start anywhere. */
export const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const wordChar = /[\p{L}\p{N}]/u;

/** A `text:` value: matched anywhere, whatever its length. */
export function exactTerm(value: string): TextTerm | null {
  const folded = foldText(value.trim()).replace(/\s+/g, ' ');
  return folded === '' ? null : { text: value.trim(), folded, at: 'anywhere' };
}

/**
 * The terms of the free text of a query: quoted phrases whole, other words one by one. Words
 * too short to mean anything on their own (under 3 characters; under 2 in scripts without
 * spaces) are left to the meaning search: "a", "of", "в" would find every receipt.
 */
export function freeTerms(text: string): TextTerm[] {
  const terms: TextTerm[] = [];
  const rest = text.replace(
    /"([^"]+)"|“([^”]+)”|„([^“”]+)[“”]|«([^»]+)»|「([^」]+)」/gu,
    (...m) => {
      const phrase = [m[1], m[2], m[3], m[4], m[5]].find((g): g is string => typeof g === 'string');
      const term = phrase ? exactTerm(phrase) : null;
      if (term) terms.push(term);
      return ' ';
    },
  );
  for (const word of rest.split(/[\s,;:!?()[\]{}"]+/u)) {
    const folded = foldText(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const short = unspaced.test(folded) ? folded.length < 2 : charCount(folded) < 3;
    if (short || terms.some((t) => t.folded === folded)) continue;
    terms.push({ text: word, folded, at: unspaced.test(folded) ? 'anywhere' : 'word-start' });
  }
  return terms;
}

/**
 * Where `term` occurs in `line` (as written), as the words of the line it falls in: the
 * photo's own spelling ("MIGROS" for "migros"), whole words in spaced scripts, the match
 * itself in unspaced ones. Empty when it does not occur (or not at a word's start).
 */
export function matchedWords(line: string, term: TextTerm): string[] {
  const { folded, origin } = foldWithMap(line);
  const found: string[] = [];
  for (let at = folded.indexOf(term.folded); at >= 0; at = folded.indexOf(term.folded, at + 1)) {
    let start = origin[at] ?? 0;
    let end = origin[at + term.folded.length] ?? line.length;
    const before = line[start - 1] ?? '';
    if (term.at === 'word-start' && wordChar.test(before) && !unspaced.test(before)) continue;
    // Widen to the whole word the match falls in (never across an unspaced script).
    const widen = (c: string) => wordChar.test(c) && !unspaced.test(c);
    while (start > 0 && widen(line[start - 1] ?? '') && end - start < 40) start--;
    while (end < line.length && widen(line[end] ?? '') && end - start < 40) end++;
    found.push(line.slice(start, end));
  }
  return found;
}

/** Whether `term` occurs in `folded` (a photo's folded text) where it may match. */
export function startsWord(folded: string, term: TextTerm): boolean {
  for (let at = folded.indexOf(term.folded); at >= 0; at = folded.indexOf(term.folded, at + 1)) {
    const before = folded[at - 1] ?? '';
    if (term.at === 'anywhere' || !wordChar.test(before) || unspaced.test(before)) return true;
  }
  return false;
}
