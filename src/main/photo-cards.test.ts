/**
 * `photos:cards` through the dispatch every host uses, against a real core: the grid's card
 * data of many photos in one call, in the order asked, unknown ids left out, the same data
 * `photos:get` answers; arguments outside the contract are refused.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../shared/contract';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../test/helpers/test-core';
import { createHandlers, type Handlers } from './app-handlers';
import { dispatch } from './dispatch';

let t: TestCore;
let handlers: Handlers;
let ids: number[];

beforeAll(async () => {
  t = openTestCore();
  for (let i = 0; i < 4; i++)
    await writeColourPhoto(path.join(t.photos, `c${String(i)}.jpg`), colours.blue, i, {
      date: `2020:0${String(i + 1)}:01 10:00:00`,
    });
  await t.core.library.index([t.photos], false);
  handlers = createHandlers(t.core);
  ids = t.core.library.photos(10, 0).photos.map((p) => p.id);
}, 60_000);

afterAll(async () => {
  await t.close();
});

const cards = async (args: unknown) => {
  const result = await dispatch(handlers, 'photos:cards', args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return channels['photos:cards'].value.parse(result.value).photos;
};

describe('photos:cards', () => {
  it('answers the cards in the order asked, leaving unknown ids out', async () => {
    expect(ids).toHaveLength(4);
    const asked = [...ids].reverse();
    const answer = await cards({
      ids: [999_999, ...asked.slice(0, 2), 888_888, ...asked.slice(2)],
    });
    expect(answer.map((c) => c.id)).toEqual(asked);
    for (const card of answer) {
      // Exactly what the grid draws, and the same as photos:get says of the photo.
      expect(Object.keys(card).sort()).toEqual(['capturedAt', 'id', 'path', 'placeholder']);
      const detail = await dispatch(handlers, 'photos:get', { id: card.id });
      expect(detail.ok).toBe(true);
      if (detail.ok) expect(detail.value).toMatchObject(card);
      expect(path.dirname(card.path ?? '')).toBe(t.photos);
      expect(card.placeholder).toEqual(expect.any(String));
    }
  });

  it('answers nothing for no ids, and up to 1000 ids in one call', async () => {
    expect(await cards({ ids: [] })).toEqual([]);
    const many = Array.from({ length: 1000 }, (_, i) => ids[i % ids.length] ?? 1);
    expect(await cards({ ids: many })).toHaveLength(1000);
  });

  it('refuses arguments outside the contract', async () => {
    for (const args of [
      undefined,
      {},
      { ids: Array.from({ length: 1001 }, (_, i) => i + 1) },
      { ids: [0] },
      { ids: [1.5] },
      { ids: ['1'] },
      { ids: [1], extra: true },
    ]) {
      const result = await dispatch(handlers, 'photos:cards', args);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
  });
});
