/**
 * @file Schema 3: the models the library has embedded with. Vectors live in one sqlite-vec
 * table per (model, dimension), created when a model is first used (see embedding-store.ts),
 * so switching models never mixes spaces.
 */
import type { Migration } from '../migration';

export const migration0003: Migration = {
  version: 3,
  name: 'embeddings',
  up(db) {
    db.exec(`
      CREATE TABLE embedding_models (
        id         TEXT PRIMARY KEY,
        dimension  INTEGER NOT NULL,
        vec_table  TEXT NOT NULL UNIQUE,
        added_at   TEXT NOT NULL
      ) STRICT;
    `);
  },
};
