/**
 * [Note: Model input handoff] through the real core: the vector stored for a photo is the
 * model's answer to the original's pixels resized as open_clip does (not to the thumbnail),
 * and the inputs left by ingest are gone once the photos are embedded.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { LibraryDatabase } from '../db/library-database';
import { decodeImage, DecodeHelpers } from '../library/decode-image';
import { LibraryService } from '../library/library-service';
import { modelInputSpec, modelInputToTensor, renderModelInput } from '../inference/model-input';
import { preprocessConfigSchema } from '../../shared/model-config';
import { ModelInputCache } from './model-input-cache';
import { vecTableName } from './embedding-store';

const repo = path.resolve(import.meta.dirname, '../../..');
const fidelity = path.resolve(repo, '../shared/data/fidelity');
const photos = ['astronaut.png', 'rocket.jpg', 'coffee.png'];
const cfg = preprocessConfigSchema.parse(
  JSON.parse(readFileSync(path.join(repo, 'models/test-tiny/visual/preprocess_cfg.json'), 'utf8')),
);
const spec = modelInputSpec(cfg);

/** A fidelity photo decoded as ingest decodes it. */
const decodePhoto = (file: string, helpers: DecodeHelpers) =>
  decodeImage(readFileSync(file), file, file.endsWith('.png') ? 'png' : 'jpeg', null, helpers);

describe('ModelInputCache', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-inputs-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an input losslessly until it is removed, and sweeps other geometries', async () => {
    const cache = new ModelInputCache(dir);
    const rgb = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 37) % 256));
    await cache.write(spec, 'ab12', rgb);
    expect((await cache.read(spec, 'ab12'))?.equals(rgb)).toBe(true);
    expect(await cache.read({ ...spec, size: 65 }, 'ab12')).toBeNull();
    await cache.write({ ...spec, mode: 'shortest' }, 'cd34', rgb);
    await cache.sweep(spec);
    expect(readdirSync(dir)).toEqual(['squash-64-bicubic']);
    await cache.remove(spec, ['ab12']);
    expect(await cache.read(spec, 'ab12')).toBeNull();
  });

  it('stops taking inputs at its cap until embedded photos free room', async () => {
    const capped = new ModelInputCache(path.join(dir, 'capped'), 2);
    const rgb = Buffer.alloc(64 * 64 * 3, 7);
    expect(await capped.hasRoom()).toBe(true);
    await capped.write(spec, 'aa01', rgb);
    await capped.write(spec, 'aa02', rgb);
    expect(await capped.hasRoom()).toBe(false);
    await capped.remove(spec, ['aa01']);
    expect(await capped.hasRoom()).toBe(true);
  });
});

describe('embedding from the original', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = openTestCore();
    for (const photo of photos)
      copyFileSync(path.join(fidelity, photo), path.join(t.photos, photo));
    await t.core.library.index([t.photos], false);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('stores the model’s vector of the open_clip-resized original for each photo', async () => {
    const helpers = new DecodeHelpers();
    try {
      for (const photo of photos) {
        const file = path.join(t.photos, photo);
        const decoded = await decodePhoto(file, helpers);
        const pixels = new Float32Array(3 * spec.size * spec.size);
        modelInputToTensor(await renderModelInput(decoded, spec), cfg, pixels, 0);
        const { vectors } = await t.core.inference.request('embedImages', {
          dir: path.join(repo, 'models/test-tiny'),
          pixels,
          count: 1,
          size: spec.size,
        });
        const stored = t.core.db.db
          .prepare(
            `SELECT v.embedding FROM "${vecTableName('test-tiny', 11)}" v JOIN files f ON f.photo_id = v.photo_id WHERE f.path = ?`,
          )
          .pluck()
          .get(file) as Buffer;
        const vector = new Float32Array(stored.buffer, stored.byteOffset, stored.byteLength / 4);
        expect(
          [...vector].map((x) => x.toFixed(5)),
          photo,
        ).toEqual([...(vectors[0] ?? [])].map((x) => x.toFixed(5)));
      }
    } finally {
      await helpers.dispose();
    }
  });

  it('leaves no model input behind once every photo is embedded', () => {
    const left = readdirSync(path.join(t.root, 'data', 'model-inputs'), { recursive: true }).filter(
      (f) => String(f).endsWith('.png'),
    );
    expect(left).toEqual([]);
  });
});

describe('ingest', () => {
  it('leaves each photo’s model input, rendered from the original, for the embedding stage', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-ingest-inputs-'));
    const folder = path.join(root, 'photos');
    mkdirSync(folder);
    for (const photo of photos) copyFileSync(path.join(fidelity, photo), path.join(folder, photo));
    const home = path.join(root, 'data');
    mkdirSync(home);
    const db = LibraryDatabase.open(path.join(home, 'library.db'));
    const helpers = new DecodeHelpers();
    const cache = new ModelInputCache(path.join(home, 'model-inputs'));
    // No embedding stage here: what ingest leaves stays.
    const library = new LibraryService({
      db: db.db,
      home,
      thumbsDir: path.join(home, 'thumbs'),
      emit: () => undefined,
      helpers,
      modelInput: { cache, spec: () => spec },
    });
    try {
      await library.index([folder], false);
      for (const photo of photos) {
        const file = path.join(folder, photo);
        const fingerprint = db.db
          .prepare(
            'SELECT p.fingerprint FROM photos p JOIN files f ON f.photo_id = p.id WHERE f.path = ?',
          )
          .pluck()
          .get(file) as string;
        const decoded = await decodePhoto(file, helpers);
        const expected = await renderModelInput(decoded, spec);
        expect((await cache.read(spec, fingerprint))?.equals(expected), photo).toBe(true);
      }
    } finally {
      await library.dispose();
      await helpers.dispose();
      db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
