/**
 * @file A seeded generator (xorshift32) for benchmarks and tests: the same numbers on every
 * machine and every run, so a synthetic library or sample is the same each time.
 */

/** Numbers uniform in [−0.5, 0.5), the same sequence for the same `seed` (not 0). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296 - 0.5;
  };
}
