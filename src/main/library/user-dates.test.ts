/**
 * A date the user set survives the loss of the database: restored from an older backup, the
 * library gets it back from `dates-journal.jsonl` (see [Note: User dates]).
 */
import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../core';
import {
  colours,
  openCoreAt,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore | null = null;
let reopened: Core | null = null;
afterEach(async () => {
  await reopened?.dispose();
  reopened = null;
  await t?.close();
  t = null;
});

const dateOf = (core: Core, file: string) =>
  core.db.db
    .prepare(
      'SELECT p.captured_at AS capturedAt, p.captured_at_source AS source FROM photos p JOIN files f ON f.photo_id = p.id WHERE f.path = ?',
    )
    .get(file);

it('comes back after the database was damaged and restored from a backup older than the date', async () => {
  t = openTestCore();
  const photo = path.join(t.photos, 'old-scan.jpg');
  await writeColourPhoto(photo, colours.yellow, 1, { date: '2099:01:01 00:00:00' });
  await t.core.library.index([t.photos], false);
  const home = path.join(t.root, 'data');
  // The automatic backup of the day was taken at start, before the date was set.
  await expect
    .poll(
      () =>
        existsSync(path.join(home, 'backups')) &&
        readdirSync(path.join(home, 'backups')).some((f) => f.startsWith('auto-')),
    )
    .toBe(true);
  const id = t.core.library.resolvePhoto({ path: photo }).id;
  await t.core.setDates([id], '1987-08-09T18:30');
  await t.core.dispose();

  const db = path.join(home, 'library.db');
  const fd = openSync(db, 'r+');
  const length = Math.min(8192, statSync(db).size - 4096);
  writeSync(fd, Buffer.alloc(length, 0xab), 0, length, 4096);
  closeSync(fd);

  reopened = openCoreAt(home);
  expect(reopened.recovery?.restoredFrom).toContain('auto-');
  await reopened.library.index([t.photos], false);
  expect(dateOf(reopened, photo)).toEqual({ capturedAt: '1987-08-09T18:30:00', source: 'user' });
}, 60_000);
