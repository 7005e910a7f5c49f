/**
 * @file Schema 8: dates the user decided ([Note: User dates]) and EXIF dates set aside as
 * implausible ([Note: Implausible capture dates]). Photos an older version dated in the future
 * or before 1900 get their file time now, with the camera's value kept, as ingest does from now on.
 */
import type { Migration } from '../migration';

const dayMs = 24 * 60 * 60 * 1000;

/** A file time as this machine's wall-clock time (what ingest stores for undated photos). */
function localOf(ms: number): { local: string; offset: number } {
  const offset = -new Date(ms).getTimezoneOffset();
  return { local: new Date(ms + offset * 60_000).toISOString().slice(0, 19), offset };
}

export const migration0008: Migration = {
  version: 8,
  name: 'user-dates',
  up(db) {
    db.exec(`
      ALTER TABLE photos ADD COLUMN ignored_date TEXT;     -- an implausible EXIF date, as read
      ALTER TABLE photos ADD COLUMN user_captured_at TEXT; -- the date the user set; wins over EXIF
    `);
    // Written once here, frozen with this migration: the rule as ingest applies it today.
    const implausible = db
      .prepare<[string, number], { id: number; captured_at: string; mtime_ms: number | null }>(
        `SELECT p.id, p.captured_at,
                (SELECT f.mtime_ms FROM files f WHERE f.photo_id = p.id ORDER BY f.id LIMIT 1) AS mtime_ms
           FROM photos p
          WHERE p.captured_at IS NOT NULL AND p.captured_at_source != 'file'
            AND (p.captured_at < ? OR p.captured_at_utc > ?)`,
      )
      .all('1900', Date.now() + dayMs);
    const update = db.prepare(
      `UPDATE photos SET ignored_date = ?, captured_at = ?, captured_at_utc = ?,
              tz_offset_minutes = ?, captured_at_source = 'file' WHERE id = ?`,
    );
    for (const row of implausible) {
      if (row.mtime_ms === null) continue;
      const { local, offset } = localOf(row.mtime_ms);
      update.run(row.captured_at, local, row.mtime_ms, offset, row.id);
    }
  },
};
