/**
 * The channels the selection bar acts through (photos:files, tags:addMany, tags:rejectAll),
 * called through the dispatch every host uses, against a real core with real photos.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';
import { createHandlers, type Handlers } from '../app-handlers';
import { dispatch } from '../dispatch';

let t: TestCore;
let handlers: Handlers;
let ids: { red: number; green: number; blue: number };

async function value<T>(channel: Parameters<typeof dispatch>[1], args: unknown): Promise<T> {
  const result = await dispatch(handlers, channel, args);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  t = openTestCore();
  mkdirSync(path.join(t.photos, 'copies'));
  await writeColourPhoto(path.join(t.photos, 'red.jpg'), colours.red, 1);
  await writeColourPhoto(path.join(t.photos, 'green.jpg'), colours.green, 2);
  await writeColourPhoto(path.join(t.photos, 'blue.jpg'), colours.blue, 3);
  // The same bytes in another folder: one photo, two files.
  copyFileSync(path.join(t.photos, 'red.jpg'), path.join(t.photos, 'copies', 'red.jpg'));
  handlers = createHandlers(t.core);
  await value('library:index', { folders: [t.photos], watch: false });
  await value('jobs:run', {});
  const resolve = async (file: string) =>
    (await value<{ id: number }>('photos:resolve', { path: path.join(t.photos, file) })).id;
  ids = {
    red: await resolve('red.jpg'),
    green: await resolve('green.jpg'),
    blue: await resolve('blue.jpg'),
  };
}, 60_000);

afterAll(async () => {
  await t.close();
});

const tagsOf = async (photoId: number) =>
  value<{ name: string; key: string; state: string }[]>('tags:forPhoto', { photoId, lang: 'en' });

describe('selection channels', () => {
  it('photos:files lists each photo’s path and every file of it, in the order asked', async () => {
    const { photos } = await value<{
      photos: { id: number; path: string | null; files: string[] }[];
    }>('photos:files', { ids: [ids.blue, 999_999, ids.red] });
    expect(photos.map((p) => p.id)).toEqual([ids.blue, ids.red]);
    expect(photos[0]).toEqual({
      id: ids.blue,
      path: path.join(t.photos, 'blue.jpg'),
      files: [path.join(t.photos, 'blue.jpg')],
    });
    expect(photos[1]?.files.sort()).toEqual(
      [path.join(t.photos, 'copies', 'red.jpg'), path.join(t.photos, 'red.jpg')].sort(),
    );
    expect(photos[1]?.files).toContain(photos[1]?.path);
  });

  it('tags:addMany puts a tag typed in any language on every photo of a selection', async () => {
    const result = await value<{ photos: number }>('tags:addMany', {
      photoIds: [ids.red, ids.blue, 999_999],
      name: '  Großmutters Garten ',
    });
    expect(result).toEqual({ photos: 2 });
    for (const id of [ids.red, ids.blue])
      expect(await tagsOf(id)).toContainEqual(
        expect.objectContaining({ name: 'Großmutters Garten', state: 'accepted' }),
      );
    expect((await tagsOf(ids.green)).map((tag) => tag.name)).not.toContain('Großmutters Garten');
    const listed = await value<{ name: string; accepted: number }[]>('tags:list', {});
    expect(listed.find((tag) => tag.name === 'Großmutters Garten')?.accepted).toBe(2);
  });

  it('tags:rejectAll rejects every open suggestion of the selection and leaves the others', async () => {
    const suggested = async (id: number) =>
      (await tagsOf(id)).filter((tag) => tag.state === 'suggested');
    // test-tiny suggests each photo's colour.
    const openOnRed = (await suggested(ids.red)).length;
    const openOnGreen = (await suggested(ids.green)).length;
    const openOnBlue = (await suggested(ids.blue)).length;
    expect(Math.min(openOnRed, openOnGreen, openOnBlue)).toBeGreaterThan(0);

    const result = await value<{ rejected: number }>('tags:rejectAll', {
      photoIds: [ids.red, ids.green],
    });
    expect(result).toEqual({ rejected: openOnRed + openOnGreen });
    expect(await suggested(ids.red)).toEqual([]);
    expect(await suggested(ids.green)).toEqual([]);
    // Rejected tags are no longer shown; the user's own tag stays.
    expect((await tagsOf(ids.red)).map((tag) => tag.name)).toEqual(['Großmutters Garten']);
    expect((await suggested(ids.blue)).length).toBe(openOnBlue);
  });

  it('refuses an empty selection and malformed names', async () => {
    for (const [channel, args] of [
      ['photos:files', { ids: [] }],
      ['tags:addMany', { photoIds: [], name: 'x' }],
      ['tags:addMany', { photoIds: [1], name: '   ' }],
      ['tags:addMany', { photoIds: [1], name: 'a\u0000b' }],
      ['tags:rejectAll', { photoIds: [] }],
      ['tags:rejectAll', { photoIds: [0] }],
    ] as const)
      expect(await dispatch(handlers, channel, args), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
  });
});
