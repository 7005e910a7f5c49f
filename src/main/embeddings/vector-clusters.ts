/**
 * @file The arithmetic of the vector lists (see [Note: Vector search at scale]): spherical
 * k-means over a sample of unit vectors, the nearest centroids of a vector, and the int8 code
 * a vector is scanned by. Pure, no database.
 */

/** The dot product of two vectors of the same length, unrolled (this is the hot loop of training). */
export function dot4(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length - (a.length % 4);
  let i = 0;
  for (; i < n; i += 4) {
    s0 += (a[i] ?? 0) * (b[i] ?? 0);
    s1 += (a[i + 1] ?? 0) * (b[i + 1] ?? 0);
    s2 += (a[i + 2] ?? 0) * (b[i + 2] ?? 0);
    s3 += (a[i + 3] ?? 0) * (b[i + 3] ?? 0);
  }
  for (; i < a.length; i++) s0 += (a[i] ?? 0) * (b[i] ?? 0);
  return s0 + s1 + s2 + s3;
}

/**
 * The int8 code of a vector: each component scaled so the largest is ±127. Cosine distance
 * ignores a vector's length, so a scale per vector loses nothing and keeps all 8 bits for
 * the components this vector has (a fixed scale would waste most of them on unit vectors,
 * whose components are small).
 */
export function int8Code(vector: Float32Array): Buffer {
  let max = 0;
  for (const x of vector) max = Math.max(max, Math.abs(x));
  const code = new Int8Array(vector.length);
  if (max > 0)
    for (let i = 0; i < vector.length; i++) code[i] = Math.round(((vector[i] ?? 0) * 127) / max);
  return Buffer.from(code.buffer, code.byteOffset, code.byteLength);
}

/** The indexes of the `n` centroids nearest to `vector` (largest dot product), nearest first. */
export function nearestCentroids(
  vector: Float32Array,
  centroids: readonly Float32Array[],
  n: number,
): number[] {
  const scored = centroids.map((c, i) => [dot4(vector, c), i] as const);
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return scored.slice(0, n).map(([, i]) => i);
}

/** The index of the centroid nearest to `vector` (one pass, no sort: assignment's hot path). */
export function nearestCentroid(vector: Float32Array, centroids: readonly Float32Array[]): number {
  let best = -1;
  let bestScore = -Infinity;
  centroids.forEach((c, i) => {
    const s = dot4(vector, c);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  return best;
}

function unit<T extends Float32Array>(v: T): T {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

/**
 * `k` centroids of `sample` (unit vectors) by spherical k-means: seeds spread evenly over the
 * sample (deterministic, so a rebuild after a crash trains the same cells), then `iterations`
 * rounds of assign-to-nearest and mean-of-members. A cell that loses every member keeps its
 * centroid. Cost: sample × k × iterations dot products.
 */
export function trainCentroids(
  sample: readonly Float32Array[],
  k: number,
  iterations = 6,
): Float32Array[] {
  const training = new KMeans(sample, k, iterations);
  while (!training.step(Infinity));
  return training.centroids;
}

/**
 * trainCentroids in slices (the same centroids): each step() assigns at most `pairs` /
 * k sample vectors, so a caller on an event loop (VectorLists.maintain) never blocks it for
 * long — at a million photos, 32,768 samples × 256 cells × 6 rounds is about 40 s of one core.
 */
export class KMeans {
  readonly centroids: Float32Array[];
  readonly #sample: readonly Float32Array[];
  readonly #members: Int32Array;
  readonly #iterations: number;
  #round = 0;
  /** The next sample vector to assign in this round. */
  #next = 0;

  constructor(sample: readonly Float32Array[], k: number, iterations = 6) {
    this.#sample = sample;
    this.#iterations = iterations;
    const count = Math.min(k, sample.length);
    this.centroids = Array.from({ length: count }, (_, i) =>
      Float32Array.from(sample[Math.floor((i * sample.length) / count)] ?? []),
    );
    this.#members = new Int32Array(sample.length);
  }

  /** Assigns up to `pairs` (sample × centroid) comparisons' worth; true once trained. */
  step(pairs: number): boolean {
    if (this.#round >= this.#iterations) return true;
    const sample = this.#sample;
    const end = Math.min(
      sample.length,
      this.#next + Math.max(1, Math.floor(pairs / Math.max(1, this.centroids.length))),
    );
    for (let i = this.#next; i < end; i++)
      this.#members[i] = nearestCentroid(sample[i] ?? new Float32Array(), this.centroids);
    this.#next = end;
    if (end < sample.length) return false;
    this.#moveCentroids();
    this.#round++;
    this.#next = 0;
    return this.#round >= this.#iterations;
  }

  /** Each centroid to the mean direction of its members (one pass over the sample). */
  #moveCentroids(): void {
    const dimension = this.#sample[0]?.length ?? 0;
    const sums = this.centroids.map(() => new Float32Array(dimension));
    const sizes = new Int32Array(this.centroids.length);
    this.#sample.forEach((v, i) => {
      const m = this.#members[i] ?? 0;
      const sum = sums[m];
      if (!sum) return;
      sizes[m] = (sizes[m] ?? 0) + 1;
      for (let d = 0; d < dimension; d++) sum[d] = (sum[d] ?? 0) + (v[d] ?? 0);
    });
    sums.forEach((sum, m) => {
      if ((sizes[m] ?? 0) > 0) this.centroids[m] = unit(sum);
    });
  }
}
