/**
 * @file Schema 4: tags with a life cycle. Auto-tags arrive as suggestions with a confidence
 * and the model that made them; the user accepts or rejects them (a rejection is a row that
 * stays, so the suggestion never comes back). Tag text vectors are cached per (model,
 * language). Photos gain a perceptual hash for near-duplicate detection.
 */
import type { Migration } from '../migration';

export const migration0004: Migration = {
  version: 4,
  name: 'tags',
  up(db) {
    db.exec(`
      ALTER TABLE photo_tags ADD COLUMN state TEXT NOT NULL DEFAULT 'accepted'; -- accepted | suggested | rejected
      ALTER TABLE photo_tags ADD COLUMN score REAL;  -- auto: calibrated confidence 0..1
      ALTER TABLE photo_tags ADD COLUMN model TEXT;  -- auto: the model that suggested it
      ALTER TABLE photo_tags ADD COLUMN updated_at TEXT;
      CREATE INDEX photo_tags_by_name ON photo_tags(name, state);
      ALTER TABLE photos ADD COLUMN dhash TEXT; -- perceptual hash, for near-duplicates

      CREATE TABLE tag_vectors (
        model_id TEXT NOT NULL,
        lang     TEXT NOT NULL,
        tag      TEXT NOT NULL,
        prompts  TEXT NOT NULL, -- the prompts embedded; a vocabulary edit changes them
        vector   BLOB NOT NULL,
        PRIMARY KEY (model_id, lang, tag)
      ) STRICT;
    `);
  },
};
