/**
 * @file Completing a person's name in the search box: "Strand an" → "Strand Anna". Compared
 * folded as the core compares names ([Note: Person names in queries]), so "zo" completes
 * "Zoë" and "ｱﾝ" completes "アンナ". Pure, for the search bar and its unit test.
 */
import { foldName } from '../shared/fold-name';

/** Characters of scripts written without spaces: a name may start at any of them. */
const unspaced = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]/u;

/**
 * The query with its end completed to each person's name that the end begins (at the start
 * of the name or of one of its words), longest typed part first; the names already complete
 * in the query are not offered again. At most `limit`.
 */
export function completePersons(query: string, names: readonly string[], limit = 5): string[] {
  const starts: number[] = [];
  for (let i = 0; i < query.length; i++) {
    const before = query[i - 1];
    const here = query[i] ?? '';
    if (/\s/u.test(here)) continue;
    if (before === undefined || /\s/u.test(before) || unspaced.test(here)) starts.push(i);
  }
  const out: string[] = [];
  for (const name of names) {
    const folded = foldName(name);
    if (folded === '') continue;
    for (const i of starts) {
      const typed = foldName(query.slice(i));
      if (typed === '' || typed === folded) continue;
      const begins =
        folded.startsWith(typed) || folded.split(' ').some((word) => word.startsWith(typed));
      if (begins) {
        out.push(`${query.slice(0, i)}${name}`);
        break;
      }
    }
  }
  return [...new Set(out)].slice(0, limit);
}
