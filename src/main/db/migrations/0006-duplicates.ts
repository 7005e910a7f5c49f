/**
 * @file Schema 6: trustworthy duplicates (see [Note: Near-duplicates]). Photos gain a DCT
 * perceptual hash (filled at ingest; photos ingested before get theirs from the grid
 * thumbnail the first time duplicates are listed). The user's "not duplicates" answers are
 * kept, and so are the extra copies of a file the headless host marked for deletion.
 */
import type { Migration } from '../migration';

export const migration0006: Migration = {
  version: 6,
  name: 'duplicates',
  up(db) {
    db.exec(`
      ALTER TABLE photos ADD COLUMN phash TEXT; -- DCT perceptual hash (hex), for near-duplicates

      -- "Not duplicates": a pair of photos (photo_a < photo_b, files = ''), or one photo's set of
      -- files (photo_a = photo_b, files = the sorted paths as JSON) the user said to leave alone.
      CREATE TABLE duplicate_dismissals (
        photo_a      INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        photo_b      INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        files        TEXT NOT NULL DEFAULT '',
        dismissed_at TEXT NOT NULL,
        PRIMARY KEY (photo_a, photo_b, files)
      ) STRICT;

      -- Extra copies of a file the headless host marked for deletion (it deletes nothing).
      CREATE TABLE marked_files (
        path      TEXT PRIMARY KEY,
        marked_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
