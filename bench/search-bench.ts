/**
 * @file `npm run bench:search`: query latency over a large library (BENCH_PHOTOS, default
 * 100,000 photos with 768-dimensional vectors, the default model's size) in the real SQLite
 * file with sqlite-vec: a plain query (k-NN + relevance), a query with a date filter, and a
 * filter-only query — next to a brute-force baseline in the same process (every vector in a
 * JavaScript array, one dot product each). The query text is already a vector here: text
 * embedding time is measured by `npm run bench:embed`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryDatabase } from '../src/main/db/library-database';
import type { EmbeddingService } from '../src/main/embeddings/embedding-service';
import { EmbeddingStore } from '../src/main/embeddings/embedding-store';
import { VectorIndex } from '../src/main/embeddings/vector-index';
import { SearchService } from '../src/main/search/search-service';
import { normalise } from '../src/shared/vector-math';

const count = Number(process.env.BENCH_PHOTOS ?? 100_000);
const dimension = 768;
const queries = 20;

let seed = 42;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296 - 0.5;
};
/** Photos cluster around 200 "scenes", like a real library's vectors do. */
const centres = Array.from({ length: 200 }, () =>
  normalise(Float32Array.from({ length: dimension }, random)),
);
const photoVector = (i: number) => {
  const c = centres[i % centres.length] ?? new Float32Array(dimension);
  return normalise(c.map((x) => x + random() * 0.08));
};

const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-search-'));
const database = LibraryDatabase.open(path.join(home, 'library.db'));
const db = database.db;
const store = new EmbeddingStore(db);
const table = store.ensureModel('bench', dimension);
console.log(`building ${String(count)} photos with ${String(dimension)}-d vectors…`);
const vectors: Float32Array[] = [];
const started = performance.now();
db.prepare("INSERT INTO folders (path, added_at) VALUES ('/bench', '2026-01-01')").run();
const insertPhoto = db.prepare(
  `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, updated_at)
   VALUES (?, ?, 1000, 'jpeg', 'ready', ?, ?, '2026-01-01')`,
);
const insertFile = db.prepare(
  'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1000, 0)',
);
const insertVector = db.prepare(`INSERT INTO "${table}" (photo_id, embedding) VALUES (?, ?)`);
db.transaction(() => {
  for (let i = 1; i <= count; i++) {
    const when = new Date(Date.UTC(2010, 0, 1) + i * 3_600_000 * 1.3);
    const local = when.toISOString().slice(0, 19);
    insertPhoto.run(i, `fp${String(i)}`, local, when.getTime());
    insertFile.run(`/bench/IMG_${String(i)}.jpg`, i);
    const v = photoVector(i);
    vectors.push(v);
    insertVector.run(BigInt(i), v);
  }
})();
store.ensureModel('bench', dimension); // fills the sign-bit table from the vectors
console.log(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// The query vector: near one scene, as a typed query is.
const queryVector = normalise(
  (centres[7] ?? new Float32Array(dimension)).map((x) => x + random() * 0.3),
);
const index = new VectorIndex(db, { modelId: 'bench', table, dimension });
const embeddings = {
  searchModel: () => ({ id: 'bench', dir: home, dimension, index }),
  embedText: () => Promise.resolve(queryVector),
} as unknown as EmbeddingService;
const search = new SearchService(db, embeddings);

async function time(label: string, run: () => unknown): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1] ?? NaN;
  console.log(
    `  ${label}: median ${median.toFixed(1)} ms, p95 ${(times[Math.floor(times.length * 0.95)] ?? NaN).toFixed(1)} ms`,
  );
  return median;
}

const bruteForce = await time('baseline: brute force in JS (top 100 by dot product)', () => {
  const scores = vectors.map((v, i) => {
    let s = 0;
    for (let d = 0; d < dimension; d++) s += (v[d] ?? 0) * (queryVector[d] ?? 0);
    return [s, i] as const;
  });
  return scores.sort((a, b) => b[0] - a[0]).slice(0, 100);
});
let shown = 0;
const plain = await time(
  'search "…" (bit pass + exact re-score + relevance, first 100)',
  async () => {
    shown = (await search.search({ query: 'a scene', limit: 100 })).total;
  },
);
const dated = await time('search "… 2015" (date filter, scan + relevance)', () =>
  search.search({ query: 'a scene 2015', limit: 100 }),
);
const filterOnly = await time('search "2015" (filter only, by date)', () =>
  search.search({ query: '2015', limit: 100 }),
);
console.log(`  relevant results for the plain query: ${String(shown)}`);
// Recall of the two-pass ranking against the exact top 100.
const exact = new Set(
  vectors
    .map((v, i) => {
      let s = 0;
      for (let d = 0; d < dimension; d++) s += (v[d] ?? 0) * (queryVector[d] ?? 0);
      return [s, i + 1] as const;
    })
    .sort((a, b) => b[0] - a[0])
    .slice(0, 100)
    .map(([, id]) => id),
);
const found = (await search.search({ query: 'a scene', limit: 100, all: true })).results;
const recall = found.filter((r) => exact.has(r.id)).length / exact.size;
console.log(`  recall@100 of the two-pass ranking vs exact: ${(recall * 100).toFixed(0)}%`);
console.log(
  `\n| photos | brute force JS | search | search + date filter | filter only | search / brute force |\n|---|---|---|---|---|---|\n| ${String(count)} | ${bruteForce.toFixed(0)} ms | ${plain.toFixed(0)} ms | ${dated.toFixed(0)} ms | ${filterOnly.toFixed(0)} ms | ${(plain / bruteForce).toFixed(2)}× |`,
);
database.close();
rmSync(home, { recursive: true, force: true });
