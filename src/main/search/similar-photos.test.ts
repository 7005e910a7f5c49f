/**
 * Similar photos through the real core: the photos that look alike rank first. (Duplicate
 * groups: duplicate-finder.test.ts.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';
import { texturedRed } from '../../../test/helpers/textured-photos';

let t: TestCore;
const base = (p: string | null) => path.basename(p ?? '');

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
