/**
 * Newest photos first ([Note: Pipeline]): through the real core, the first photos to become
 * searchable are the most recently taken, and status says how many are searchable of how many.
 */
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../app-handlers';
import { vecTableName } from '../embeddings/embedding-store';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

const count = 48;
let t: TestCore;
/** Photo names in the vector table when the first embedding batch was stored. */
let firstSearchable: string[] = [];
/** Searchable counts the status reported while indexing ran. */
const seen: { done: number; total: number }[] = [];

beforeAll(async () => {
  t = openTestCore();
  // Photo i was taken on day i of 2020 and copied then (file time = capture time).
  for (let i = 0; i < count; i++) {
    const file = path.join(t.photos, `day-${String(i).padStart(2, '0')}.jpg`);
    const day = new Date(Date.UTC(2020, 0, 1 + i, 12));
    const exifDate = day.toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
    await writeColourPhoto(file, colours.blue, i, { date: exifDate });
    utimesSync(file, day, day);
  }
  const table = vecTableName('test-tiny', 11);
  const handlers = createHandlers(t.core);
  const off = t.core.onEvent((event) => {
    if (event.type !== 'job:progress' || event.job !== 'embed') return;
    if (firstSearchable.length === 0)
      firstSearchable = (
        t.core.db.db
          .prepare(
            `SELECT f.path FROM "${table}" v JOIN files f ON f.photo_id = v.photo_id ORDER BY f.path`,
          )
          .pluck()
          .all() as string[]
      ).map((p) => path.basename(p));
    void Promise.resolve(handlers['app:info'](undefined)).then((info) => {
      const embed = info.stages.find((s) => s.name === 'embed');
      if (embed) seen.push(embed);
    });
  });
  await t.core.library.index([t.photos], false);
  off();
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('newest photos first', () => {
  it('makes the most recently taken photos searchable first', () => {
    expect(firstSearchable.length).toBeGreaterThan(0);
    expect(firstSearchable.length).toBeLessThan(count);
    // Ingest runs a few photos at once and embedding starts while it goes on, so "newest"
    // means among the newest few dozen, never the oldest half.
    const newestHalf = Array.from(
      { length: count / 2 },
      (_, i) => `day-${String(count - 1 - i).padStart(2, '0')}.jpg`,
    );
    for (const name of firstSearchable) expect(newestHalf, name).toContain(name);
  });

  it('says how many photos are searchable, of how many, per stage', async () => {
    expect(seen.some((s) => s.done > 0 && s.done < s.total)).toBe(true);
    const info = await createHandlers(t.core)['app:info'](undefined);
    expect(info.stages).toEqual([
      { name: 'ingest', done: count, total: count },
      { name: 'embed', done: count, total: count },
      { name: 'tag', done: count, total: count },
      { name: 'faces', done: count, total: count },
      { name: 'text', done: count, total: count },
    ]);
    expect(info.paused).toBe(false);
  });
});
