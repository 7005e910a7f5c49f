/**
 * The places tree for the map: photos placed to a region but no town (the wilderness, the sea
 * off a coast) are counted as the region's "elsewhere" and located where they are, so the map
 * shows them as an approximate circle (issue 17: region-only photos on the map).
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { placeTreeSchema } from '../../shared/place-schemas';
import { createHandlers, type Handlers } from '../app-handlers';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore;
let handlers: Handlers;
const id = (name: string) => t.core.library.resolvePhoto({ path: path.join(t.photos, name) }).id;

beforeAll(async () => {
  t = openTestCore();
  handlers = createHandlers(t.core);
  await handlers['settings:set']({ language: 'en' });
  for (const [name, colour, seed] of [
    ['tundra-1.jpg', colours.red, 1],
    ['tundra-2.jpg', colours.green, 2],
    ['town.jpg', colours.blue, 3],
  ] as const)
    await writeColourPhoto(path.join(t.photos, name), colour, seed);
  await t.core.library.index([t.photos], false);
  await t.core.places.run();
}, 120_000);
afterAll(async () => {
  await t.close();
});

it('photos with a region but no town are on the map at their centre, apart from the towns', async () => {
  // The Yukon wilderness, far from any town of 1,000; and Whitehorse itself.
  await handlers['places:set']({ ids: [id('tundra-1.jpg')], to: { lat: 64.0, lon: -139.0 } });
  await handlers['places:set']({ ids: [id('tundra-2.jpg')], to: { lat: 64.2, lon: -138.6 } });
  await handlers['places:set']({ ids: [id('town.jpg')], to: { lat: 60.7212, lon: -135.0568 } });
  const tree = placeTreeSchema.parse(await handlers['places:tree'](undefined));
  const yukon = tree.countries.find((c) => c.code === 'CA')?.regions[0];
  expect(yukon).toMatchObject({ name: 'Yukon', photos: 3, elsewhere: 2 });
  expect(yukon?.towns.map((town) => [town.name, town.photos])).toEqual([['Whitehorse', 1]]);
  expect(yukon?.at?.lat).toBeCloseTo(64.1, 5);
  expect(yukon?.at?.lon).toBeCloseTo(-138.8, 5);
});

it('a region across the antimeridian is centred there, not on the far side of the globe', async () => {
  // Chukotka, both sides of 180°.
  await handlers['places:set']({ ids: [id('tundra-1.jpg')], to: { lat: 66.0, lon: 179.5 } });
  await handlers['places:set']({ ids: [id('tundra-2.jpg')], to: { lat: 66.0, lon: -179.5 } });
  const tree = placeTreeSchema.parse(await handlers['places:tree'](undefined));
  const chukotka = tree.countries.find((c) => c.code === 'RU')?.regions[0];
  expect(chukotka?.elsewhere).toBe(2);
  expect(Math.abs(chukotka?.at?.lon ?? 0)).toBeCloseTo(180, 5);
});
