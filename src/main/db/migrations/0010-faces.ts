/**
 * @file Schema 10: faces found in photos, the persons they are grouped into, and the user's
 * decisions about them ([Note: Persons]). Face vectors live in one sqlite-vec table per face
 * model (face-vectors.ts creates it on first use and records it in `face_models`), beside the
 * photo vectors and never mixed with them.
 */
import type { Migration } from '../migration';

export const migration0010: Migration = {
  version: 10,
  name: 'faces',
  up(db) {
    db.exec(`
      CREATE TABLE face_models (
        id         TEXT PRIMARY KEY,
        dimension  INTEGER NOT NULL,
        vec_table  TEXT NOT NULL UNIQUE,
        added_at   TEXT NOT NULL
      ) STRICT;

      -- key: the person's stable name in persons-journal.jsonl (row ids do not survive a rebuild).
      -- cover_*: the face the user chose to show the person (a face reference, see face_decisions);
      -- NULL: the best face is chosen automatically.
      CREATE TABLE persons (
        id               INTEGER PRIMARY KEY,
        key              TEXT NOT NULL UNIQUE,
        name             TEXT,
        hidden           INTEGER NOT NULL DEFAULT 0,
        cover_fingerprint TEXT,
        cover_box        TEXT,
        created_at       TEXT NOT NULL
      ) STRICT;

      -- box and keypoints are fractions of the photo's width and height (as displayed, after
      -- EXIF rotation), so faces from two detectors of the same photo can be compared.
      -- recognisable = 0: too small or blurred to embed; kept, never clustered.
      -- component: a group of faces that clustering may join ([Note: Persons]).
      CREATE TABLE faces (
        id           INTEGER PRIMARY KEY,
        photo_id     INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        model_id     TEXT NOT NULL,
        x            REAL NOT NULL,
        y            REAL NOT NULL,
        w            REAL NOT NULL,
        h            REAL NOT NULL,
        keypoints    TEXT NOT NULL DEFAULT '[]',
        score        REAL NOT NULL,
        quality      REAL NOT NULL,
        recognisable INTEGER NOT NULL,
        person_id    INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        assigned_by  TEXT CHECK (assigned_by IN ('cluster', 'user')),
        component    INTEGER
      ) STRICT;
      CREATE INDEX faces_photo ON faces (photo_id);
      CREATE INDEX faces_person ON faces (person_id);
      CREATE INDEX faces_component ON faces (component);

      -- The user's decisions, by face reference (the photo's content fingerprint and the box the
      -- face had), never by face row: faces are re-detected when the model changes.
      -- kind 'is': this face is the person (at most one per face); 'not': it is not.
      CREATE TABLE face_decisions (
        id          INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        box         TEXT NOT NULL,
        person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('is', 'not'))
      ) STRICT;
      CREATE INDEX face_decisions_photo ON face_decisions (fingerprint);
      CREATE INDEX face_decisions_person ON face_decisions (person_id);
    `);
  },
};
