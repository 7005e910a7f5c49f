/**
 * The channels the CLI's batch commands go through (library:index, photos:resolve, jobs:run,
 * tags:acceptFolder), called through the dispatch every host uses, against a real core.
 */
import { mkdirSync } from 'node:fs';
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

beforeAll(async () => {
  t = openTestCore();
  mkdirSync(path.join(t.photos, 'trip'));
  mkdirSync(path.join(t.photos, 'trip-old'));
  await writeColourPhoto(path.join(t.photos, 'trip', 'red.jpg'), colours.red, 1);
  await writeColourPhoto(path.join(t.photos, 'trip', 'green.jpg'), colours.green, 2);
  await writeColourPhoto(path.join(t.photos, 'trip-old', 'blue.jpg'), colours.blue, 3);
  handlers = createHandlers(t.core);
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('batch channels', () => {
  it('index a folder, find a photo by its file, finish the work, and accept a folder’s tags', async () => {
    const indexed = await dispatch(handlers, 'library:index', {
      folders: [t.photos],
      watch: false,
    });
    expect(indexed).toMatchObject({
      ok: true,
      value: { folders: [t.photos], photos: 3, added: 3 },
    });

    const red = path.join(t.photos, 'trip', 'red.jpg');
    const found = await dispatch(handlers, 'photos:resolve', { path: red });
    expect(found).toMatchObject({ ok: true, value: { path: red } });
    expect(await dispatch(handlers, 'photos:resolve', { path: `${red}.nope` })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });

    const run = await dispatch(handlers, 'jobs:run', {});
    expect(run).toMatchObject({ ok: true });
    if (run.ok)
      for (const stage of (run.value as { stages: { done: number; total: number }[] }).stages)
        expect(stage.done).toBe(stage.total);

    // `trip` only: the sibling `trip-old` shares its name as a prefix but is another folder.
    const accepted = await dispatch(handlers, 'tags:acceptFolder', {
      folder: path.join(t.photos, 'trip'),
    });
    expect(accepted).toMatchObject({
      ok: true,
      value: { folder: path.join(t.photos, 'trip'), photos: 2, sidecars: 0 },
    });
  }, 60_000);

  it('refuses arguments outside the contract', async () => {
    for (const [channel, args] of [
      ['library:index', { folders: [] }],
      ['library:index', { folders: ['/x'], extra: 1 }],
      ['tags:acceptFolder', { folder: '' }],
      ['tags:acceptFolder', { folder: '/x', lang: 'xx' }],
      ['jobs:run', { now: true }],
      ['photos:resolve', { id: -1 }],
    ] as const)
      expect(await dispatch(handlers, channel, args), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
  });
});
