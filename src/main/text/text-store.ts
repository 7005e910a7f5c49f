/**
 * @file The text read in photos, in the library database: the only SQL that reads or writes
 * `photo_text` and its index (schema 13).
 *
 * [Note: Text store]
 * One row per photo read: its lines as JSON (the shape of src/shared/text-schemas.ts, boxes
 * and words kept for the viewer), the engine that read them, and the lines folded for search
 * ([Note: Folded text]) with an FTS5 trigram index over them. No row means not read yet; an
 * empty list means read, no text. Saving replaces a photo's text in one statement, so a reader
 * never sees half of it; removing a photo removes its text (foreign key cascade, and the
 * index follows through triggers).
 *
 * Text is derived data (ARCHITECTURE §2b): never journaled, re-read by the text stage when a
 * rebuilt or restored library lacks it. Database recovery ([Note: Database recovery]) judges
 * the whole file by `quick_check`, which does not look inside an FTS index; a damaged index
 * shows up only when queried (SQLITE_CORRUPT_VTAB). That must not cost the user their library,
 * so the store rebuilds the index from `photo_text` itself and asks again (`repairing`), and
 * never lets the error reach the recovery path.
 */
import type Database from 'better-sqlite3';
import { AppFailure } from '../../shared/result';
import { textLineSchema, type TextLine } from '../../shared/text-schemas';
import { all, get, run, sql, type SqlFragment } from '../db/sql';
import { charCount, foldText } from './text-fold';
import { matchedWords, type TextTerm } from './text-terms';

/** A photo's text as stored. */
export interface PhotoText {
  engine: string;
  lines: TextLine[];
  readAt: string;
}

const lineList = textLineSchema.array().max(10_000);

/** LIKE pattern matching `value` literally anywhere. */
const contains = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An FTS5 string: the value as one phrase (for trigrams: the substring). */
const phrase = (value: string) => `"${value.replace(/"/g, '""')}"`;

/**
 * The condition over `photos p` that the photo's text contains `term` (anywhere; a
 * word-start term is checked in its lines afterwards). Trigrams need three characters: a
 * shorter term reads the folded text itself.
 */
export function textCondition(term: TextTerm): SqlFragment {
  return charCount(term.folded) >= 3
    ? sql`p.id IN (SELECT rowid FROM photo_text_index WHERE photo_text_index MATCH ${phrase(term.folded)})`
    : sql`EXISTS (SELECT 1 FROM photo_text pt WHERE pt.photo_id = p.id AND pt.folded LIKE ${contains(term.folded)} ESCAPE '\\')`;
}

const isIndexDamage = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CORRUPT');
};

export class TextStore {
  constructor(readonly db: Database.Database) {}

  /**
   * Stores what `engine` read in a photo, replacing whatever it had (atomically). Lines that do
   * not fit the shared schema are refused with the reason; nothing is stored then.
   */
  save(photoId: number, engine: string, lines: readonly TextLine[]): void {
    const checked = lineList.safeParse(lines);
    if (!checked.success) {
      throw new AppFailure(
        'invalid-argument',
        `The text read in photo ${String(photoId)} is malformed: ${checked.error.issues[0]?.message ?? 'invalid'}.`,
      );
    }
    const clean = checked.data.map((l) => ({ ...l, text: l.text.normalize('NFC') }));
    run(
      this.db,
      sql`INSERT INTO photo_text (photo_id, engine, lines, folded, read_at)
          VALUES (${photoId}, ${engine}, ${JSON.stringify(clean)},
                  ${clean.map((l) => foldText(l.text)).join('\n')}, ${new Date().toISOString()})
          ON CONFLICT (photo_id) DO UPDATE SET engine = excluded.engine, lines = excluded.lines,
            folded = excluded.folded, read_at = excluded.read_at`,
    );
  }

  /** A photo's text, or null when it has not been read yet. */
  linesOf(photoId: number): PhotoText | null {
    const row = get<{ engine: string; lines: string; readAt: string }>(
      this.db,
      sql`SELECT engine, lines, read_at AS readAt FROM photo_text WHERE photo_id = ${photoId}`,
    );
    return row
      ? { engine: row.engine, lines: JSON.parse(row.lines) as TextLine[], readAt: row.readAt }
      : null;
  }

  /**
   * The photos among `where` (over `photos p`) whose text holds any of `terms`, each with the
   * terms it holds (by index in `terms`) and the words that matched, as written.
   */
  find(
    terms: readonly TextTerm[],
    where: SqlFragment = sql`1`,
  ): Map<number, { terms: Set<number>; words: string[] }> {
    const found = new Map<number, { terms: Set<number>; words: string[] }>();
    terms.forEach((term, index) => {
      const rows = this.repairing(() =>
        all<{ id: number; lines: string }>(
          this.db,
          sql`SELECT p.id, pt.lines FROM photos p JOIN photo_text pt ON pt.photo_id = p.id
               WHERE ${textCondition(term)} AND ${where}`,
        ),
      );
      for (const row of rows) {
        const words = (JSON.parse(row.lines) as TextLine[]).flatMap((l) =>
          matchedWords(l.text, term),
        );
        if (words.length === 0) continue; // not at a word's start
        const entry = found.get(row.id) ?? { terms: new Set<number>(), words: [] };
        entry.terms.add(index);
        for (const w of words) if (!entry.words.includes(w)) entry.words.push(w);
        found.set(row.id, entry);
      }
    });
    return found;
  }

  /** How many photos have been read, and how many of them have text. */
  counts(): { read: number; withText: number } {
    return (
      get<{ read: number; withText: number }>(
        this.db,
        sql`SELECT count(*) AS read, coalesce(sum(lines <> '[]'), 0) AS withText FROM photo_text`,
      ) ?? { read: 0, withText: 0 }
    );
  }

  /**
   * Runs `query`; when the FTS index turns out damaged, rebuilds it from `photo_text` and runs
   * it again (see [Note: Text store]).
   */
  repairing<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      if (!isIndexDamage(error)) throw error;
      console.warn('[text] the text index was damaged; rebuilding it from the stored text');
      this.rebuildIndex();
      return query();
    }
  }

  /** Builds the search index again from the stored text. */
  rebuildIndex(): void {
    this.db.exec(`INSERT INTO photo_text_index (photo_text_index) VALUES ('rebuild')`);
  }
}
