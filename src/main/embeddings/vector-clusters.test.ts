import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/seeded-random';
import { normalise } from '../../shared/vector-math';
import { KMeans, nearestCentroid, trainCentroids } from './vector-clusters';

/** Unit vectors around `groups` directions (seeded). */
function sampleOf(count: number, groups: number, dimension = 32): Float32Array[] {
  const next = seededRandom(99);
  const centres = Array.from({ length: groups }, () =>
    normalise(Float32Array.from({ length: dimension }, next)),
  );
  return Array.from({ length: count }, (_, i) =>
    normalise((centres[i % groups] ?? new Float32Array()).map((x) => x + 0.2 * next())),
  );
}

describe('k-means cells', () => {
  it('trained in slices, the cells are the same as trained in one go', () => {
    const sample = sampleOf(2_000, 12);
    const whole = trainCentroids(sample, 16);
    const sliced = new KMeans(sample, 16);
    let steps = 0;
    while (!sliced.step(5_000)) steps++;
    // 2,000 samples × 16 cells in slices of 5,000 comparisons: 7 steps a round, 6 rounds.
    expect(steps).toBe(6 * 7 - 1);
    expect(sliced.centroids).toEqual(whole);
  });

  it('every group of the sample gets a cell of its own', () => {
    const sample = sampleOf(1_200, 6);
    const cells = trainCentroids(sample, 6);
    const cellOfGroup = [0, 1, 2, 3, 4, 5].map((g) =>
      nearestCentroid(sample[g] ?? new Float32Array(), cells),
    );
    expect(new Set(cellOfGroup).size).toBe(6);
    // Members of one group share their group's cell.
    sample.forEach((v, i) => {
      expect(nearestCentroid(v, cells)).toBe(cellOfGroup[i % 6]);
    });
  });
});
