/**
 * Schema 9 takes file-keyword junk out of an existing library's tags and keeps everything else,
 * on a real SQLite library database migrated to schema 5 with tags as earlier versions stored them.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';
import { migration0009 } from './0009-tags-review';

describe('migration 0009', () => {
  it('removes junk embedded keywords only', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF');
    for (const m of migrations) m.up(db);
    const add = db.prepare(
      "INSERT INTO photo_tags (photo_id, name, source, state) VALUES (?, ?, ?, 'accepted')",
    );
    for (const name of ['.jpg', 'IMG_0001', 'SN 0412345678', '2019', 'Omas Garten'])
      add.run(1, name, 'embedded');
    add.run(2, '2019', 'user');
    migration0009.up(db);
    expect(db.prepare('SELECT name, source FROM photo_tags ORDER BY name').all()).toEqual([
      { name: '2019', source: 'user' },
      { name: 'Omas Garten', source: 'embedded' },
    ]);
  });
});
