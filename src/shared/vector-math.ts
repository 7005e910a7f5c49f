/**
 * @file Vector maths on embeddings (dot product, cosine, unit length, mean direction) and their
 * SQLite blob form. Pure, so the core and the inference worker share one copy.
 *
 * Stored vectors are unit length (the worker normalises every embedding), so for them the dot
 * product is the cosine similarity; `cosine` is for vectors that may not be.
 */

/** The dot product of two vectors of the same length. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/**
 * Cosine similarity of vectors of any length; two zero vectors count as equal (1), a zero
 * vector and another as unrelated (0).
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] ?? 0) * (b[i] ?? 0);
    aa += (a[i] ?? 0) ** 2;
    bb += (b[i] ?? 0) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : aa === bb ? 1 : 0;
}

/** Scales a vector to unit length in place and returns it (a zero vector stays zero). */
export function normalise<T extends Float32Array>(vector: T): T {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/**
 * The unit vector along the mean of `vectors` (all `dimension` long): how several prompts
 * become one concept. A missing or short vector counts as zeros.
 */
export function meanDirection(
  vectors: readonly (Float32Array | undefined)[],
  dimension: number,
): Float32Array {
  const sum = new Float32Array(dimension);
  for (const v of vectors) {
    if (v) for (let d = 0; d < dimension; d++) sum[d] = (sum[d] ?? 0) + (v[d] ?? 0);
  }
  return normalise(sum);
}

/**
 * A vector from its blob (a vec0 `float[]` column or a cached BLOB). Copied: SQLite's buffers
 * may be pooled and need not be 4-byte aligned.
 */
export function vectorFromBlob(blob: Uint8Array): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** The bytes of a vector, for a BLOB column (a view, not a copy). */
export function vectorToBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}
