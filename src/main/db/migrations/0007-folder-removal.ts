/**
 * @file Schema 7: removing a folder sets it aside instead of deleting it (see [Note: Removed
 * folders]). `folders.removed_at` marks a removed folder; its files get `missing = 2` (set
 * aside with their folder, as opposed to 1: gone from disk), so its photos leave every view
 * while their tags, names, dates, vectors and thumbnails stay for a restore.
 */
import type { Migration } from '../migration';

export const migration0007: Migration = {
  version: 7,
  name: 'folder-removal',
  up(db) {
    db.exec(`ALTER TABLE folders ADD COLUMN removed_at TEXT;`);
  },
};
