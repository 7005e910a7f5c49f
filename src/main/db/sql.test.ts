/** [Note: SQL fragments]: placeholders and parameters stay together through composition. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { all, get, identifier, join, pluck, run, sql } from './sql';

describe('sql fragments', () => {
  it('turns values into placeholders and inlines fragments with their parameters in order', () => {
    const since = sql`p.captured_at >= ${'2020-01-01'}`;
    const camera = sql`p.camera = ${'Pixel'}`;
    const query = sql`SELECT * FROM photos p WHERE ${join([since, camera], ' AND ')} LIMIT ${10}`;
    expect(query).toEqual({
      text: 'SELECT * FROM photos p WHERE p.captured_at >= ? AND p.camera = ? LIMIT ?',
      params: ['2020-01-01', 'Pixel', 10],
    });
  });

  it('quotes names chosen by code and refuses anything else', () => {
    expect(sql`SELECT count(*) FROM ${identifier('vec_test_tiny_11')}`.text).toBe(
      'SELECT count(*) FROM "vec_test_tiny_11"',
    );
    expect(() => identifier('x"; DROP TABLE photos; --')).toThrow(/not an SQL name/);
  });

  it('reads typed rows from a real database', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    expect(run(db, sql`INSERT INTO t (name) VALUES (${'a'}), (${'b'})`)).toBe(2);
    expect(all<{ id: number; name: string }>(db, sql`SELECT * FROM t ORDER BY id`)).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(get<{ name: string }>(db, sql`SELECT name FROM t WHERE id = ${2}`)?.name).toBe('b');
    expect(pluck<number>(db, sql`SELECT count(*) FROM t WHERE name != ${'a'}`)).toBe(1);
    db.close();
  });
});
