/**
 * @file Person names folded for comparison: the same name however it is typed (case,
 * accents, full- or half-width, hyphen or space), the core and the search box alike. See
 * [Note: Person names in queries].
 */

/** Kana voicing marks carry meaning (ベン is not ヘン): the only marks kept. */
const kept = /[\u3099\u309a]/u;
/** Joiners inside names that people type as a space ("Jean-Luc", "アンナ・マリア"). */
const joiners = /[-\u2010-\u2015_\u30fb\u00b7\s]/gu;
const apostrophes = /[\u2018\u2019\u02bc`\u00b4]/gu;

/**
 * One character (with its combining marks) folded: NFKC (width, ligatures), a full case
 * fold ("ß" = "ss", "ẞ" = "ss", "ς" = "σ"), marks stripped but kana voicing, joiners as a
 * space. May be empty (a lone mark) or longer than its input ("ß").
 */
function foldCluster(cluster: string): string {
  return cluster
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, (m) => (kept.test(m) ? m : ''))
    .replace(joiners, ' ')
    .replace(apostrophes, "'");
}

/** `text` folded, with where each folded UTF-16 unit came from in `text` ([start, end)). */
export interface FoldedText {
  folded: string;
  start: number[];
  end: number[];
}

/** Folds `text`, remembering for every folded unit the range of `text` it came from. */
export function foldWithMap(text: string): FoldedText {
  let folded = '';
  const start: number[] = [];
  const end: number[] = [];
  for (const m of text.matchAll(/[\s\S]\p{M}*/gu)) {
    // Plain ASCII letters and digits fold to themselves, lower-cased (most names, quickly).
    const out = /^[A-Za-z0-9]$/.test(m[0]) ? m[0].toLowerCase() : foldCluster(m[0]);
    folded += out;
    for (let i = 0; i < out.length; i++) {
      start.push(m.index);
      end.push(m.index + m[0].length);
    }
  }
  return { folded, start, end };
}

/** A name as compared: folded, joiners and runs of spaces as one space, trimmed. */
export function foldName(name: string): string {
  return foldWithMap(name).folded.replace(/ +/g, ' ').trim();
}
