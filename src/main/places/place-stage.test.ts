/**
 * The places stage ([Note: Photo places]) through the real core and the shipped place
 * database: real photos with GPS (a Nikon's walk through Arezzo, ../shared/data/photos) are
 * placed in their town, a photo of the same camera taken an hour later without GPS is inferred
 * from them, other photos are not; a place the user sets wins, is listed, and comes back after
 * the database is lost; `fotoglot places` and `fotoglot place set` say the same.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeTreeSchema } from '../../shared/place-schemas';
import { createHandlers, type Handlers } from '../app-handlers';
import type { Core } from '../core';
import { runFotoglot } from '../../../test/helpers/cli';
import { sharedData } from '../../../test/helpers/face-descriptors';
import {
  colours,
  openCoreAt,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

const gpsPhotos = path.join(sharedData, 'photos/exif-samples/jpg/gps');
let t: TestCore;
let handlers: Handlers;
let home: string;

const placeOf = (core: Core, name: string) =>
  core.db.db
    .prepare(
      `SELECT pp.source, pp.country, pp.town, pp.from_photo AS fromPhoto FROM photo_places pp
         JOIN files f ON f.photo_id = pp.photo_id WHERE f.path LIKE ?`,
    )
    .get(`%${name}`) as
    | { source: string; country: string | null; town: number | null; fromPhoto: number | null }
    | undefined;

/** GeoNames ids of the towns the tests expect. */
const arezzo = 3182884;
const paris = 2988507;

beforeAll(async () => {
  t = openTestCore();
  home = path.join(t.root, 'data');
  for (const f of ['DSCN0010.jpg', 'DSCN0012.jpg', 'DSCN0042.jpg'])
    copyFileSync(path.join(gpsPhotos, f), path.join(t.photos, f));
  // The same camera an hour after the walk, no GPS: inferred. Another camera, or a day later: not.
  await writeColourPhoto(path.join(t.photos, 'same-camera.jpg'), colours.red, 1, {
    date: '2008:10:22 18:05:00',
    make: 'NIKON',
    model: 'COOLPIX P6000',
  });
  await writeColourPhoto(path.join(t.photos, 'other-camera.jpg'), colours.green, 2, {
    date: '2008:10:22 18:05:00',
    make: 'Canon',
    model: 'Canon EOS 5D',
  });
  await writeColourPhoto(path.join(t.photos, 'next-day.jpg'), colours.blue, 3, {
    date: '2008:10:23 18:05:00',
    make: 'NIKON',
    model: 'COOLPIX P6000',
  });
  await writeColourPhoto(path.join(t.photos, 'scan.jpg'), colours.yellow, 4);
  handlers = createHandlers(t.core);
  await t.core.library.index([t.photos], false);
  await t.core.places.run();
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('places stage', () => {
  it('places photos with GPS in their town, region and country', () => {
    for (const f of ['DSCN0010.jpg', 'DSCN0012.jpg', 'DSCN0042.jpg'])
      expect(placeOf(t.core, f)).toMatchObject({ source: 'gps', country: 'IT', town: arezzo });
  });

  it('infers the place of a photo of the same camera taken within hours, and of no other', () => {
    expect(placeOf(t.core, 'same-camera.jpg')).toMatchObject({
      source: 'inferred',
      country: 'IT',
      town: arezzo,
    });
    // Nearest in time: DSCN0042 was taken last (17:00).
    const from = t.core.db.db
      .prepare('SELECT path FROM files WHERE photo_id = ?')
      .pluck()
      .get(placeOf(t.core, 'same-camera.jpg')?.fromPhoto);
    expect(path.basename(from as string)).toBe('DSCN0042.jpg');
    for (const f of ['other-camera.jpg', 'next-day.jpg', 'scan.jpg'])
      expect(placeOf(t.core, f)).toBeUndefined();
  });

  it('lists countries, regions and towns with counts in the user language', async () => {
    await handlers['settings:set']({ language: 'de' });
    const tree = placeTreeSchema.parse(await handlers['places:tree'](undefined));
    expect(tree.countries).toHaveLength(1);
    const [italy] = tree.countries;
    expect(italy).toMatchObject({ code: 'IT', name: 'Italien', photos: 4, inferred: 1 });
    expect(italy?.regions[0]?.towns[0]).toMatchObject({
      id: arezzo,
      name: 'Arezzo',
      photos: 4,
      inferred: 1,
    });
    expect(tree.unplaced).toBe(3);
    await handlers['settings:set']({ language: 'ja' });
    expect((await handlers['places:tree'](undefined)).countries[0]?.name).toBe('イタリア');
  });

  it('a place the user sets wins over GPS and inference, and taking it away restores them', async () => {
    const id = (name: string) =>
      t.core.library.resolvePhoto({ path: path.join(t.photos, name) }).id;
    await handlers['places:set']({
      ids: [id('scan.jpg'), id('DSCN0010.jpg')],
      to: { town: paris },
    });
    expect(placeOf(t.core, 'scan.jpg')).toMatchObject({
      source: 'user',
      country: 'FR',
      town: paris,
    });
    expect(placeOf(t.core, 'DSCN0010.jpg')).toMatchObject({ source: 'user', town: paris });
    await handlers['places:set']({ ids: [id('DSCN0010.jpg')], to: null });
    expect(placeOf(t.core, 'DSCN0010.jpg')).toMatchObject({ source: 'gps', town: arezzo });
    await expect(
      handlers['places:set']({ ids: [id('scan.jpg')], to: { lat: 0, lon: 0 } }),
    ).rejects.toThrow(/0, 0 is no position/);
    await expect(
      handlers['places:set']({ ids: [id('scan.jpg')], to: { town: 1 } }),
    ).rejects.toThrow(/no town 1/);
    expect(placeOf(t.core, 'scan.jpg')).toMatchObject({ source: 'user', town: paris });
  });

  it('the CLI lists the places and sets one; a wrong argument says what to do', async () => {
    await handlers['settings:set']({ language: 'de' });
    await t.core.dispose();
    const set = await runFotoglot([
      'place',
      'set',
      path.join(t.photos, 'other-camera.jpg'),
      '--lat',
      '48.8584',
      '--lon',
      '2.2945',
      '--home',
      home,
    ]);
    expect(set.stdout).toContain('1 photo placed');
    const listed = await runFotoglot(['places', '--json', '--home', home]);
    const tree = placeTreeSchema.parse(JSON.parse(listed.stdout));
    expect(tree.countries.map((c) => [c.code, c.photos])).toEqual([
      ['IT', 4],
      ['FR', 2],
    ]);
    const text = await runFotoglot(['places', '--home', home]);
    expect(text.stdout).toMatch(/Frankreich \[FR\] {2}2/);
    const bad = await runFotoglot([
      'place',
      'set',
      path.join(t.photos, 'scan.jpg'),
      '--lat',
      '95',
      '--lon',
      '2',
      '--home',
      home,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--lat must be a number from −90 to 90');
    const neither = await runFotoglot([
      'place',
      'set',
      path.join(t.photos, 'scan.jpg'),
      '--home',
      home,
    ]);
    expect(neither.stderr).toContain('Say where');
  }, 120_000);

  it("the user's places come back after the database is damaged and restored from an older backup", async () => {
    await expect
      .poll(
        () =>
          existsSync(path.join(home, 'backups')) &&
          readdirSync(path.join(home, 'backups')).some((f) => f.startsWith('auto-')),
      )
      .toBe(true);
    const db = path.join(home, 'library.db');
    const fd = openSync(db, 'r+');
    const length = Math.min(8192, statSync(db).size - 4096);
    writeSync(fd, Buffer.alloc(length, 0xab), 0, length, 4096);
    closeSync(fd);
    const reopened = openCoreAt(home);
    try {
      expect(reopened.recovery).not.toBeNull();
      await reopened.library.index([t.photos], false);
      await reopened.places.run();
      expect(placeOf(reopened, 'scan.jpg')).toMatchObject({ source: 'user', town: paris });
      expect(placeOf(reopened, 'other-camera.jpg')).toMatchObject({
        source: 'user',
        country: 'FR',
      });
      expect(placeOf(reopened, 'DSCN0010.jpg')).toMatchObject({ source: 'gps', town: arezzo });
    } finally {
      await reopened.dispose();
    }
  }, 120_000);
});
