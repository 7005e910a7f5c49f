/**
 * @file Schema 11: named face regions other apps wrote into photos' XMP, and what they decide
 * about faces ([Note: Face regions from other apps]).
 */
import type { Migration } from '../migration';

export const migration0011: Migration = {
  version: 11,
  name: 'face-regions',
  up(db) {
    db.exec(`
      -- Read at ingest from the photo's embedded XMP and its sidecars (derived data: read again
      -- whenever the photo is). Box: top-left fractions of the photo as displayed, like faces.
      -- state: 'pending' until the faces stage looked; then 'matched' (face_id is the detected
      -- face it names) or 'no-face' (no detected face there: kept, and counted).
      CREATE TABLE face_regions (
        id        INTEGER PRIMARY KEY,
        photo_id  INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        name      TEXT NOT NULL,
        x         REAL NOT NULL,
        y         REAL NOT NULL,
        w         REAL NOT NULL,
        h         REAL NOT NULL,
        source    TEXT NOT NULL CHECK (source IN ('mwg', 'mp')),
        state     TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'matched', 'no-face')),
        face_id   INTEGER REFERENCES faces(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX face_regions_photo ON face_regions (photo_id);

      -- Which person a region name goes to: name_key is the name folded (case, accents, spaces).
      -- Journaled ('alias'), so a person renamed or merged by the user keeps the files' names.
      CREATE TABLE region_names (
        name_key  TEXT PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE
      ) STRICT;

      -- 'file': a decision a named region made (re-derived from face_regions, never journaled);
      -- 'user': the user's own, which wins over it.
      ALTER TABLE face_decisions ADD COLUMN source TEXT NOT NULL DEFAULT 'user'
        CHECK (source IN ('user', 'file'));
    `);
  },
};
