/**
 * @file Problems: files the library found but cannot use, one row per path with the reason,
 * recorded by every stage that can fail on a file (scan, ingest, embedding, XMP sidecars).
 */
import type Database from 'better-sqlite3';
import type { Row } from '../db/rows';
import { all, run, sql } from '../db/sql';
import type { ProblemCode } from './ingest-problem';

export interface ProblemRow {
  path: string;
  folderId: number;
  code: ProblemCode;
  reason: string;
  detectedAt: string;
}

const now = () => new Date().toISOString();

/** Records (or updates) why a file is not usable; shared by every stage that can fail on a file. */
export function recordProblem(
  db: Database.Database,
  folderId: number,
  file: string,
  code: ProblemCode,
  reason: string,
): void {
  run(
    db,
    sql`INSERT INTO problems (path, folder_id, code, reason, detected_at)
        VALUES (${file}, ${folderId}, ${code}, ${reason}, ${now()})
        ON CONFLICT (path) DO UPDATE SET code = excluded.code, reason = excluded.reason,
          detected_at = excluded.detected_at, folder_id = excluded.folder_id`,
  );
}

/** The library's problems: recorded, forgotten when their file is fixed, listed. */
export class ProblemStore {
  readonly #forget;

  constructor(private readonly db: Database.Database) {
    // Prepared once: the scan forgets a problem for every file it records.
    this.#forget = db.prepare<[string]>('DELETE FROM problems WHERE path = ?');
  }

  record(folderId: number, file: string, code: ProblemCode, reason: string): void {
    recordProblem(this.db, folderId, file, code, reason);
  }

  /** The file is usable again (or gone): its problem, if any, is no longer one. */
  forget(file: string): void {
    this.#forget.run(file);
  }

  /**
   * Drops problems of a folder that the scan started at `since` did not report again (the
   * file was fixed or removed). Decode failures stay while their file is unchanged: the scan
   * does not re-read unchanged files, so it cannot re-report them.
   */
  clearStale(folderId: number, since: string): void {
    run(
      this.db,
      sql`DELETE FROM problems WHERE folder_id = ${folderId} AND detected_at < ${since} AND path NOT IN
            (SELECT f.path FROM files f JOIN photos p ON p.id = f.photo_id WHERE p.state = 'failed' AND f.missing = 0)`,
    );
  }

  /** Every problem in the library's folders (not in removed ones: [Note: Removed folders]), by path. */
  all(): ProblemRow[] {
    return all<Row<'problems'>>(
      this.db,
      sql`SELECT * FROM problems WHERE folder_id IN (SELECT id FROM folders WHERE removed_at IS NULL)
           ORDER BY path`,
    ).map((r) => ({
      path: r.path,
      folderId: r.folder_id,
      code: r.code,
      reason: r.reason,
      detectedAt: r.detected_at,
    }));
  }
}
