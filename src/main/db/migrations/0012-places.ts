/**
 * @file Schema 12: where each photo was taken, named from the place database
 * ([Note: Place database], [Note: Place lookup]), and the places the user set
 * ([Note: Photo places]).
 */
import type { Migration } from '../migration';

export const migration0012: Migration = {
  version: 12,
  name: 'places',
  up(db) {
    db.exec(`
      -- One row per photo the places stage has placed. source: 'gps' (the photo's own position),
      -- 'user' (set by the user), 'inferred' (from a photo of the same camera taken within hours:
      -- from_photo). country/region/town: ISO 3166-1 code, the place database's region id and
      -- GeoNames town id; NULL where there is none (reason says why: 'invalid' GPS, 'sea').
      CREATE TABLE photo_places (
        photo_id   INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        source     TEXT NOT NULL CHECK (source IN ('gps', 'user', 'inferred')),
        lat        REAL NOT NULL,
        lon        REAL NOT NULL,
        country    TEXT,
        region     INTEGER,
        town       INTEGER,
        reason     TEXT,
        from_photo INTEGER REFERENCES photos(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX photo_places_country ON photo_places (country, region, town);

      -- The user's places, by content fingerprint (they follow the file, survive re-ingest and
      -- are replayed from places-journal.jsonl after a database recovery).
      CREATE TABLE place_decisions (
        fingerprint TEXT PRIMARY KEY,
        lat         REAL NOT NULL,
        lon         REAL NOT NULL,
        set_at      TEXT NOT NULL
      ) STRICT;
    `);
  },
};
