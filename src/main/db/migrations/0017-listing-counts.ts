/**
 * @file Schema 17: counts kept by triggers so a filter-only listing knows its exact total at a
 * million photos without reading every photo ([Note: Listing counts], photo-listing.ts):
 * `photos.present_files`, `file_dirs.listed_files`, `listed_days`, and the partial indexes the
 * listing walks. Triggers keep them in the same transaction as the change, whoever writes it
 * (ingest, scans, moves, recovery, tests writing SQL), so a killed process never leaves them
 * wrong; filled here from the rows already there.
 */
import type { Migration } from '../migration';

/** 1 when file row `r` (OLD or NEW) is a present file of a ready photo, else 0. */
const listedFile = (r: string) =>
  `(${r}.missing = 0 AND (SELECT state FROM photos WHERE id = ${r}.photo_id) = 'ready')`;

/** Adds `sign` × a photo's present files in each of their folders to `file_dirs.listed_files`. */
const photoFilesInDirs = (photo: string, sign: string) => `
  UPDATE file_dirs SET listed_files = listed_files + ${sign} *
         (SELECT count(*) FROM files f WHERE f.photo_id = ${photo} AND f.missing = 0 AND f.dir = file_dirs.path)
   WHERE path IN (SELECT f.dir FROM files f WHERE f.photo_id = ${photo} AND f.missing = 0);`;

/**
 * Adds folder `dir` to `file_dirs` unless it is there. Not INSERT OR IGNORE nor an upsert: in a
 * trigger fired by a foreign key action (a photo deleted, a folder removed) SQLite runs the
 * trigger's statements under the action's ABORT, and the IGNORE would fail.
 */
const addDir = (dir: string) =>
  `INSERT INTO file_dirs (path) SELECT ${dir} WHERE NOT EXISTS (SELECT 1 FROM file_dirs WHERE path = ${dir});`;

/** The day a photo counts under in `listed_days` ('' without a capture time). */
const dayOf = (r: string) => `coalesce(substr(${r}.captured_at, 1, 10), '')`;
const listedPhoto = (r: string) => `(${r}.state = 'ready' AND ${r}.present_files > 0)`;

/** Counts photo row `r` in its day when it is listed (no upsert, as addDir says). */
const addDay = (r: string) => `
  INSERT INTO listed_days SELECT ${dayOf(r)}, 0
   WHERE ${listedPhoto(r)} AND NOT EXISTS (SELECT 1 FROM listed_days WHERE day = ${dayOf(r)});
  UPDATE listed_days SET photos = photos + 1 WHERE day = ${dayOf(r)} AND ${listedPhoto(r)};`;

export const migration0017: Migration = {
  version: 17,
  name: 'listing-counts',
  up(db) {
    db.exec(`
      -- A photo's files on disk (missing = 0): "is it listed" becomes a column test.
      ALTER TABLE photos ADD COLUMN present_files INTEGER NOT NULL DEFAULT 0;
      UPDATE photos SET present_files =
             (SELECT count(*) FROM files f WHERE f.photo_id = photos.id AND f.missing = 0)
       WHERE id IN (SELECT photo_id FROM files WHERE missing = 0);

      -- Per folder: its present files that belong to a ready photo. Schema 16's triggers name
      -- no column, so they are written again for the table's second one.
      ALTER TABLE file_dirs ADD COLUMN listed_files INTEGER NOT NULL DEFAULT 0;
      DROP TRIGGER file_dirs_on_insert;
      DROP TRIGGER file_dirs_on_move;
      CREATE TRIGGER file_dirs_on_insert AFTER INSERT ON files BEGIN
        ${addDir('NEW.dir')}
      END;
      CREATE TRIGGER file_dirs_on_move AFTER UPDATE OF path ON files BEGIN
        ${addDir('NEW.dir')}
      END;
      UPDATE file_dirs SET listed_files =
             (SELECT count(*) FROM files f JOIN photos p ON p.id = f.photo_id
               WHERE f.dir = file_dirs.path AND f.missing = 0 AND p.state = 'ready');

      -- Per local capture day: the listed photos (ready, with a present file).
      CREATE TABLE listed_days (
        day    TEXT PRIMARY KEY,
        photos INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO listed_days
        SELECT ${dayOf('p')}, count(*) FROM photos p WHERE ${listedPhoto('p')} GROUP BY 1;

      -- The listing's order (newest first), its date test, over listed photos only.
      CREATE INDEX photos_listed ON photos (captured_at_utc, id, captured_at)
        WHERE state = 'ready' AND present_files > 0;
      -- Listed photos with several files on disk: a folder count's correction.
      CREATE INDEX photos_copies ON photos (id) WHERE state = 'ready' AND present_files > 1;

      CREATE TRIGGER listing_file_added AFTER INSERT ON files
        WHEN NEW.missing = 0 AND NEW.photo_id IS NOT NULL BEGIN
        UPDATE photos SET present_files = present_files + 1 WHERE id = NEW.photo_id;
        ${addDir('NEW.dir')}
        UPDATE file_dirs SET listed_files = listed_files + 1
         WHERE path = NEW.dir AND ${listedFile('NEW')};
      END;
      CREATE TRIGGER listing_file_removed AFTER DELETE ON files
        WHEN OLD.missing = 0 AND OLD.photo_id IS NOT NULL BEGIN
        UPDATE photos SET present_files = present_files - 1 WHERE id = OLD.photo_id;
        UPDATE file_dirs SET listed_files = listed_files - 1
         WHERE path = OLD.dir AND ${listedFile('OLD')};
      END;
      -- Only real changes: a scan marks every file it sees (missing = 0 again).
      CREATE TRIGGER listing_file_changed AFTER UPDATE OF missing, photo_id, path ON files
        WHEN (OLD.missing IS NOT NEW.missing OR OLD.photo_id IS NOT NEW.photo_id OR OLD.path IS NOT NEW.path)
         AND ((OLD.missing = 0 AND OLD.photo_id IS NOT NULL) OR (NEW.missing = 0 AND NEW.photo_id IS NOT NULL)) BEGIN
        UPDATE file_dirs SET listed_files = listed_files - 1
         WHERE path = OLD.dir AND ${listedFile('OLD')};
        UPDATE photos SET present_files = present_files - 1 WHERE OLD.missing = 0 AND id = OLD.photo_id;
        UPDATE photos SET present_files = present_files + 1 WHERE NEW.missing = 0 AND id = NEW.photo_id;
        ${addDir('NEW.dir')}
        UPDATE file_dirs SET listed_files = listed_files + 1
         WHERE path = NEW.dir AND ${listedFile('NEW')};
      END;

      -- A photo row written after files that name it (a restore, a test) counts them.
      CREATE TRIGGER listing_photo_added AFTER INSERT ON photos BEGIN
        ${addDay('NEW')}
        UPDATE photos SET present_files =
               (SELECT count(*) FROM files f WHERE f.photo_id = NEW.id AND f.missing = 0)
         WHERE id = NEW.id AND present_files IS NOT
               (SELECT count(*) FROM files f WHERE f.photo_id = NEW.id AND f.missing = 0);
        ${photoFilesInDirs('NEW.id', "(NEW.state = 'ready')")}
      END;
      CREATE TRIGGER listing_photo_changed AFTER UPDATE OF state, present_files, captured_at ON photos
        WHEN ${listedPhoto('OLD')} OR ${listedPhoto('NEW')} BEGIN
        UPDATE listed_days SET photos = photos - 1 WHERE day = ${dayOf('OLD')} AND ${listedPhoto('OLD')};
        ${addDay('NEW')}
      END;
      CREATE TRIGGER listing_photo_state AFTER UPDATE OF state ON photos
        WHEN (OLD.state = 'ready') IS NOT (NEW.state = 'ready') BEGIN
        ${photoFilesInDirs('NEW.id', "iif(NEW.state = 'ready', 1, -1)")}
      END;
      -- Before: once the row is gone its files no longer name it (ON DELETE SET NULL).
      CREATE TRIGGER listing_photo_removing BEFORE DELETE ON photos WHEN OLD.state = 'ready' BEGIN
        ${photoFilesInDirs('OLD.id', '-1')}
      END;
      CREATE TRIGGER listing_photo_removed AFTER DELETE ON photos WHEN ${listedPhoto('OLD')} BEGIN
        UPDATE listed_days SET photos = photos - 1 WHERE day = ${dayOf('OLD')};
      END;
    `);
  },
};
