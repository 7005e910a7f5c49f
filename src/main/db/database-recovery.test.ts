/**
 * A damaged library.db at start: detected, kept aside, replaced by the last automatic backup
 * (or rebuilt from the photos), and the user's tag decisions come back from the journal.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { dailyBackup } from './database-recovery';
import { LibraryDatabase } from './library-database';
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

const reopen = (home: string) => openCoreAt(home);

/** Overwrites `length` bytes at `offset` with garbage, as a failing disk or a bad copy would. */
function damage(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xab), 0, length, offset);
  closeSync(fd);
}

async function libraryWithDecisions(): Promise<{ home: string; ids: Record<string, number> }> {
  t = openTestCore();
  const { core, photos } = t;
  await writeColourPhoto(path.join(photos, 'red.jpg'), colours.red, 1);
  await writeColourPhoto(path.join(photos, 'blue.jpg'), colours.blue, 2);
  await writeColourPhoto(path.join(photos, 'green.jpg'), colours.green, 3);
  await core.library.index([photos], false);
  const id = (name: string) =>
    core.db.db
      .prepare('SELECT photo_id FROM files WHERE path = ?')
      .pluck()
      .get(path.join(photos, name)) as number;
  const ids = { red: id('red.jpg'), blue: id('blue.jpg'), green: id('green.jpg') };
  await core.tags.accept(ids.red, 'red');
  await core.tags.add(ids.blue, 'Omas Garten');
  core.tags.reject(ids.green, 'green');
  const home = path.join(t.root, 'data');
  // The automatic backup of the day was taken at start, before these decisions.
  await expect
    .poll(
      () =>
        existsSync(path.join(home, 'backups')) &&
        readdirSync(path.join(home, 'backups')).some((f) => f.startsWith('auto-')),
    )
    .toBe(true);
  await core.dispose();
  return { home, ids };
}

function decisions(core: Core, photos: string) {
  const byName = (name: string) =>
    core.db.db
      .prepare('SELECT photo_id FROM files WHERE path = ?')
      .pluck()
      .get(path.join(photos, name)) as number;
  return {
    red: core.tags.photoTags(byName('red.jpg'), 'en').map((x) => [x.key, x.state]),
    blue: core.tags.photoTags(byName('blue.jpg'), 'en').map((x) => [x.key, x.state]),
    greenRejected: core.db.db
      .prepare("SELECT state FROM photo_tags WHERE photo_id = ? AND name = 'green'")
      .pluck()
      .get(byName('green.jpg')),
  };
}

describe('database recovery', () => {
  it('leaves a library it cannot open for other reasons alone, and says so', async () => {
    const { home } = await libraryWithDecisions();
    const db = path.join(home, 'library.db');
    // Not damage: something else is in the way (here the database cannot be opened as a file).
    rmSync(db);
    mkdirSync(db);
    expect(() => reopen(home)).toThrow(/Cannot open .*library\.db .*the library was not touched/);
    expect(statSync(db).isDirectory()).toBe(true);
    expect(readdirSync(home).filter((f) => f.includes('broken'))).toEqual([]);
  });

  it.each([
    [
      'garbage pages',
      (db: string) => {
        damage(db, 4096, Math.min(8192, statSync(db).size - 4096));
      },
    ],
    [
      'a truncated file',
      (db: string) => {
        truncateSync(db, Math.floor(statSync(db).size * 0.6));
      },
    ],
  ])(
    'keeps a database with %s, restores the last backup, and replays newer tag decisions',
    async (_, harm) => {
      const { home } = await libraryWithDecisions();
      harm(path.join(home, 'library.db'));
      reopened = reopen(home);
      expect(reopened.recovery).toMatchObject({
        restoredFrom: expect.stringContaining('auto-') as unknown,
      });
      expect(existsSync(reopened.recovery?.brokenFile ?? '')).toBe(true);
      expect(reopened.db.db.pragma('quick_check', { simple: true })).toBe('ok');
      await reopened.library.index([t?.photos ?? ''], false);
      expect(decisions(reopened, t?.photos ?? '')).toEqual({
        red: [['red', 'accepted']],
        blue: expect.arrayContaining([['Omas Garten', 'accepted']]) as unknown,
        greenRejected: 'rejected',
      });
    },
    60_000,
  );

  it('rebuilds from the photos when there is no usable backup, without losing user tags', async () => {
    const { home } = await libraryWithDecisions();
    rmSync(path.join(home, 'backups'), { recursive: true, force: true });
    damage(path.join(home, 'library.db'), 0, 100); // not even a database header any more
    reopened = reopen(home);
    expect(reopened.recovery).toMatchObject({ restoredFrom: null });
    expect(reopened.library.photos(10, 0).total).toBe(0);
    await reopened.library.index([t?.photos ?? ''], false);
    expect(reopened.library.photos(10, 0).total).toBe(3);
    expect(decisions(reopened, t?.photos ?? '')).toEqual({
      red: [['red', 'accepted']],
      blue: expect.arrayContaining([['Omas Garten', 'accepted']]) as unknown,
      greenRejected: 'rejected',
    });
    const info = await import('../app-handlers').then((m) =>
      m.createHandlers(reopened as Core)['app:info'](undefined),
    );
    expect(info.recovery?.brokenFile).toContain('library.db.broken-');
  }, 60_000);
});

describe('the daily backup', () => {
  it('is made once when two processes on one library back up at the same time', async () => {
    t = openTestCore();
    const file = t.core.db.path;
    const dir = path.join(path.dirname(file), 'backups');
    rmSync(dir, { recursive: true, force: true });
    // A second connection stands for the CLI running beside the app.
    const other = LibraryDatabase.open(file);
    try {
      const day = new Date('2030-01-02T10:00:00Z');
      const made = await Promise.all([dailyBackup(t.core.db, day), dailyBackup(other, day)]);
      expect(made.filter((m) => m !== null)).not.toHaveLength(0);
      // One backup of the day, no temporary file left by either (their temporary files are
      // named after the day too; the core's own backup of today, started when it opened, may
      // sit beside them, finished or still being written).
      expect(readdirSync(dir).filter((f) => f.includes('2030'))).toEqual(['auto-2030-01-02.db']);
    } finally {
      other.close();
    }
    // A library closed while its backup would start (the app quitting) is not a failure.
    const closed = LibraryDatabase.open(file);
    closed.close();
    await expect(dailyBackup(closed, new Date('2030-01-03T10:00:00Z'))).resolves.toBeNull();
  });
});
