/**
 * Similar photos and near-duplicate groups through the real core: a re-encoded, downscaled
 * copy is a duplicate, a different shot seconds later is a burst, and the group names the
 * copy to keep; nothing is deleted.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFotoglot } from '../../../test/helpers/cli';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore;
const base = (p: string | null) => path.basename(p ?? '');

/** A red photo with a texture of its own (`seed`), so perceptual hashes tell shots apart. */
function texturedRed(seed: number, width: number, height: number, date: string, quality = 90) {
  const cells = 8;
  const raw = Buffer.alloc(cells * cells * 3);
  for (let i = 0; i < cells * cells; i++) {
    const v =
      Math.floor((((Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453) % 1) + 1) * 40) % 40;
    raw[i * 3] = 200 + v;
    raw[i * 3 + 1] = 10 + v;
    raw[i * 3 + 2] = 20 + v;
  }
  return sharp(raw, { raw: { width: cells, height: cells, channels: 3 } })
    .resize(width, height, { kernel: 'nearest' })
    .jpeg({ quality })
    .withExif({ IFD2: { DateTimeOriginal: date } });
}

beforeAll(async () => {
  t = openTestCore();
  const original = texturedRed(1, 640, 480, '2022:05:01 10:00:00');
  await original.toFile(path.join(t.photos, 'original.jpg'));
  // The same picture, re-encoded smaller (what a messenger app sends back).
  await texturedRed(1, 320, 240, '2022:05:01 10:00:00', 60).toFile(
    path.join(t.photos, 'copy-small.jpg'),
  );
  // Another shot of the same scene 3 s later: same colour, different texture.
  await texturedRed(2, 640, 480, '2022:05:01 10:00:03').toFile(path.join(t.photos, 'burst.jpg'));
  // Unrelated.
  await writeColourPhoto(path.join(t.photos, 'blue.jpg'), colours.blue, 5, {
    date: '2022:05:01 10:00:05',
  });
  await writeColourPhoto(path.join(t.photos, 'green.jpg'), colours.green, 6, {
    date: '2023:01:01 10:00:00',
  });
  await t.core.library.index([t.photos], false);
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('photos:similar', () => {
  it('ranks the photos that look alike first, without the photo itself', () => {
    const found = t.core.similar.similar({ path: path.join(t.photos, 'original.jpg') }, 3);
    expect(
      found.results
        .map((r) => base(r.path))
        .slice(0, 2)
        .sort(),
    ).toEqual(['burst.jpg', 'copy-small.jpg']);
    expect(found.results.some((r) => base(r.path) === 'original.jpg')).toBe(false);
    expect(found.results[0]?.score).toBeGreaterThan(0.95);
  });

  it('says what to do for a file outside the library', () => {
    expect(() => t.core.similar.similar({ path: path.join(t.root, 'nowhere.jpg') })).toThrow(
      /does not exist/,
    );
    expect(() => t.core.similar.similar({ path: path.join(t.photos, '..', 'photos') })).toThrow(
      /is a folder: name one photo in it/,
    );
  });
});

describe('photos:duplicates', () => {
  it('groups the copy and the burst, suggests the best copy and deletes nothing', async () => {
    const groups = await t.core.similar.duplicates();
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.photos.map((p) => base(p.path)).sort()).toEqual([
      'burst.jpg',
      'copy-small.jpg',
      'original.jpg',
    ]);
    // Bigger and sharper wins over the small re-encode; the burst is as big: the sharper or larger file.
    const best = group?.photos.find((p) => p.id === group.bestId);
    expect(['original.jpg', 'burst.jpg']).toContain(base(best?.path ?? null));
    expect(group?.kind).toBe('burst');
    for (const name of ['original.jpg', 'copy-small.jpg', 'burst.jpg'])
      expect(existsSync(path.join(t.photos, name))).toBe(true);
  });

  it('calls a re-encoded copy an exact duplicate (fotoglot duplicates --json)', async () => {
    const folder = path.join(t.root, 'copies');
    mkdirSync(folder);
    await texturedRed(7, 800, 600, '2020:01:01 08:00:00').toFile(path.join(folder, 'a.jpg'));
    // Same picture, no EXIF left, taken "years apart" as far as the file knows.
    await texturedRed(7, 400, 300, '2024:06:01 08:00:00', 50).toFile(path.join(folder, 'b.jpg'));
    const home = path.join(t.root, 'cli-home');
    expect((await runFotoglot(['--home', home, 'index', folder, '--no-watch'])).code).toBe(0);
    const out = await runFotoglot(['--home', home, 'duplicates', '--json']);
    expect(out.code).toBe(0);
    const { groups } = JSON.parse(out.stdout) as {
      groups: { kind: string; bestId: number; photos: { id: number; path: string }[] }[];
    };
    expect(groups).toHaveLength(1);
    expect(groups[0]?.kind).toBe('exact');
    const best = groups[0]?.photos.find((p) => p.id === groups[0]?.bestId);
    expect(base(best?.path ?? null)).toBe('a.jpg');
  }, 30_000);
});
