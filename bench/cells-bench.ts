/**
 * @file `npm run bench:cells`: how many cells, and how many of them probed, on a library less
 * clustered than bench:search's (where every choice finds 100 %). 100,000 unit vectors of 768
 * dimensions (BENCH_PHOTOS for another size), each a shared direction (the "cone" real image
 * embeddings sit in), one of 400 topics, part of a second topic and much noise: a query's 100th
 * nearest photo is at cosine ≈ 0.25 and two random photos at ≈ 0.08, so nearest neighbours
 * spread over many cells. Cells are trained and filed with the app's own k-means
 * (vector-clusters.ts, 128 sample vectors per cell, as VectorLists trains them); per cell count
 * and probe count: the share of the library a query reads and recall@100 against the exact
 * ranking (float cosine: the int8 codes are not what is measured here). Pure JavaScript.
 */
import {
  nearestCentroid,
  nearestCentroids,
  trainCentroids,
} from '../src/main/embeddings/vector-clusters';
import { seededRandom } from '../src/shared/seeded-random';
import { normalise } from '../src/shared/vector-math';

const dimension = 768;
const photos = Number(process.env.BENCH_PHOTOS ?? 100_000);
const queryCount = 20;

const uniform = seededRandom(12345);
const gauss = () => {
  let s = 0;
  for (let i = 0; i < 6; i++) s += uniform();
  return s;
};
const direction = () => normalise(Float32Array.from({ length: dimension }, gauss));
const cone = direction();
const topics = Array.from({ length: 400 }, direction);
const pick = () => topics[Math.floor((uniform() + 0.5) * topics.length)] ?? cone;
const photo = () => {
  const main = pick();
  const second = pick();
  const share = (uniform() + 0.5) * 0.6;
  const noise = 3 / Math.sqrt(dimension);
  return normalise(
    Float32Array.from(
      { length: dimension },
      (_, d) => 0.7 * (cone[d] ?? 0) + (main[d] ?? 0) + share * (second[d] ?? 0) + noise * gauss(),
    ),
  );
};
const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let d = 0; d < dimension; d++) s += (a[d] ?? 0) * (b[d] ?? 0);
  return s;
};

const library = Array.from({ length: photos }, photo);
const queries = Array.from({ length: queryCount }, photo);
const truth = queries.map(
  (q) =>
    new Set(
      library
        .map((v, i) => [dot(q, v), i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 100)
        .map(([, i]) => i),
    ),
);
console.log(
  `${photos.toLocaleString('en')} photos: two random photos at cosine ${dot(library[1] ?? cone, library[2] ?? cone).toFixed(2)}`,
);
console.log('| cells | probes | codes read | recall@100 |\n| --- | --- | --- | --- |');
for (const cells of [32, 64, 128, 256]) {
  const sample = Array.from(
    { length: cells * 128 },
    (_, i) => library[(i * 7919) % photos] ?? cone,
  );
  const centroids = trainCentroids(sample, cells);
  const cellOf = library.map((v) => nearestCentroid(v, centroids));
  for (const probes of [4, 6, 8, 12, 16]) {
    if (probes > cells / 2) continue;
    let found = 0;
    let read = 0;
    queries.forEach((q, qi) => {
      const probed = new Set(nearestCentroids(q, centroids, probes));
      cellOf.forEach((cell, i) => {
        if (!probed.has(cell)) return;
        read++;
        if (truth[qi]?.has(i)) found++;
      });
    });
    const share = (100 * read) / queryCount / photos;
    console.log(
      `| ${String(cells)} | ${String(probes)} | ${share.toFixed(1)} % | ${(found / queryCount).toFixed(1)} % |`,
    );
  }
}
