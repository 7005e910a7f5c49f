/**
 * @file What the user decided about duplicates, kept in the library database: photos that are
 * "not duplicates" of each other, one photo's files to leave be, and the extra copies the
 * headless host marked for deletion (see [Note: Near-duplicates]).
 */
import type Database from 'better-sqlite3';
import type { Row } from '../db/rows';
import { all, sql } from '../db/sql';
import { pairKey } from './duplicate-pairs';

/** The user tag the headless host puts on photos chosen for deletion (it deletes nothing). */
export const markedForDeletion = 'marked-for-deletion';

const now = () => new Date().toISOString();

/** The JSON a set of paths is stored as: sorted, so the same set is the same text. */
const fileSetText = (paths: readonly string[]) => JSON.stringify([...new Set(paths)].sort());

export class DuplicateDecisions {
  constructor(private readonly db: Database.Database) {}

  /** These photos are not duplicates of one another: every pair among them is remembered. */
  dismissPhotos(photoIds: readonly number[]): void {
    const ids = [...new Set(photoIds)];
    const insert = this.db.prepare<[number, number, string]>(
      `INSERT OR IGNORE INTO duplicate_dismissals (photo_a, photo_b, files, dismissed_at)
       VALUES (?, ?, '', ?)`,
    );
    this.db.transaction(() => {
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) {
          const a = ids[i] ?? 0;
          const b = ids[j] ?? 0;
          insert.run(Math.min(a, b), Math.max(a, b), now());
        }
    })();
  }

  /** This photo's copies in these files are wanted: the set (or part of it) is not shown again. */
  dismissFiles(photoId: number, paths: readonly string[]): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO duplicate_dismissals (photo_a, photo_b, files, dismissed_at)
         VALUES (?, ?, ?, ?)`,
      )
      .run(photoId, photoId, fileSetText(paths), now());
  }

  /** Pairs of photos the user called not duplicates, by pairKey. */
  dismissedPairs(): Set<string> {
    const rows = all<Pick<Row<'duplicate_dismissals'>, 'photo_a' | 'photo_b'>>(
      this.db,
      sql`SELECT photo_a, photo_b FROM duplicate_dismissals WHERE files = ''`,
    );
    return new Set(rows.map((r) => pairKey(r.photo_a, r.photo_b)));
  }

  /** Whether the user left this photo's files (these, or more) be. */
  filesDismissed(photoId: number, paths: readonly string[]): boolean {
    const rows = all<Pick<Row<'duplicate_dismissals'>, 'files'>>(
      this.db,
      sql`SELECT files FROM duplicate_dismissals WHERE photo_a = ${photoId} AND photo_b = ${photoId}`,
    );
    return rows.some((r) => {
      const dismissed = new Set(JSON.parse(r.files) as string[]);
      return paths.every((p) => dismissed.has(p));
    });
  }

  /** The headless host marks extra copies for deletion; the user deletes them. */
  markFiles(paths: readonly string[]): void {
    const insert = this.db.prepare<[string, string]>(
      'INSERT OR IGNORE INTO marked_files (path, marked_at) VALUES (?, ?)',
    );
    this.db.transaction(() => {
      for (const p of paths) insert.run(p, now());
    })();
  }

  /**
   * Marks of files no longer on disk (the user deleted them): a new file there starts unmarked.
   * A file set aside with its folder (missing = 2) keeps its mark for an undo ([Note: Removed folders]).
   */
  forgetGoneMarks(): void {
    this.db.exec(
      'DELETE FROM marked_files WHERE path NOT IN (SELECT path FROM files WHERE missing IN (0, 2))',
    );
  }

  markedFiles(): Set<string> {
    return new Set(
      all<Pick<Row<'marked_files'>, 'path'>>(this.db, sql`SELECT path FROM marked_files`).map(
        (r) => r.path,
      ),
    );
  }
}
