/**
 * Duplicate groups through the real core (real database, worker on test-tiny, real images):
 * groups never chain, every member matches the best copy by itself, a burst needs real
 * capture times, and "alike" needs pixel evidence as well as vectors (see [Note: Near-duplicates]).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFotoglot, repoRoot } from '../../../test/helpers/cli';
import { openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { texturedRed } from '../../../test/helpers/textured-photos';
import type { DuplicateGroup } from '../../shared/search-schemas';

const imagenet = path.join(repoRoot, '..', 'shared', 'data', 'imagenet-sample', 'images');
const lipstick = 'n03676483_lipstick.JPEG';
const punchingBag = 'n04023962_punching_bag.JPEG';
const base = (p: string | null) => path.basename(p ?? '');
const names = (g: DuplicateGroup | undefined) => g?.photos.map((p) => base(p.path)).sort();
/** One file time for every photo of a folder: what a copy tool leaves behind. */
const sameFileTime = new Date('2021-03-04T05:06:07Z');

let t: TestCore;

beforeAll(async () => {
  t = openTestCore();
  // Unrelated real photos sharing one file time and no EXIF capture time.
  const unrelated = path.join(t.photos, 'unrelated');
  mkdirSync(unrelated);
  const samples = readdirSync(imagenet)
    .filter((f) => f.endsWith('.JPEG') && f !== lipstick && f !== punchingBag)
    .sort();
  for (const name of samples.slice(0, 120))
    copyFileSync(path.join(imagenet, name), path.join(unrelated, name));
  // Others with one and the same EXIF capture time (no camera): a tool stamped them.
  const stamped = path.join(t.photos, 'stamped');
  mkdirSync(stamped);
  for (const name of samples.slice(500, 540))
    await sharp(path.join(imagenet, name))
      .jpeg({ quality: 90 })
      .withExif({ IFD2: { DateTimeOriginal: '2019:07:01 12:00:00' } })
      .toFile(path.join(stamped, name));
  // Two different pictures a difference hash puts 6 bits apart, and a real copy of one.
  const pair = path.join(t.photos, 'pair');
  mkdirSync(pair);
  copyFileSync(path.join(imagenet, lipstick), path.join(pair, lipstick));
  copyFileSync(path.join(imagenet, punchingBag), path.join(pair, punchingBag));
  await sharp(path.join(imagenet, lipstick))
    .resize(250)
    .jpeg({ quality: 60 })
    .toFile(path.join(pair, 'lipstick-small.jpg'));
  for (const folder of [unrelated, stamped, pair])
    for (const name of readdirSync(folder))
      utimesSync(path.join(folder, name), sameFileTime, sameFileTime);
  // One camera, a shot every 90 s: each is within two minutes of the next, not of all.
  const walk = path.join(t.photos, 'walk');
  mkdirSync(walk);
  const camera = { make: 'Canon', model: 'EOS 40D' };
  for (let i = 0; i < 5; i++) {
    const at = new Date(Date.UTC(2022, 6, 1, 9, 0, 0) + i * 90_000).toISOString();
    const exifDate = `${at.slice(0, 10).replace(/-/g, ':')} ${at.slice(11, 19)}`;
    await texturedRed(20 + i, 640, 480, exifDate, 90, camera).toFile(
      path.join(walk, `shot-${String(i)}.jpg`),
    );
  }
  await t.core.library.index([t.photos], false);
}, 240_000);
afterAll(async () => {
  await t.close();
});

describe('duplicate groups', () => {
  it('never groups unrelated photos that share a file time or one stamped capture time', async () => {
    const groups = await t.core.duplicates.groups();
    const unrelated = groups.filter((g) =>
      g.photos.some((p) => /[/\\](unrelated|stamped)[/\\]/.test(p.path ?? '')),
    );
    expect(unrelated.map(names)).toEqual([]);
  });

  it('never calls two different pictures duplicates, and finds the real copy', async () => {
    const groups = await t.core.duplicates.groups();
    const withBag = groups.filter((g) => g.photos.some((p) => base(p.path) === punchingBag));
    expect(withBag.map(names)).toEqual([]);
    const copy = groups.find((g) => g.photos.some((p) => base(p.path) === 'lipstick-small.jpg'));
    expect(names(copy)).toEqual(['lipstick-small.jpg', lipstick].sort());
    expect(copy?.kind).toBe('near');
    expect(base(copy?.bestPath ?? null)).toBe(lipstick);
    expect(copy?.similarity).toBeGreaterThan(0.85);
  });

  it('does not chain a burst: every shot is within the window of the best copy', async () => {
    const groups = await t.core.duplicates.groups();
    const walk = groups.filter((g) => g.photos.some((p) => base(p.path).startsWith('shot-')));
    expect(walk.length).toBeGreaterThan(0);
    for (const g of walk) {
      expect(g.kind).toBe('burst');
      const best = g.photos.find((p) => p.id === g.bestId);
      for (const p of g.photos)
        expect(
          Math.abs(Date.parse(p.capturedAt ?? '') - Date.parse(best?.capturedAt ?? '')),
        ).toBeLessThanOrEqual(120_000);
      expect(best?.match).toBeNull();
    }
    // Chained, the five shots 6 minutes end to end would be one group.
    expect(walk.every((g) => g.photos.length < 5)).toBe(true);
  });
});

describe('a library from before the DCT hash', () => {
  it('gets each photo its hash from the grid thumbnail and finds the same groups', async () => {
    const before = (await t.core.duplicates.groups()).map(names);
    t.core.db.db.exec('UPDATE photos SET phash = NULL');
    expect((await t.core.duplicates.groups()).map(names)).toEqual(before);
    const unhashed = t.core.db.db
      .prepare("SELECT count(*) AS n FROM photos WHERE state = 'ready' AND phash IS NULL")
      .get() as { n: number };
    expect(unhashed.n).toBe(0);
  });
});

describe('fotoglot duplicates', () => {
  it('groups the copy and the burst, suggests the best copy and deletes nothing', async () => {
    const folder = path.join(t.root, 'scene');
    mkdirSync(folder);
    await texturedRed(1, 640, 480, '2022:05:01 10:00:00').toFile(path.join(folder, 'original.jpg'));
    // The same picture, re-encoded smaller (what a messenger app sends back).
    await texturedRed(1, 320, 240, '2022:05:01 10:00:00', 60).toFile(
      path.join(folder, 'copy-small.jpg'),
    );
    // Another shot of the same scene 3 s later: same colour, different texture.
    await texturedRed(2, 640, 480, '2022:05:01 10:00:03').toFile(path.join(folder, 'burst.jpg'));
    const home = path.join(t.root, 'cli-scene');
    expect((await runFotoglot(['--home', home, 'index', folder, '--no-watch'])).code).toBe(0);
    const out = await runFotoglot(['--home', home, 'duplicates', '--json']);
    expect(out.code).toBe(0);
    const { groups } = JSON.parse(out.stdout) as { groups: DuplicateGroup[] };
    expect(groups.map(names)).toEqual([['burst.jpg', 'copy-small.jpg', 'original.jpg']]);
    const [group] = groups;
    // Bigger and sharper wins over the small re-encode; the burst is as big: the sharper or larger file.
    expect(['original.jpg', 'burst.jpg']).toContain(base(group?.bestPath ?? null));
    expect(group?.kind).toBe('burst');
    expect(group?.similarity).toBeNull();
    for (const name of ['original.jpg', 'copy-small.jpg', 'burst.jpg'])
      expect(existsSync(path.join(folder, name))).toBe(true);
    const text = await runFotoglot(['--home', home, 'duplicates']);
    expect(text.stdout).toMatch(/^Burst shots \(3 photos taken seconds apart\):/m);
  }, 60_000);

  it('calls a resized re-encode a near-duplicate, taken years apart or not', async () => {
    const folder = path.join(t.root, 'copies');
    mkdirSync(folder);
    await texturedRed(7, 800, 600, '2020:01:01 08:00:00').toFile(path.join(folder, 'a.jpg'));
    await texturedRed(7, 400, 300, '2024:06:01 08:00:00', 50).toFile(path.join(folder, 'b.jpg'));
    const home = path.join(t.root, 'cli-home');
    expect((await runFotoglot(['--home', home, 'index', folder, '--no-watch'])).code).toBe(0);
    const out = await runFotoglot(['--home', home, 'duplicates', '--json']);
    expect(out.code).toBe(0);
    const { groups } = JSON.parse(out.stdout) as { groups: DuplicateGroup[] };
    expect(groups).toHaveLength(1);
    expect(groups[0]?.kind).toBe('near');
    expect(base(groups[0]?.bestPath ?? null)).toBe('a.jpg');
  }, 60_000);
});
