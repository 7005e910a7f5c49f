/**
 * Pause means pause ([Note: Pipeline]): through the real core, `jobs:pause` (what the UI,
 * `serve` and pause-on-battery send) stops ingest, embedding and tagging before their next
 * batch, and resume lets each go on where it stopped.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../app-handlers';
import { jobKind } from './job-queue';
import { vecTableName } from '../embeddings/embedding-store';
import { tagStage } from '../tagging/tag-store';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore;
const count = 6; // fewer than ingest's early-start batch: embedding starts after ingest

beforeEach(async () => {
  t = openTestCore();
  const palette = [colours.red, colours.blue, colours.green];
  for (let i = 0; i < count; i++)
    await writeColourPhoto(
      path.join(t.photos, `p${String(i)}.jpg`),
      palette[i % 3] ?? colours.red,
      i,
    );
});
afterEach(async () => {
  await t.close();
});

/** Resolves when `stage` stops at the pause switch. */
const stops = (stage: string) =>
  new Promise<void>((resolve) => {
    const off = t.core.pipeline.gate.onWaiting((waiting) => {
      if (waiting !== stage) return;
      off();
      resolve();
    });
  });

const scalar = (sql: string) => t.core.db.db.prepare(sql).pluck().get() as number;
const ingested = () => scalar("SELECT count(*) FROM photos WHERE state = 'ready'");
const table = vecTableName('test-tiny', 11);
/** Vectors stored; the table appears when embedding first starts. */
const vectors = () =>
  scalar(`SELECT count(*) FROM sqlite_master WHERE name = '${table}'`) === 0
    ? 0
    : scalar(`SELECT count(*) FROM "${table}"`);
const tagKind = jobKind(tagStage('test-tiny'));
const tagged = () =>
  scalar(`SELECT count(*) FROM jobs WHERE kind = '${tagKind}' AND state = 'done'`);

describe('pause', () => {
  it('holds ingest before its first photo, and resume finishes everything', async () => {
    const handlers = createHandlers(t.core);
    expect(await handlers['jobs:pause'](undefined)).toEqual({ paused: true });
    const stopped = stops('ingest');
    const indexing = t.core.library.index([t.photos], false);
    await stopped;
    expect(ingested()).toBe(0);
    expect(await handlers['jobs:resume'](undefined)).toEqual({ paused: false });
    await indexing;
    expect([ingested(), vectors(), tagged()]).toEqual([count, count, count]);
  });

  it('holds embedding once ingest is done', async () => {
    // Paused the moment ingest reports its last photo: embedding has not started yet.
    const off = t.core.onEvent((event) => {
      if (event.type === 'job:progress' && event.job === 'ingest' && event.done === count)
        t.core.pipeline.pause();
    });
    const stopped = stops('embed');
    const indexing = t.core.library.index([t.photos], false);
    await stopped;
    off();
    expect([ingested(), vectors()]).toEqual([count, 0]);
    t.core.pipeline.resume();
    await indexing;
    expect([vectors(), tagged()]).toEqual([count, count]);
  });

  it('holds tagging, and pause on battery does not lift the user’s own pause', async () => {
    await t.core.library.index([t.photos], false);
    t.core.db.db.prepare('DELETE FROM jobs WHERE kind = ?').run(tagKind);
    t.core.pipeline.pause('battery');
    t.core.pipeline.pause();
    const stopped = stops('tag');
    const tagging = t.core.tags.run();
    await stopped;
    expect(tagged()).toBe(0);
    t.core.pipeline.resume('battery'); // back on AC: the user's pause still holds
    expect(t.core.pipeline.paused).toBe(true);
    const progress: { done: number; total: number }[] = [];
    const off = t.core.onEvent((event) => {
      if (event.type === 'job:progress' && event.job === 'tag') progress.push(event);
    });
    t.core.pipeline.resume();
    await tagging;
    off();
    // Tagging reports with the same meter as the other stages.
    expect(progress.at(-1)).toMatchObject({ done: count, total: count });
    expect(tagged()).toBe(count);
  });
});

describe('a full disk', () => {
  it('stalls a stage started on its own (after a model switch) as it stalls ingest', async () => {
    const events: unknown[] = [];
    const off = t.core.onEvent((event) => {
      if (event.type === 'library:diskFull') events.push(event.full);
    });
    // A stage whose write hits a full disk, as a vector or thumbnail write would.
    t.core.pipeline.add({
      name: 'writer',
      run: () =>
        Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
        ),
    });
    await expect(t.core.pipeline.afterIngest()).rejects.toThrow(/is full/);
    off();
    expect(t.core.library.diskFull).not.toBeNull();
    expect(events).toHaveLength(1);
  });
});
