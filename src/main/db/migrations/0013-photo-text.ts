/**
 * @file Schema 13: the text read in each photo and its search index ([Note: Text store]).
 */
import type { Migration } from '../migration';

export const migration0013: Migration = {
  version: 13,
  name: 'photo-text',
  up(db) {
    db.exec(`
      -- One row per photo the text stage has read (derived data: read again when the engine
      -- changes). lines: JSON TextLine[] (src/shared/text-schemas.ts), '[]' when the photo was
      -- read and has no text; no row: not read yet. engine: the reader and its version.
      -- folded: the lines' text folded for search ([Note: Folded text]), one line per line.
      CREATE TABLE photo_text (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        engine   TEXT NOT NULL,
        lines    TEXT NOT NULL,
        folded   TEXT NOT NULL,
        read_at  TEXT NOT NULL
      ) STRICT;

      -- Substring search over the folded text in any script: trigrams, indexing photo_text's
      -- own column (external content), kept in step by the triggers below.
      CREATE VIRTUAL TABLE photo_text_index USING fts5(
        folded, content = 'photo_text', content_rowid = 'photo_id',
        tokenize = 'trigram case_sensitive 1'
      );
      CREATE TRIGGER photo_text_added AFTER INSERT ON photo_text BEGIN
        INSERT INTO photo_text_index (rowid, folded) VALUES (new.photo_id, new.folded);
      END;
      CREATE TRIGGER photo_text_removed AFTER DELETE ON photo_text BEGIN
        INSERT INTO photo_text_index (photo_text_index, rowid, folded)
          VALUES ('delete', old.photo_id, old.folded);
      END;
      CREATE TRIGGER photo_text_changed AFTER UPDATE ON photo_text BEGIN
        INSERT INTO photo_text_index (photo_text_index, rowid, folded)
          VALUES ('delete', old.photo_id, old.folded);
        INSERT INTO photo_text_index (rowid, folded) VALUES (new.photo_id, new.folded);
      END;
    `);
  },
};
