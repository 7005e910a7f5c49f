/**
 * The inverted lists ([Note: Vector search at scale]) in the real SQLite file with sqlite-vec,
 * written through EmbeddingStore as the embed stage writes them: a search through the lists
 * equals the exact ranking; they stay right when photos are added, removed, re-embedded and
 * when the model changes; a refile stopped half-way (the process gone) loses nothing, still
 * finds every photo, and resumes from its cursor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/seeded-random';
import { normalise } from '../../shared/vector-math';
import { LibraryDatabase } from '../db/library-database';
import { sql } from '../db/sql';
import { EmbeddingStore } from './embedding-store';
import { VectorIndex } from './vector-index';
import { cellsFor, minTrained } from './vector-lists';

const dimension = 16;
let home: string;
let database: LibraryDatabase;
let store: EmbeddingStore;

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-lists-'));
  database = LibraryDatabase.open(path.join(home, 'library.db'));
  store = new EmbeddingStore(database.db);
  database.db.prepare("INSERT INTO folders (path, added_at) VALUES ('/p', '2026-01-01')").run();
});
afterEach(() => {
  database.close();
  rmSync(home, { recursive: true, force: true });
});

const random = seededRandom(7);
/** 64 scenes; a photo is its scene plus noise (as real libraries cluster). */
const scenes = Array.from({ length: 64 }, () =>
  normalise(Float32Array.from({ length: dimension }, random)),
);
const near = (scene: number, noise: number) =>
  normalise((scenes[scene % 64] ?? new Float32Array(dimension)).map((x) => x + random() * noise));

/** Adds photos `from`..`to` (inclusive) with their files, queued for embedding. */
function addPhotos(from: number, to: number): void {
  const db = database.db;
  const photo = db.prepare(
    `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, updated_at)
     VALUES (?, ?, 1, 'jpeg', 'ready', '2020-01-01T00:00:00', 0, '2026-01-01')`,
  );
  const file = db.prepare(
    'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1, 0)',
  );
  db.transaction(() => {
    for (let i = from; i <= to; i++) {
      photo.run(i, `fp${String(i)}`);
      file.run(`/p/${String(i)}.jpg`, i);
    }
  })();
}

/** Embeds every queued photo of `model` as the embed stage does (jobs taken, vectors stored). */
function embed(model: string, vectorOf: (photoId: number) => Float32Array): void {
  store.ensureModel(model, vectorOf(1).length);
  store.queueMissing(model);
  for (;;) {
    const jobs = store.pendingJobs(model, 5_000);
    if (jobs.length === 0) return;
    store.storeVectors(
      model,
      jobs.map((job) => ({ job, vector: vectorOf(job.photoId) })),
    );
  }
}

const vectors = new Map<number, Float32Array>();
const vectorOf = (id: number) => {
  let v = vectors.get(id);
  if (!v) {
    v = near(id, 0.4);
    vectors.set(id, v);
  }
  return v;
};

function indexOf(model: string): VectorIndex {
  return new VectorIndex(database.db, {
    modelId: model,
    table: store.table(model),
    dimension: vectorOf(1).length,
  });
}

const everyPhoto = sql`p.state = 'ready'`;
const viaLists = (index: VectorIndex, query: Float32Array, limit = 50) =>
  index
    .rank(query, { where: everyPhoto, limit, coarse: { candidates: 300, narrowing: false } })
    .map((r) => r.photoId);
const exact = (index: VectorIndex, query: Float32Array, limit = 50) =>
  index.rank(query, { where: everyPhoto, limit }).map((r) => r.photoId);

/** The share of the exact top `limit` that the lists' ranking finds, over 8 queries. */
function recall(index: VectorIndex, limit = 50): number {
  let found = 0;
  for (let q = 0; q < 8; q++) {
    const query = near(q * 5, 0.3);
    const want = new Set(exact(index, query, limit));
    found += viaLists(index, query, limit).filter((id) => want.has(id)).length / want.size;
  }
  return found / 8;
}

const listRows = (model: string) =>
  database.db
    .prepare(`SELECT count(*) AS n, count(DISTINCT photo_id) AS d FROM "${store.table(model)}_ivf"`)
    .get() as { n: number; d: number };

describe('vector lists', () => {
  it('rank exactly like a scan of every vector in a small library (one list)', () => {
    addPhotos(1, 800);
    embed('m', vectorOf);
    const index = indexOf('m');
    expect(index.lists.ready()).toBe(true);
    expect(index.lists.cellCount()).toBe(0);
    for (let q = 0; q < 5; q++) {
      const query = near(q, 0.3);
      expect(viaLists(index, query, 100)).toEqual(exact(index, query, 100));
    }
  });

  it('train cells as the library grows, keep recall, and follow removals, re-embeds and a model switch', async () => {
    addPhotos(1, minTrained + 4_000);
    embed('m', vectorOf);
    await store.maintainIndex('m');
    const index = indexOf('m');
    expect(index.lists.cellCount()).toBeGreaterThanOrEqual(16);
    expect(listRows('m')).toEqual({ n: minTrained + 4_000, d: minTrained + 4_000 });
    expect(recall(index)).toBeGreaterThanOrEqual(0.95);
    expect(index.lists.due()).toBe(false);

    // Cells trained by an older rule (half the cells today's rule wants at the size they were
    // trained at, as after the √n/8 → √n/4 change) are retrained once, then left alone.
    const cells = index.lists.cellCount();
    database.db
      .prepare(`UPDATE "${store.table('m')}_ivf_state" SET trained = ?`)
      .run((8 * cells) ** 2);
    expect(cellsFor((8 * cells) ** 2)).toBe(2 * cells);
    expect(index.lists.due()).toBe(true);
    await store.maintainIndex('m');
    expect(index.lists.cellCount()).toBe(cellsFor(minTrained + 4_000));
    expect(index.lists.due()).toBe(false);
    expect(listRows('m')).toEqual({ n: minTrained + 4_000, d: minTrained + 4_000 });
    expect(recall(index)).toBeGreaterThanOrEqual(0.95);

    // Removed photos leave the lists and the results.
    const query = near(3, 0.3);
    const [gone] = viaLists(index, query, 1);
    database.db.prepare('DELETE FROM photos WHERE id = ?').run(gone);
    expect(viaLists(index, query)).not.toContain(gone);
    expect(listRows('m').n).toBe(minTrained + 3_999);

    // A re-embedded photo is found where its new vector is, once.
    const moved = 17;
    const target = near(40, 0.05);
    vectors.set(moved, target);
    // The photo's file changed: its embed job is pending again (what ingest does).
    database.db
      .prepare("UPDATE jobs SET state = 'pending' WHERE kind = 'embed:m' AND photo_id = ?")
      .run(moved);
    embed('m', vectorOf);
    expect(viaLists(index, target, 5)).toContain(moved);
    expect(listRows('m').n).toBe(minTrained + 3_999);

    // Grown 4×: maintain retrains (more cells) and recall holds.
    const before = index.lists.cellCount();
    addPhotos(minTrained + 4_001, 4 * (minTrained + 4_000) + 10);
    embed('m', vectorOf);
    expect(index.lists.due()).toBe(true);
    await store.maintainIndex('m');
    expect(index.lists.cellCount()).toBeGreaterThan(before);
    expect(recall(index)).toBeGreaterThanOrEqual(0.95);

    // Another model (another dimension) has its own vectors and lists; the first is untouched.
    const other = (id: number) => normalise(Float32Array.from(vectorOf(id).subarray(0, 8)));
    embed('m2', other);
    const second = indexOf('m2');
    const q2 = other(1234);
    expect(
      second.rank(q2, {
        where: everyPhoto,
        limit: 1,
        coarse: { candidates: 300, narrowing: false },
      })[0]?.photoId,
    ).toBe(1234);
    expect(listRows('m2').n).toBe(listRows('m').n);
    expect(recall(index)).toBeGreaterThanOrEqual(0.95);
  }, 600_000);

  it('a search’s growing windows equal fresh rankings, and nothing kept outlives a change', async () => {
    addPhotos(1, minTrained + 4_000);
    embed('m', vectorOf);
    await store.maintainIndex('m');
    const index = indexOf('m');
    const query = near(3, 0.3);
    // A search's windows: 1,000, then 16,000 from what the first pass kept.
    const windowed = (limit: number) =>
      index
        .rank(query, {
          where: everyPhoto,
          limit,
          coarse: { candidates: 300, narrowing: false, prefetch: 16_000 },
        })
        .map((r) => r.photoId);
    const fresh = (limit: number) =>
      indexOf('m')
        .rank(query, { where: everyPhoto, limit, coarse: { candidates: 300, narrowing: false } })
        .map((r) => r.photoId);
    expect(windowed(1_000)).toEqual(fresh(1_000));
    expect(windowed(16_000)).toEqual(fresh(16_000));
    // Nothing kept outlives a change: a photo added meanwhile, the query itself, comes first.
    const added = minTrained + 4_001;
    vectors.set(added, query);
    addPhotos(added, added);
    embed('m', vectorOf);
    expect(windowed(16_000)[0]).toBe(added);
    expect(windowed(16_000)).toEqual(fresh(16_000));
  }, 600_000);

  it('a ranking’s tail skips the check against the filter only while counts say every photo matches', async () => {
    addPhotos(1, minTrained + 4_000);
    embed('m', vectorOf);
    await store.maintainIndex('m');
    const index = indexOf('m');
    const query = near(3, 0.3);
    const long = () =>
      index
        .rank(query, {
          where: everyPhoto,
          limit: 16_000,
          coarse: { candidates: 300, narrowing: false },
        })
        .map((r) => r.photoId);
    const fresh = () =>
      indexOf('m')
        .rank(query, {
          where: everyPhoto,
          limit: 16_000,
          coarse: { candidates: 300, narrowing: false },
        })
        .map((r) => r.photoId);
    // Every photo matches and the count says so: the tail is taken as it is, and is the same.
    expect(index.count(everyPhoto)).toBe(minTrained + 4_000);
    const all = long();
    expect(all).toEqual(fresh());
    // A photo of the tail stops matching: the count made before no longer holds, so the tail
    // is checked again, with the count or without it.
    expect(all.length).toBeGreaterThan(1_000);
    const gone = all[Math.floor(all.length / 2)] ?? 0;
    database.db.prepare("UPDATE photos SET state = 'pending' WHERE id = ?").run(gone);
    expect(long()).not.toContain(gone);
    expect(index.count(everyPhoto)).toBe(minTrained + 3_999);
    expect(long()).not.toContain(gone);
    expect(long()).toEqual(fresh());
  }, 600_000);

  it('a refile stopped half-way (process gone) still finds every photo and resumes without loss', async () => {
    addPhotos(1, minTrained + 6_000);
    embed('m', vectorOf);
    const cursor = () =>
      (
        database.db.prepare(`SELECT cursor FROM "${store.table('m')}_ivf_state"`).get() as {
          cursor: number | null;
        }
      ).cursor;
    // Training is bounded steps (it shares the event loop with searches): until its cells are
    // stored, searches use the one list the library started with.
    let steps = 0;
    while (cursor() === null) {
      expect(store.lists('m').maintain()).toBe(true);
      steps++;
      expect(indexOf('m').lists.cellCount()).toBe(
        cursor() === null ? 0 : cellsFor(minTrained + 6_000),
      );
    }
    expect(steps).toBeGreaterThan(10);
    // Then refile three batches only; the process "dies": the connection is dropped.
    let batches = 0;
    await store.maintainIndex('m', () => (cursor() ?? 0) > 0 && ++batches > 2);
    const stoppedAt = cursor();
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(minTrained);
    database.close();

    database = LibraryDatabase.open(path.join(home, 'library.db'));
    store = new EmbeddingStore(database.db);
    const index = indexOf('m');
    // Every vector has exactly one row, old cells or new; a query probes both meanwhile.
    expect(listRows('m')).toEqual({ n: minTrained + 6_000, d: minTrained + 6_000 });
    expect(index.lists.ready()).toBe(true);
    expect(recall(index)).toBeGreaterThanOrEqual(0.95);
    expect(cursor()).toBe(stoppedAt);

    await store.maintainIndex('m');
    expect(cursor()).toBeNull();
    expect(listRows('m')).toEqual({ n: minTrained + 6_000, d: minTrained + 6_000 });
    // Nothing is left in the one list the library started with.
    expect(
      database.db
        .prepare(`SELECT count(*) AS n FROM "${store.table('m')}_ivf" WHERE cell = 0`)
        .get(),
    ).toEqual({ n: 0 });
    expect(recall(index)).toBeGreaterThanOrEqual(0.95);
  }, 600_000);
});
