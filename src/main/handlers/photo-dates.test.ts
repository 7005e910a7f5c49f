/**
 * Dates and cameras through the handlers every host binds, against a real core: implausible
 * camera dates ([Note: Implausible capture dates]), dates set by the user ([Note: User dates])
 * and camera names ([Note: Camera names]).
 */
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colours,
  openCoreAt,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';
import { createHandlers, type Handlers } from '../app-handlers';
import { dispatch } from '../dispatch';

let t: TestCore;
let handlers: Handlers;
let future: string;
let dated: string;

const value = async <T>(result: Promise<unknown>): Promise<T> => {
  const r = (await result) as { ok: boolean; value?: T; error?: unknown };
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return r.value as T;
};
const idOf = async (file: string) =>
  (await value<{ id: number }>(dispatch(handlers, 'photos:resolve', { path: file }))).id;
const detail = async (id: number) =>
  value<{ capturedAt: string; dateSource: string; ignoredDate: string | null; camera: string }>(
    dispatch(handlers, 'photos:get', { id }),
  );
const index = () =>
  value(dispatch(handlers, 'library:index', { folders: [t.photos], watch: false }));

beforeAll(async () => {
  t = openTestCore();
  future = path.join(t.photos, 'clock-never-set.jpg');
  dated = path.join(t.photos, 'dated.jpg');
  await writeColourPhoto(future, colours.red, 1, {
    date: '2099:09:29 10:10:10',
    make: 'NIKON CORPORATION',
    model: 'NIKON D70',
  });
  await writeColourPhoto(dated, colours.blue, 2, {
    date: '2019:07:14 09:30:00',
    make: 'Canon',
    model: 'Canon EOS 40D',
  });
  // The file was copied in 2015: that is the best date the library has for it.
  const copied = new Date('2015-03-01T12:00:00Z');
  utimesSync(future, copied, copied);
  handlers = createHandlers(t.core);
  await index();
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('capture dates', () => {
  it('a date in 2099 is kept as the camera’s value; the photo sorts by its file time, not on top', async () => {
    const id = await idOf(future);
    expect(await detail(id)).toMatchObject({
      dateSource: 'file',
      ignoredDate: '2099-09-29T10:10:10',
    });
    expect((await detail(id)).capturedAt.slice(0, 7)).toBe('2015-03');
    const list = await value<{ photos: { path: string }[] }>(dispatch(handlers, 'photos:list', {}));
    expect(list.photos.map((p) => p.path)).toEqual([dated, future]);
  });

  it('a date the user sets wins over EXIF and survives a rescan, an edit (re-ingest) and a restart', async () => {
    const id = await idOf(future);
    expect(
      await value(dispatch(handlers, 'photos:setDate', { ids: [id], date: '2004-05-06T10:00' })),
    ).toEqual({ updated: 1, sidecars: 0 });
    expect(await detail(id)).toMatchObject({
      capturedAt: '2004-05-06T10:00:00',
      dateSource: 'user',
    });

    await index(); // rescan
    // An edit: same path, new pixels, still the camera's 2099: read again from scratch.
    await writeColourPhoto(future, colours.green, 7, {
      date: '2099:09:29 10:10:10',
      make: 'NIKON CORPORATION',
      model: 'NIKON D70',
    });
    await index();
    expect(await idOf(future)).toBe(id);
    expect(await detail(id)).toMatchObject({
      capturedAt: '2004-05-06T10:00:00',
      dateSource: 'user',
      ignoredDate: '2099-09-29T10:10:10',
    });

    // Killed and started again: the decision is in the library, not in memory.
    const home = t.core.home;
    await t.core.dispose();
    t.core = openCoreAt(home);
    handlers = createHandlers(t.core);
    expect(await detail(id)).toMatchObject({
      capturedAt: '2004-05-06T10:00:00',
      dateSource: 'user',
    });
  }, 60_000);

  it('with XMP writing on, the date goes to the photo’s sidecar; the original is untouched', async () => {
    const id = await idOf(dated);
    const before = readFileSync(dated);
    await value(dispatch(handlers, 'settings:set', { xmpWrite: true }));
    expect(
      await value(dispatch(handlers, 'photos:setDate', { ids: [id], date: '2018-01-02T03:04:05' })),
    ).toEqual({ updated: 1, sidecars: 1 });
    expect(existsSync(`${dated}.xmp`)).toBe(true);
    expect(readFileSync(`${dated}.xmp`, 'utf8')).toContain(
      '<exif:DateTimeOriginal>2018-01-02T03:04:05</exif:DateTimeOriginal>',
    );
    expect(readFileSync(dated).equals(before)).toBe(true);
    // A second date merges into the existing sidecar.
    await value(dispatch(handlers, 'photos:setDate', { ids: [id], date: '2018-01-03T00:00' }));
    expect(readFileSync(`${dated}.xmp`, 'utf8')).toContain('2018-01-03T00:00:00');
    await value(dispatch(handlers, 'settings:set', { xmpWrite: false }));
  });

  it('refuses what is not a date, dates in the future and unknown photos, changing nothing', async () => {
    const id = await idOf(dated);
    const was = (await detail(id)).capturedAt;
    for (const [date, code, says] of [
      ['yesterday', 'invalid-argument', 'YYYY-MM-DDTHH:mm'],
      ['2019-02-31T10:00', 'invalid-argument', 'YYYY-MM-DDTHH:mm'],
      ['2999-01-01T00:00', 'invalid-argument', 'in the future'],
    ] as const) {
      const r = await dispatch(handlers, 'photos:setDate', { ids: [id], date });
      expect(r, date).toMatchObject({ ok: false, error: { code } });
      if (!r.ok) expect(r.error.message).toContain(says);
    }
    expect(
      await dispatch(handlers, 'photos:setDate', { ids: [id, 999_999], date: '2001-01-01T00:00' }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(
      await dispatch(handlers, 'photos:setDate', { ids: [], date: '2001-01-01T00:00' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect((await detail(id)).capturedAt).toBe(was);
  });
});

describe('camera names', () => {
  it('are shown, suggested and filtered as one name ("NIKON CORPORATION NIKON D70" → "Nikon D70")', async () => {
    expect((await detail(await idOf(dated))).camera).toBe('Canon EOS 40D');
    expect((await detail(await idOf(future))).camera).toBe('Nikon D70');
    const facets = await value<{ cameras: string[] }>(dispatch(handlers, 'library:facets', {}));
    expect(facets.cameras).toEqual(['Canon EOS 40D', 'Nikon D70']);
    // The suggested chip finds its photo, and so do the raw EXIF words.
    for (const [query, file] of [
      ['camera:"Nikon D70"', future],
      ['camera:"Canon EOS 40D"', dated],
      ['camera:"nikon corporation"', future],
    ] as const) {
      const found = await value<{ results: { path: string }[] }>(
        dispatch(handlers, 'photos:search', { query }),
      );
      expect(
        found.results.map((r) => r.path),
        query,
      ).toEqual([file]);
    }
  });
});
