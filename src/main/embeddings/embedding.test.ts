/**
 * Embedding through the real core: photos ingested, embedded by the real worker with
 * test-tiny, stored in sqlite-vec, found by a text query; a worker killed mid-batch loses
 * no photo and embeds none twice.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../../test/helpers/library';
import { bundlePaths } from '../bundle-paths';
import { Core } from '../core';
import { nodeWorkerLauncher } from '../inference/worker-launcher';
import { vecTableName } from './embedding-store';

const root = path.resolve(import.meta.dirname, '../../..');
const paths = bundlePaths(path.join(root, 'dist/node'));
let home: string;
let photos: string;
let core: Core;

beforeEach(() => {
  home = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-embed-')));
  photos = path.join(home, 'photos');
  core = Core.open({
    home: path.join(home, 'data'),
    launchWorker: nodeWorkerLauncher(paths.workerScript),
    bundledModelsDir: path.join(root, 'models'),
    inference: { initialBackoffMs: 50 },
  });
});
afterEach(async () => {
  await core.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** A flat-colour JPEG of a given sRGB colour. */
async function colourPhoto(
  file: string,
  rgb: [number, number, number],
  seed: number,
): Promise<void> {
  const sharp = (await import('sharp')).default;
  const buffer = await sharp({
    create: {
      width: 96 + seed,
      height: 64,
      channels: 3,
      background: { r: rgb[0], g: rgb[1], b: rgb[2] },
    },
  })
    .jpeg()
    .toBuffer();
  writeFileSync(file, buffer);
}

const table = () => vecTableName('test-tiny', 11);

function nearest(query: Float32Array, k: number): string[] {
  return (
    core.db.db
      .prepare(
        `SELECT f.path FROM "${table()}" v JOIN files f ON f.photo_id = v.photo_id
          WHERE v.embedding MATCH ? AND k = ? ORDER BY v.distance`,
      )
      .all(query, k) as { path: string }[]
  ).map((r) => path.basename(r.path));
}

describe('embedding', () => {
  it('embeds every ingested photo with test-tiny, and a query in any language finds its colour first', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(photos);
    await colourPhoto(path.join(photos, 'tomato.jpg'), [215, 30, 30], 0);
    await colourPhoto(path.join(photos, 'sea.jpg'), [25, 70, 205], 1);
    await colourPhoto(path.join(photos, 'lawn.jpg'), [40, 165, 55], 2);
    await colourPhoto(path.join(photos, 'snow.jpg'), [246, 246, 246], 3);
    const summary = await core.library.index([photos], false);
    expect(summary.photos).toBe(4);
    expect(core.embeddings.models()).toEqual([
      { id: 'test-tiny', active: true, dimension: 11, vectors: 4 },
    ]);

    const dir = path.join(root, 'models/test-tiny');
    const queries = await core.inference.request('embedTexts', {
      dir,
      texts: ['rot', '青い海', 'green grass', 'blanco'],
    });
    expect(nearest(queries.vectors[0] ?? new Float32Array(), 1)).toEqual(['tomato.jpg']);
    expect(nearest(queries.vectors[1] ?? new Float32Array(), 1)).toEqual(['sea.jpg']);
    expect(nearest(queries.vectors[2] ?? new Float32Array(), 1)).toEqual(['lawn.jpg']);
    expect(nearest(queries.vectors[3] ?? new Float32Array(), 1)).toEqual(['snow.jpg']);

    // An edit re-embeds: the tomato is painted blue and now ranks with the sea for a blue query.
    await colourPhoto(path.join(photos, 'tomato.jpg'), [30, 60, 220], 9);
    await core.library.index([photos], false);
    expect(core.embeddings.models()[0]?.vectors).toBe(4);
    expect(nearest(queries.vectors[1] ?? new Float32Array(), 2).sort()).toEqual([
      'sea.jpg',
      'tomato.jpg',
    ]);
  });

  it('loses no photo and embeds none twice when the worker is killed mid-batch', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(photos);
    for (let i = 0; i < 80; i++)
      writeFileSync(path.join(photos, `p${String(i)}.jpg`), await makeJpeg(i));
    // Ingest first, so the kill lands during embedding.
    core.pipeline.pause();
    const indexing = core.library.index([photos], false);
    let killed = false;
    const off = core.onEvent((event) => {
      if (!killed && event.type === 'job:progress' && event.job === 'embed' && event.done > 0) {
        killed = true;
        process.kill(core.inference.status.pid ?? 0, 'SIGKILL');
      }
    });
    core.pipeline.resume();
    await indexing;
    off();
    expect(killed).toBe(true);
    expect(core.inference.status.restarts).toBeGreaterThanOrEqual(1);
    const vectors = core.db.db
      .prepare(`SELECT count(*) AS n, count(DISTINCT photo_id) AS d FROM "${table()}"`)
      .get() as { n: number; d: number };
    expect(vectors).toEqual({ n: 80, d: 80 });
    const jobs = core.db.db
      .prepare(
        "SELECT state, count(*) AS n FROM jobs WHERE kind = 'embed:test-tiny' GROUP BY state",
      )
      .all();
    expect(jobs).toEqual([{ state: 'done', n: 80 }]);
    expect(core.library.problems()).toEqual([]);
  });

  it('replaces a worker that hangs on a photo, records that photo as a problem, and embeds the rest', async () => {
    await core.dispose();
    core = Core.open({
      home: path.join(home, 'data-hang'),
      launchWorker: nodeWorkerLauncher(paths.workerScript, {
        ...process.env,
        FOTOGLOT_TEST_FAULT: 'hang-on-magenta',
      }),
      bundledModelsDir: path.join(root, 'models'),
      inference: { initialBackoffMs: 50, slowRequestTimeoutMs: 2000 },
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(photos);
    for (let i = 0; i < 12; i++)
      await colourPhoto(path.join(photos, `ok-${String(i)}.jpg`), [20 * i, 200 - 10 * i, 90], i);
    await colourPhoto(path.join(photos, 'poison.jpg'), [255, 0, 255], 20);
    await core.library.index([photos], false);
    // The batch hung, the worker was replaced, the photos were retried one by one; the
    // poisonous one hung twice and is now a problem. The queue went on.
    expect(core.inference.status.restarts).toBeGreaterThanOrEqual(2);
    expect(core.embeddings.models()[0]?.vectors).toBe(12);
    expect(core.library.problems()).toEqual([
      expect.objectContaining({
        path: path.join(photos, 'poison.jpg'),
        code: 'crashed',
        reason: expect.stringMatching(/stuck/) as unknown,
      }),
    ]);
    expect(core.inference.status.state).not.toBe('stopped');
  });
});
