/**
 * @file Schema 16: small lookup tables that let folder, camera and tag chips be index scans at
 * a million photos ([Note: Filter lookups]). Each is kept by triggers over the table it
 * summarises, so every writer (ingest, moves, recovery, tests writing SQL) keeps it right, and
 * filled here from the rows already there.
 *
 * [Note: Filter lookups]
 * A chip matches part of a name ("folder:trip" any folder whose name starts with "trip",
 * "camera:eos" the name shown or the raw EXIF values, "tag:Hund" a tag or an embedded keyword in
 * any case), which no index over a million photos can answer. The names themselves are few: a
 * library has thousands of folders, dozens of cameras, hundreds of keywords. So a chip first
 * matches its pattern against the distinct names (`file_dirs`, `photo_cameras`, the keyword
 * index), then reaches the photos through an index on the exact names it found
 * (`files.dir`, the camera pair, `photo_keywords`, `lower(photo_tags.name)`), and the photo
 * condition is `p.id IN (…)`: SQLite starts from the few photos the chip keeps instead of
 * testing each photo (photo-filters.ts; measured in docs/benchmarks.md "Search"). A folder's
 * directory is computed in SQL (`rtrim(path, <path without separators>)` leaves the path up to
 * its last `/` or `\`), so the column cannot disagree with the path. Names a library no longer
 * has stay in the lookup tables: they lead to no photo, and a library has few.
 */
import type { Migration } from '../migration';

/** The directory of `column` (a path) with its trailing separator; '' when it has none. */
const dirOf = (column: string) =>
  `rtrim(${column}, replace(replace(${column}, '/', ''), '\\', ''))`;

export const migration0016: Migration = {
  version: 16,
  name: 'filter-lookups',
  up(db) {
    db.exec(`
      ALTER TABLE files ADD COLUMN dir TEXT GENERATED ALWAYS AS (${dirOf('path')}) VIRTUAL;
      CREATE INDEX files_present_dir ON files (dir, photo_id) WHERE missing = 0;
      -- Every listing asks whether a photo still has a file present: answered from the index alone.
      CREATE INDEX files_present ON files (photo_id) WHERE missing = 0;
      CREATE TABLE file_dirs (path TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO file_dirs SELECT DISTINCT dir FROM files;
      CREATE TRIGGER file_dirs_on_insert AFTER INSERT ON files BEGIN
        INSERT OR IGNORE INTO file_dirs VALUES (NEW.dir);
      END;
      CREATE TRIGGER file_dirs_on_move AFTER UPDATE OF path ON files BEGIN
        INSERT OR IGNORE INTO file_dirs VALUES (NEW.dir);
      END;

      -- Cameras as stored (NULL as ''), so the pair is one index key.
      CREATE INDEX photos_camera ON photos (coalesce(camera_make, ''), coalesce(camera_model, ''));
      CREATE TABLE photo_cameras (
        make  TEXT NOT NULL,
        model TEXT NOT NULL,
        PRIMARY KEY (make, model)
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO photo_cameras
        SELECT DISTINCT coalesce(camera_make, ''), coalesce(camera_model, '') FROM photos;
      CREATE TRIGGER photo_cameras_on_insert AFTER INSERT ON photos BEGIN
        INSERT OR IGNORE INTO photo_cameras
          VALUES (coalesce(NEW.camera_make, ''), coalesce(NEW.camera_model, ''));
      END;
      CREATE TRIGGER photo_cameras_on_update AFTER UPDATE OF camera_make, camera_model ON photos BEGIN
        INSERT OR IGNORE INTO photo_cameras
          VALUES (coalesce(NEW.camera_make, ''), coalesce(NEW.camera_model, ''));
      END;

      -- A photo's embedded keywords (the JSON array photos.keywords), lower-cased as the tag
      -- chip compares them; a damaged array counts as none rather than failing the write.
      CREATE TABLE photo_keywords (
        keyword  TEXT NOT NULL,
        photo_id INTEGER NOT NULL,
        PRIMARY KEY (keyword, photo_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX photo_keywords_photo ON photo_keywords (photo_id);
      INSERT OR IGNORE INTO photo_keywords
        SELECT lower(k.value), p.id FROM photos p,
               json_each(CASE WHEN json_valid(p.keywords) THEN p.keywords ELSE '[]' END) k
         WHERE k.type = 'text';
      CREATE TRIGGER photo_keywords_on_insert AFTER INSERT ON photos BEGIN
        INSERT OR IGNORE INTO photo_keywords
          SELECT lower(value), NEW.id
            FROM json_each(CASE WHEN json_valid(NEW.keywords) THEN NEW.keywords ELSE '[]' END)
           WHERE type = 'text';
      END;
      CREATE TRIGGER photo_keywords_on_update AFTER UPDATE OF keywords ON photos BEGIN
        DELETE FROM photo_keywords WHERE photo_id = OLD.id;
        INSERT OR IGNORE INTO photo_keywords
          SELECT lower(value), NEW.id
            FROM json_each(CASE WHEN json_valid(NEW.keywords) THEN NEW.keywords ELSE '[]' END)
           WHERE type = 'text';
      END;
      CREATE TRIGGER photo_keywords_on_delete AFTER DELETE ON photos BEGIN
        DELETE FROM photo_keywords WHERE photo_id = OLD.id;
      END;

      -- Tag chips compare names in lower case; the photo id makes the index enough on its own.
      CREATE INDEX photo_tags_lower_name ON photo_tags (lower(name), state, photo_id);

      -- Person and place chips start from their photos too.
      CREATE INDEX photo_places_town ON photo_places (town);
      CREATE INDEX photo_places_region ON photo_places (region);
    `);
  },
};
