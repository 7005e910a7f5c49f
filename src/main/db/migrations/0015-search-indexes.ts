/**
 * @file Schema 15: the date a search
 * filters on, indexed, so "photos from 2015" is an index range scan at a million photos
 * (see [Note: Vector search at scale]; it was a scan of every photo, 310 ms at 1M).
 */
import type { Migration } from '../migration';

export const migration0015: Migration = {
  version: 15,
  name: 'search-indexes',
  up(db) {
    db.exec(`
      -- Date chips compare the local capture time (photo-filters.ts); the listing orders by
      -- captured_at_utc (indexed since schema 2).
      CREATE INDEX photos_captured_local ON photos (captured_at);
    `);
  },
};
