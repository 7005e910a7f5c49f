/**
 * @file `npm run bench:tags`: the cost and the outcome of calibrated auto-tagging ([Note: Tag
 * calibration]) at library sizes BENCH_TAG_SIZES (default 1,000 and 100,000 photos), with
 * synthetic 768-dimensional vectors in the real SQLite file with sqlite-vec, in both score
 * regimes: SigLIP-like (a photo's concepts ≈ 0.10, the rest ≈ 0.0) and CLIP-like
 * (≈ 0.30 against ≈ 0.20). Each photo shows 1–3 of the vocabulary's concepts, common ones
 * more often (Zipf); its vector is a tenth along each concept it shows and the rest noise
 * leaning away from the concepts' cone (false-label cosines ± ~0.02, as real models' are). Measured: computing the statistics
 * (the refresh when the library doubles), a tagging pass per 1,000 photos (read the vectors,
 * judge every concept, store the suggestions), tags per photo and their precision and recall
 * against the concepts each photo shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryDatabase } from '../src/main/db/library-database';
import { EmbeddingStore } from '../src/main/embeddings/embedding-store';
import { VectorIndex } from '../src/main/embeddings/vector-index';
import type { TaggingCalibration } from '../src/shared/model-catalog';
import { suggestionsFor } from '../src/main/tagging/tag-calibration';
import { TagStatistics } from '../src/main/tagging/tag-statistics';
import { TagStore } from '../src/main/tagging/tag-store';
import { seededRandom } from '../src/shared/seeded-random';
import { vocabulary } from '../src/main/tagging/tag-vocabulary';
import { normalise } from '../src/shared/vector-math';

const sizes = (process.env.BENCH_TAG_SIZES ?? '1000,100000').split(',').map(Number);
const dimension = 768;
/** Photos tagged per measured pass (the cost is linear in photos). */
const measuredPhotos = 5000;

const random = seededRandom(7);
const gaussianUnit = () => normalise(Float32Array.from({ length: dimension }, random));
/**
 * A random unit vector with `first` of its energy in the first half of the dimensions: text
 * and photo vectors of real models lie in different cones (the modality gap), so a photo's
 * content that no word names projects less on the words than a random direction would.
 */
const unitLeaning = (first: number) => {
  const half = dimension >> 1;
  const v = gaussianUnit();
  let a = 0;
  for (let d = 0; d < half; d++) a += (v[d] ?? 0) ** 2;
  const [wa, wb] = [Math.sqrt(first / a), Math.sqrt((1 - first) / (1 - a))];
  return v.map((x, d) => x * (d < half ? wa : wb));
};

interface Regime {
  name: string;
  /** Weight of the direction photos and concepts share (CLIP's offset). */
  shared: number;
  prior: TaggingCalibration;
}
const regimes: Regime[] = [
  {
    name: 'SigLIP-like',
    shared: 0,
    prior: { scale: 112, bias: -16.5, threshold: 0.1, fitted: false },
  },
  {
    name: 'CLIP-like',
    shared: 0.45,
    prior: { scale: 50, bias: -14, threshold: 0.3, fitted: false },
  },
];

/** Zipf-like: concept k shows in a photo with weight 1 / (k + 1). */
const conceptCount = vocabulary.tags.length;
const cumulative: number[] = [];
for (let k = 0, sum = 0; k < conceptCount; k++) cumulative.push((sum += 1 / (k + 1)));
const total = cumulative.at(-1) ?? 1;
const pickConcept = () => {
  const r = (random() + 0.5) * total;
  return Math.max(
    0,
    cumulative.findIndex((c) => c >= r),
  );
};

function buildConcepts(regime: Regime, sharedDir: Float32Array) {
  return vocabulary.tags.map((c) => {
    const own = unitLeaning(0.9);
    const v = own.map(
      (x, d) => x * Math.sqrt(1 - regime.shared ** 2) + (sharedDir[d] ?? 0) * regime.shared,
    );
    return { id: c.id, vector: normalise(v) };
  });
}

/** A photo showing `shown`: 0.10 along each shown concept, the shared offset, the rest noise. */
function photoVector(
  shown: readonly number[],
  concepts: readonly { vector: Float32Array }[],
  regime: Regime,
  sharedDir: Float32Array,
): Float32Array {
  const v = unitLeaning(0.1).map((x, d) => x * 0.9 + (sharedDir[d] ?? 0) * regime.shared);
  for (const k of shown) {
    const c = concepts[k]?.vector;
    if (c) for (let d = 0; d < dimension; d++) v[d] = (v[d] ?? 0) + 0.1 * (c[d] ?? 0);
  }
  return normalise(v);
}

/** CPU time of this process since `from` (the machine may be shared: wall time is not all). */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

const rows: string[] = [];
for (const regime of regimes) {
  for (const size of sizes) {
    const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-tags-'));
    const database = LibraryDatabase.open(path.join(home, 'library.db'));
    const db = database.db;
    const store = new EmbeddingStore(db);
    const table = store.ensureModel('bench', dimension);
    const sharedDir = gaussianUnit();
    const concepts = buildConcepts(regime, sharedDir);
    const shownBy = new Map<number, Set<number>>();
    db.prepare("INSERT INTO folders (path, added_at) VALUES ('/bench', '2026-01-01')").run();
    const insertPhoto = db.prepare(
      `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, updated_at)
       VALUES (?, ?, 1000, 'jpeg', 'ready', '2020-01-01T00:00:00', ?, '2026-01-01')`,
    );
    const insertFile = db.prepare(
      'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1000, 0)',
    );
    const insertVector = db.prepare(`INSERT INTO "${table}" (photo_id, embedding) VALUES (?, ?)`);
    const built = performance.now();
    db.transaction(() => {
      for (let i = 1; i <= size; i++) {
        insertPhoto.run(i, `fp${String(i)}`, i);
        insertFile.run(`/bench/IMG_${String(i)}.jpg`, i);
        const n = 1 + Math.floor((random() + 0.5) * 3);
        const shown = new Set(Array.from({ length: n }, pickConcept));
        shownBy.set(i, shown);
        insertVector.run(BigInt(i), photoVector([...shown], concepts, regime, sharedDir));
      }
    })();
    store.ensureModel('bench', dimension);
    console.log(
      `${regime.name}, ${size.toLocaleString('en')} photos built in ${((performance.now() - built) / 1000).toFixed(1)} s`,
    );

    const index = new VectorIndex(db, { modelId: 'bench', table, dimension });
    const statistics = new TagStatistics(db);
    const tags = new TagStore(db);
    let t = performance.now();
    let cpu = process.cpuUsage();
    const current = statistics.current(index, concepts, regime.prior);
    const refreshMs = performance.now() - t;
    const refreshCpu = cpuMs(cpu);

    // The tagger's loop (tag-service.ts #drain) over the first `measuredPhotos` photos.
    const perPhoto = new Map<number, string[]>();
    let tagged = 0;
    let judgeMs = 0;
    t = performance.now();
    cpu = process.cpuUsage();
    while (tagged < Math.min(size, measuredPhotos)) {
      const batch = tags.untagged(index, 256);
      if (batch.length === 0) break;
      const judged = performance.now();
      const items = batch.map(({ photoId, vector }) => ({
        photoId,
        tags: suggestionsFor(vector, current.vocabulary),
      }));
      judgeMs += performance.now() - judged;
      tags.suggest('bench', items);
      for (const item of items)
        perPhoto.set(
          item.photoId,
          item.tags.map((x) => x.name),
        );
      tagged += batch.length;
    }
    const perThousand = ((performance.now() - t) / tagged) * 1000;
    const cpuPerThousand = (cpuMs(cpu) / tagged) * 1000;
    const judgePerThousand = (judgeMs / tagged) * 1000;

    const counts: Record<number, number> = {};
    let suggested = 0;
    let right = 0;
    let shownTotal = 0;
    let found = 0;
    const idOf = new Map(concepts.map((c, k) => [c.id, k]));
    for (const [photoId, names] of perPhoto) {
      counts[names.length] = (counts[names.length] ?? 0) + 1;
      const shown = shownBy.get(photoId) ?? new Set<number>();
      suggested += names.length;
      right += names.filter((n) => shown.has(idOf.get(n) ?? -1)).length;
      shownTotal += shown.size;
      found += [...shown].filter((k) => names.includes(concepts[k]?.id ?? '')).length;
    }
    const histogram = Object.entries(counts)
      .map(([n, photos]) => `${n}: ${String(photos)}`)
      .join(', ');
    rows.push(
      `| ${regime.name} | ${size.toLocaleString('en')} | ${refreshMs.toFixed(0)} ms (${refreshCpu.toFixed(0)} ms CPU) | ${perThousand.toFixed(0)} ms (${cpuPerThousand.toFixed(0)} ms CPU; judging ${judgePerThousand.toFixed(0)} ms) | ${(suggested / tagged).toFixed(2)} (${histogram}) | ${((right / Math.max(1, suggested)) * 100).toFixed(0)}% | ${((found / Math.max(1, shownTotal)) * 100).toFixed(0)}% |`,
    );
    console.log(rows.at(-1));
    database.close();
    rmSync(home, { recursive: true, force: true });
  }
}
console.log(
  `\n| regime | photos | statistics refresh (1,000 sampled) | tagging per 1,000 photos | tags per photo (tags: photos) | precision | recall |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}`,
);
