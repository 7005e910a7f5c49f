/**
 * @file Schema 2: watched folders, photos (identified by content, see [Note: Photo identity]),
 * the files that hold them, problems, persistent jobs and photo tags.
 */
import type { Migration } from '../migration';

export const migration0002: Migration = {
  version: 2,
  name: 'library',
  up(db) {
    db.exec(`
      CREATE TABLE folders (
        id              INTEGER PRIMARY KEY,
        path            TEXT NOT NULL UNIQUE,
        watch           INTEGER NOT NULL DEFAULT 1,
        added_at        TEXT NOT NULL,
        scan_generation INTEGER NOT NULL DEFAULT 0,
        last_scan_at    TEXT
      ) STRICT;

      CREATE TABLE photos (
        id                 INTEGER PRIMARY KEY,
        fingerprint        TEXT NOT NULL UNIQUE,
        size               INTEGER NOT NULL,
        format             TEXT NOT NULL,
        state              TEXT NOT NULL DEFAULT 'pending', -- pending | ready | failed
        width              INTEGER,
        height             INTEGER,
        orientation        INTEGER,
        captured_at        TEXT,    -- local wall-clock time, see [Note: Capture time]
        captured_at_utc    INTEGER, -- ms since epoch
        tz_offset_minutes  INTEGER,
        captured_at_source TEXT,
        camera_make        TEXT,
        camera_model       TEXT,
        lens               TEXT,
        exposure_time      REAL,
        f_number           REAL,
        iso                INTEGER,
        focal_length       REAL,
        gps_lat            REAL,
        gps_lon            REAL,
        keywords           TEXT NOT NULL DEFAULT '[]', -- JSON array
        placeholder        TEXT,    -- thumbhash, base64
        updated_at         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX photos_captured ON photos(captured_at_utc);

      CREATE TABLE files (
        id              INTEGER PRIMARY KEY,
        path            TEXT NOT NULL UNIQUE,
        folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        photo_id        INTEGER REFERENCES photos(id) ON DELETE SET NULL,
        size            INTEGER NOT NULL,
        mtime_ms        INTEGER NOT NULL,
        missing         INTEGER NOT NULL DEFAULT 0,
        scan_generation INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX files_photo ON files(photo_id);
      CREATE INDEX files_folder ON files(folder_id, scan_generation);

      CREATE TABLE problems (
        path        TEXT PRIMARY KEY,
        folder_id   INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        code        TEXT NOT NULL,
        reason      TEXT NOT NULL,
        detected_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE jobs (
        id       INTEGER PRIMARY KEY,
        kind     TEXT NOT NULL,                   -- ingest (metadata + thumbnails); embed comes later
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        state    TEXT NOT NULL DEFAULT 'pending', -- pending | done | failed
        attempts INTEGER NOT NULL DEFAULT 0,
        UNIQUE (kind, photo_id)
      ) STRICT;
      CREATE INDEX jobs_pending ON jobs(kind, state);

      CREATE TABLE photo_tags (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        name     TEXT NOT NULL,
        source   TEXT NOT NULL, -- user | embedded | auto
        PRIMARY KEY (photo_id, name)
      ) STRICT;
    `);
  },
};
