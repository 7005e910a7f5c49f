/**
 * A full disk during a scan is the machine's problem, never the photo's ([Note: Disk full]):
 * the torture run once saw a healthy photo listed as "unreadable: database or disk is full"
 * because the scan filed SQLite's error as the file's.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeJpeg, openTestLibrary, type TestLibrary } from '../../../test/helpers/library';

let lib: TestLibrary;
let photos: string;

beforeEach(() => {
  lib = openTestLibrary();
  photos = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-photos-')));
});
afterEach(async () => {
  await lib.close();
  rmSync(photos, { recursive: true, force: true });
});

it('stops the scan with the disk-full message and files no photo as a problem', async () => {
  writeFileSync(path.join(photos, 'a.jpg'), await makeJpeg(1));
  writeFileSync(path.join(photos, 'b.jpg'), await makeJpeg(2));
  const store = lib.library.store;
  const recordFile = store.recordFile.bind(store);
  // SQLite's own error, as better-sqlite3 raises it when the database cannot grow.
  store.recordFile = () => {
    throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  };
  await expect(lib.library.index([photos], false)).rejects.toThrow(/is full/);
  expect(store.problems()).toEqual([]);
  expect(lib.library.diskFull).not.toBeNull();

  // Space is back: the same photos are found, and none of them is a problem.
  store.recordFile = recordFile;
  await lib.library.index([photos], false);
  expect(store.problems()).toEqual([]);
  expect(
    store
      .photos(10, 0, true)
      .map((p) => path.basename(p.path ?? ''))
      .sort(),
  ).toEqual(['a.jpg', 'b.jpg']);
});
