/**
 * @file Search recall for `npm run bench:text`: of the words of a photo's ground truth, the
 * share that the app's own text search finds the photo by, once its lines are saved as the text
 * stage saves them ([Note: Text store]) — the real library schema, FTS5 trigram index and
 * folding ([Note: Folded text]), each word typed as a user would (`freeTerms`, [Note: Text in
 * search]). Words search leaves to the meaning search (under 3 characters) are not counted;
 * scripts written without spaces (Chinese, Japanese, Thai) are searched by each two characters
 * in turn (東京, 京駅). A photo the first look sends on saves no lines, as in the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryDatabase } from '../src/main/db/library-database';
import { sql } from '../src/main/db/sql';
import { TextStore } from '../src/main/text/text-store';
import { freeTerms, unspaced } from '../src/main/text/text-terms';
import type { TextLine } from '../src/shared/text-schemas';

/**
 * The queries a user might type for `truth`: its words, or in scripts written without spaces
 * (text-terms.ts) each two characters in turn.
 */
function queriesOf(truth: string): string[] {
  const queries = new Set<string>();
  for (const token of truth.split(/\s+/)) {
    const chars = Array.from(token);
    if (chars.some((c) => unspaced.test(c))) {
      for (let i = 0; i + 1 < chars.length; i++) {
        const pair = `${chars[i] ?? ''}${chars[i + 1] ?? ''}`;
        if (Array.from(pair).every((c) => unspaced.test(c))) queries.add(pair);
      }
    } else if (token !== '') {
      queries.add(token);
    }
  }
  return [...queries].filter((q) => freeTerms(q).length > 0);
}

export class SearchRecall {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-text-recall-'));
  private readonly database = LibraryDatabase.open(path.join(this.dir, 'library.db'));
  private readonly store = new TextStore(this.database.db);
  private readonly insert = this.database.db.prepare(
    "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, 1, 'jpeg', 'ready', 'now')",
  );
  private next = 0;

  /**
   * Saves `lines` as one photo's text and answers the share of `truth`'s queries that find it;
   * null when search would look for none of its words (all under 3 characters).
   */
  recall(truth: string, lines: TextLine[]): number | null {
    const id = Number(this.insert.run(`p${String(this.next++)}`).lastInsertRowid);
    this.store.save(id, 'bench', lines);
    const queries = queriesOf(truth);
    if (queries.length === 0) return null;
    const found = queries.filter((q) => {
      const terms = freeTerms(q);
      const hit = this.store.find(terms, sql`p.id = ${id}`, { words: false }).get(id);
      return hit !== undefined && hit.terms.size === terms.length;
    });
    return found.length / queries.length;
  }

  close(): void {
    this.database.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
