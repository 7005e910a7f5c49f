import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LibraryDatabase } from '../library-database';
import { migrations } from './index';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('schema 8 gives photos an older version dated 2099 or 1601 their file time, keeping the camera’s value', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-m8-'));
  dirs.push(dir);
  const file = path.join(dir, 'library.db');
  const old = LibraryDatabase.open(file, { migrations: migrations.slice(0, 7) });
  const mtime = Date.parse('2015-03-01T12:00:00Z');
  old.db.exec(`INSERT INTO folders (id, path, added_at) VALUES (1, '/p', 'x')`);
  const insert = old.db.prepare(
    `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, captured_at_source, updated_at)
     VALUES (?, ?, 1, 'jpeg', 'ready', ?, ?, 'exif-original', 'x')`,
  );
  insert.run(1, 'a', '2099-09-29T10:10:10', Date.parse('2099-09-29T10:10:10Z'));
  insert.run(2, 'b', '1601-01-01T00:00:00', Date.parse('1601-01-01T00:00:00Z'));
  insert.run(3, 'c', '2019-07-14T09:30:00', Date.parse('2019-07-14T09:30:00Z'));
  // A file dated in the future by its own clock has no camera date to set aside.
  old.db
    .prepare(
      `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, captured_at_source, updated_at)
       VALUES (4, 'd', 1, 'jpeg', 'ready', '2098-01-01T00:00:00', ?, 'file', 'x')`,
    )
    .run(Date.parse('2098-01-01T00:00:00Z'));
  for (const id of [1, 2, 3, 4])
    old.db
      .prepare(
        `INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1, ?)`,
      )
      .run(`/p/${String(id)}.jpg`, id, mtime);
  old.close();

  const upgraded = LibraryDatabase.open(file);
  const rows = upgraded.db
    .prepare(
      'SELECT id, captured_at_utc AS utc, captured_at_source AS source, ignored_date AS ignored FROM photos ORDER BY id',
    )
    .all();
  upgraded.close();
  expect(rows).toEqual([
    { id: 1, utc: mtime, source: 'file', ignored: '2099-09-29T10:10:10' },
    { id: 2, utc: mtime, source: 'file', ignored: '1601-01-01T00:00:00' },
    { id: 3, utc: Date.parse('2019-07-14T09:30:00Z'), source: 'exif-original', ignored: null },
    { id: 4, utc: Date.parse('2098-01-01T00:00:00Z'), source: 'file', ignored: null },
  ]);
});
