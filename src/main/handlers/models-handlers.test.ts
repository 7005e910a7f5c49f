/**
 * The `models:` channels through a real core that starts with no model at all (an empty
 * bundle: only the catalog), downloading test-tiny from the Hugging Face stand-in: the catalog
 * in words a person can choose by, install with progress, cancel leaving nothing installed,
 * the offline error, switch and remove; and what search says when it cannot rank (see
 * [Note: Query understanding]).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/events';
import { startMirror, type Mirror } from '../../../test/helpers/hf-mirror';
import {
  colours,
  openTestCore,
  repoRoot,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';
import { createHandlers, type Handlers } from '../app-handlers';
import { searchGapMessage } from '../search/search-gap';

const tiny = path.join(repoRoot, 'models/test-tiny');
let t: TestCore;
let handlers: Handlers;
let mirror: Mirror;
let bundled: string;
const previousEndpoint = process.env.HF_ENDPOINT;

const listed = async (id = 'test-tiny') => {
  const model = (await handlers['models:list']({ developer: true })).find((m) => m.id === id);
  if (!model) throw new Error(`${id} is not listed`);
  return model;
};
const search = (query: string) =>
  handlers['photos:search']({ query, chips: [], limit: 100, offset: 0, all: false });

beforeAll(async () => {
  // The catalog without the bundled test-tiny: a fresh install of the app, before any download.
  bundled = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bundle-'));
  copyFileSync(path.join(repoRoot, 'models/catalog.json'), path.join(bundled, 'catalog.json'));
  mirror = await startMirror(tiny);
  // Downloads without a named mirror go to HF_ENDPOINT, as Hugging Face's tools do.
  process.env.HF_ENDPOINT = mirror.url;
  t = openTestCore({ bundledModelsDir: bundled });
  handlers = createHandlers(t.core);
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(t.photos, `red-${String(i)}.jpg`), colours.red, i);
    await writeColourPhoto(path.join(t.photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
  }
  await t.core.library.index([t.photos], false);
}, 60_000);

afterAll(async () => {
  if (previousEndpoint === undefined) delete process.env.HF_ENDPOINT;
  else process.env.HF_ENDPOINT = previousEndpoint;
  await mirror.close();
  await t.close();
  rmSync(bundled, { recursive: true, force: true });
});

describe('models channels', () => {
  it('list the catalog in words: languages, download size, speed class, licence', async () => {
    const model = await listed();
    const bytes = readdirSync(tiny, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .reduce((sum, d) => sum + statSync(path.join(d.parentPath, d.name)).size, 0);
    expect(model).toMatchObject({
      installed: false,
      removable: false,
      downloading: false,
      speed: 'fast',
      licence: 'Same as Fotoglot',
      size: { bytes, accuracy: 'exact' },
      languages: expect.arrayContaining(['de', 'ja', 'ar']) as unknown,
    });
    const models = await handlers['models:list']({ developer: false });
    const i18n = models.find((m) => m.default);
    // Its text tower has the hub's rounded size, its image tower none yet: "more than".
    expect(i18n?.size.accuracy).toBe('atLeast');
    // Both towers with rounded sizes: "about"; no tower with a size: not known (not "0.4 kB").
    expect(models.find((m) => m.id === 'ViT-B-32__openai')?.size).toEqual({
      bytes: 351_000_000 + 254_000_000 + 2_220_000 + 197 + 704 + 472,
      accuracy: 'about',
    });
    expect(models.find((m) => m.id === 'nllb-clip-base-siglip__v1')?.size).toEqual({
      bytes: null,
      accuracy: 'unknown',
    });
    expect(i18n?.speed).toBe('balanced');
    expect(models.find((m) => m.id.startsWith('ViT-SO400M'))?.speed).toBe('best');
  });

  it('say there is no search model yet instead of listing the library', async () => {
    const found = await search('rot');
    expect(found.notice).toEqual({ kind: 'no-model' });
    expect(found.results).toEqual([]);
    expect(found.total).toBe(0);
  });

  it('say what to do when the server cannot be reached, without command-line flags', async () => {
    const closed = await startMirror(tiny);
    await closed.close();
    await expect(
      handlers['models:install']({ id: 'test-tiny', mirror: closed.url }),
    ).rejects.toMatchObject({
      code: 'offline',
      message: expect.not.stringMatching(/--|fotoglot /) as unknown,
    });
    expect((await listed()).installed).toBe(false);
  });

  it('cancel a running download: nothing installed, and a retry completes', async () => {
    const stalling = await startMirror(tiny, {
      stall: { file: 'textual/model.onnx', afterBytes: 4000 },
    });
    try {
      const progressed = new Promise<void>((resolve) => {
        const off = t.core.onEvent((e: AppEvent) => {
          if (e.type !== 'job:progress' || e.job !== 'download:test-tiny') return;
          off();
          resolve();
        });
      });
      const download = handlers['models:install']({ id: 'test-tiny', mirror: stalling.url });
      // The stand-in holds textual/model.onnx after 4000 bytes: the download is running.
      await progressed;
      await until(() => stalling.requests.some((r) => r.path.endsWith('textual/model.onnx')));
      expect((await listed()).downloading).toBe(true);
      expect(handlers['models:cancel']({ id: 'test-tiny' })).toEqual({ cancelled: true });
      await expect(download).rejects.toMatchObject({ code: 'cancelled' });
      const model = await listed();
      expect(model).toMatchObject({ installed: false, downloading: false, active: false });
      expect(existsSync(path.join(t.core.models.modelsDir, 'test-tiny'))).toBe(false);
      // The retry goes to HF_ENDPOINT (no mirror named) and resumes what arrived.
      await handlers['models:install']({ id: 'test-tiny' });
      expect(mirror.requests.length).toBeGreaterThan(0);
      expect(await listed()).toMatchObject({ installed: true, removable: true, active: true });
    } finally {
      await stalling.close();
    }
  });

  it('switch to the installed model: search works, and words it has no meaning for say so', async () => {
    expect(await handlers['models:use']({ id: 'test-tiny' })).toEqual({ active: 'test-tiny' });
    await handlers['jobs:run'](undefined);
    const red = await search('rot');
    expect(red.notice).toBeNull();
    expect(red.total).toBe(3);
    const dog = await search('Hund am Strand');
    expect(dog).toMatchObject({
      notice: { kind: 'not-understood', model: 'test-tiny' },
      total: 0,
      results: [],
      more: 6,
    });
    const everything = await handlers['photos:search']({
      query: 'Hund am Strand',
      chips: [],
      limit: 100,
      offset: 0,
      all: true,
    });
    expect(everything.results.filter((r) => r.relevant)).toEqual([]);
  });

  it('after a switch and removing the old model, search names the model the photos wait for', async () => {
    await handlers['models:import']({
      dir: path.join(t.core.models.modelsDir, 'test-tiny'),
      id: 'tiny-copy',
    });
    await handlers['jobs:pause'](undefined);
    await handlers['models:use']({ id: 'tiny-copy' });
    await handlers['models:remove']({ id: 'test-tiny' });
    expect(await listed()).toMatchObject({ installed: false, active: false });
    expect((await listed('tiny-copy')).active).toBe(true);
    const found = await search('rot');
    const notice = { kind: 'not-embedded', model: 'tiny-copy', embeddedWith: ['test-tiny'] };
    expect(found.notice).toEqual(notice);
    const said = searchGapMessage(
      { kind: 'not-embedded', model: 'tiny-copy', embeddedWith: ['test-tiny'] },
      6,
    );
    expect(said).not.toMatch(/No photo has been embedded/);
    expect(said).toMatch(/embedded with test-tiny.*being embedded for the active model tiny-copy/);
    expect(searchGapMessage({ kind: 'not-embedded', model: 'x', embeddedWith: [] }, 6)).toMatch(
      /No photo has been embedded yet for x/,
    );
    await handlers['jobs:resume'](undefined);
  });
});

/** Polls a condition the test's own stand-in server sets (it emits no event). */
async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
