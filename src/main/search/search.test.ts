/**
 * Search through the real core: test-tiny embeds colour photos in the worker, sqlite-vec ranks
 * them, filters come from the query in several languages, and the relevance cut keeps the
 * photos of the asked colour and not the rest.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore;
const names = (r: { path: string | null }[]) => r.map((x) => path.basename(x.path ?? '')).sort();

beforeAll(async () => {
  t = openTestCore();
  // 4 red (July 2019, Pixel), 4 blue (August 2021, Canon), 4 green (Christmas 2021, no camera).
  for (let i = 0; i < 4; i++) {
    await writeColourPhoto(path.join(t.photos, `red-${String(i)}.jpg`), colours.red, i, {
      date: `2019:07:1${String(i)} 10:00:00`,
      make: 'Google',
      model: 'Pixel 7',
    });
    await writeColourPhoto(path.join(t.photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i, {
      date: `2021:08:0${String(i + 1)} 12:00:00`,
      make: 'Canon',
      model: 'EOS R6',
    });
    await writeColourPhoto(path.join(t.photos, `green-${String(i)}.jpg`), colours.green, 20 + i, {
      date: `2021:12:25 1${String(i)}:00:00`,
    });
  }
  await t.core.library.index([t.photos], false);
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('photos:search', () => {
  it.each([
    ['rot', 'red'],
    ['赤', 'red'],
    ['a blue photo', 'blue'],
    ['vert', 'green'],
    ['зелёный', 'green'],
    ['أزرق', 'blue'],
  ])('"%s" returns exactly the %s photos', async (query, colour) => {
    const found = await t.core.search.search({ query });
    expect(names(found.results)).toEqual([0, 1, 2, 3].map((i) => `${colour}-${String(i)}.jpg`));
    expect(found.total).toBe(4);
    expect(found.more).toBe(8);
    expect(found.model).toBe('test-tiny');
    // Ranked by meaning: every relevant score beats every score below the cut.
    const all = await t.core.search.search({ query, all: true });
    expect(all.results).toHaveLength(12);
    const relevant = all.results.filter((r) => r.relevant).map((r) => r.score ?? 0);
    const rest = all.results.filter((r) => !r.relevant).map((r) => r.score ?? 0);
    expect(Math.min(...relevant)).toBeGreaterThan(Math.max(...rest));
  });

  it('takes dates out of the query and filters by them, in the user’s language', async () => {
    const found = await t.core.search.search({ query: 'Hund im August 2021' });
    expect(found.text).toBe('Hund');
    expect(found.chips).toEqual([
      { kind: 'date', value: '2021-08-01..2021-09-01', text: 'im August 2021' },
    ]);
    const blueInAugust = await t.core.search.search({ query: 'blau im August 2021' });
    expect(names(blueInAugust.results)).toEqual([
      'blue-0.jpg',
      'blue-1.jpg',
      'blue-2.jpg',
      'blue-3.jpg',
    ]);
    const redIn2021 = await t.core.search.search({ query: 'red 2021' });
    expect(redIn2021.results).toEqual([]);
  });

  it('lists a filter-only query by date, newest first, without ranking', async () => {
    const found = await t.core.search.search({ query: '2021' });
    expect(found.text).toBe('');
    expect(found.model).toBeNull();
    expect(found.total).toBe(8);
    expect(found.results.every((r) => r.score === null)).toBe(true);
    const dates = found.results.map((r) => r.capturedAt ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    const christmas = await t.core.search.search({ query: 'Weihnachten 2021' });
    expect(names(christmas.results)).toEqual([
      'green-0.jpg',
      'green-1.jpg',
      'green-2.jpg',
      'green-3.jpg',
    ]);
  });

  it('filters by camera, folder and type chips, typed or sent by the UI', async () => {
    const pixel = await t.core.search.search({ query: 'camera:pixel' });
    expect(names(pixel.results)).toEqual(['red-0.jpg', 'red-1.jpg', 'red-2.jpg', 'red-3.jpg']);
    const canonBlue = await t.core.search.search({
      query: 'blue',
      chips: [{ kind: 'camera', value: 'canon', text: 'Canon' }],
    });
    expect(canonBlue.total).toBe(4);
    const elsewhere = await t.core.search.search({ query: 'in:Holidays red' });
    expect(elsewhere.results).toEqual([]);
    const here = await t.core.search.search({
      query: `in:${path.basename(t.photos)} type:jpg green`,
    });
    expect(here.total).toBe(4);
    expect(here.filters.types).toEqual(['jpeg']);
  });

  it('still orders everything by meaning when nothing stands out', async () => {
    // Words test-tiny does not know carry no meaning: none is relevant, and the answer says
    // why (see [Note: Query understanding]); the photos stay reachable as "more".
    const found = await t.core.search.search({ query: 'qwertzuiop' });
    expect(found).toMatchObject({
      notice: { kind: 'not-understood', model: 'test-tiny' },
      total: 0,
      more: 12,
      results: [],
    });
    // A query between two colours: both groups rank above the third.
    const mixed = await t.core.search.search({ query: 'red blue', all: true });
    const top8 = names(mixed.results.slice(0, 8));
    expect(top8.every((n) => n.startsWith('red') || n.startsWith('blue'))).toBe(true);
  });
});
