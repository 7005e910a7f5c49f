/** @file The pure geometry of the face pipeline: anchors, MediaPipe's weighted NMS, duplicates across levels, the chip's similarity. */
import { describe, expect, it } from 'vitest';
import { anchorCentres, weightedNms, type Detection } from './blazeface';
import { chipSize, chipTransform, cutChip, fitSimilarity } from './face-align';
import { dropDuplicates } from './face-detector';

const det = (cx: number, score: number): Detection => ({
  cx,
  cy: 0.5,
  w: 0.2,
  h: 0.2,
  keypoints: Array.from({ length: 12 }, () => cx),
  score,
});

describe('weightedNms', () => {
  it('folds overlapping anchors into one box weighted by score, keeping the best score', () => {
    const [merged, other] = weightedNms([det(0.5, 0.9), det(0.52, 0.3), det(0.9, 0.8)]);
    expect(merged?.score).toBe(0.9);
    expect(merged?.cx).toBeCloseTo((0.5 * 0.9 + 0.52 * 0.3) / 1.2, 6);
    expect(merged?.keypoints[0]).toBeCloseTo(merged?.cx ?? 0, 6);
    expect(other?.cx).toBe(0.9);
  });
});

describe('anchors', () => {
  it('are MediaPipe’s 896 on 256 px: 16×16 cells of 2, then 8×8 cells of 6, at cell centres', () => {
    const a = anchorCentres(256, 256);
    expect(a.length).toBe(2 * 896);
    expect([...a.subarray(0, 6)]).toEqual([8, 8, 8, 8, 24, 8]);
    expect([...a.subarray(2 * 512, 2 * 512 + 2)]).toEqual([16, 16]);
    expect([...a.subarray(-2)]).toEqual([240, 240]);
  });

  it('cover a whole level of any size the same way, row by row', () => {
    const a = anchorCentres(512, 384);
    expect(a.length).toBe(2 * (32 * 24 * 2 + 16 * 12 * 6));
    // The second row of the 16 px layer starts after the first row's 32 cells × 2 anchors.
    expect([...a.subarray(2 * 64, 2 * 64 + 2)]).toEqual([8, 24]);
    expect([...a.subarray(-2)]).toEqual([496, 368]);
  });
});

describe('levels', () => {
  it('drop the lower-scored of two boxes of one face', () => {
    const face = { x: 10, y: 10, width: 50, height: 50, keypoints: [], score: 0.9 };
    const cut = { ...face, width: 20, score: 0.7 };
    const apart = { ...face, x: 200, score: 0.6 };
    expect(dropDuplicates([cut, face, apart])).toEqual([face, apart]);
  });
});

describe('chip alignment', () => {
  it('fits a rotation, scale and shift exactly when one exists', () => {
    const from: [number, number][] = [
      [0, 0],
      [10, 0],
      [5, 8],
      [5, 12],
    ];
    const angle = 0.3;
    const to = from.map(([x, y]): [number, number] => [
      2 * (Math.cos(angle) * x - Math.sin(angle) * y) + 7,
      2 * (Math.sin(angle) * x + Math.cos(angle) * y) - 3,
    ]);
    const t = fitSimilarity(from, to);
    expect(t.a).toBeCloseTo(2 * Math.cos(angle), 9);
    expect(t.b).toBeCloseTo(2 * Math.sin(angle), 9);
    expect(t.tx).toBeCloseTo(7, 9);
    expect(t.ty).toBeCloseTo(-3, 9);
  });

  it('puts the eyes of a tilted head where dlib’s chip has them', () => {
    // dlib's chip points, placed in a white photo turned by 30°, scaled by 1.5 and shifted.
    const chipPoints = [47.5, 46.6, 100.5, 46.6, 74.0, 76.6, 74.0, 104.9];
    const [c, s] = [1.5 * Math.cos(Math.PI / 6), 1.5 * Math.sin(Math.PI / 6)];
    const keypoints = [0, 2, 4, 6].flatMap((i) => {
      const [x, y] = [chipPoints[i] ?? 0, chipPoints[i + 1] ?? 0];
      return [c * x - s * y + 120, s * x + c * y + 40];
    });
    const width = 400;
    const height = 400;
    const data = new Uint8Array(width * height * 3).fill(255);
    for (const k of [0, 2]) {
      const [ex, ey] = [Math.round(keypoints[k] ?? 0), Math.round(keypoints[k + 1] ?? 0)];
      for (let y = ey - 3; y <= ey + 3; y++)
        data.fill(0, (y * width + ex - 3) * 3, (y * width + ex + 4) * 3);
    }
    const chip = cutChip({ data, width, height }, chipTransform([...keypoints, 0, 0, 0, 0]));
    const grey = (x: number, y: number) => chip[(y * chipSize + x) * 3] ?? 255;
    expect(grey(47, 47)).toBeLessThan(64);
    expect(grey(100, 47)).toBeLessThan(64);
    expect(grey(74, 47)).toBeGreaterThan(192);
    expect(grey(74, 90)).toBeGreaterThan(192);
  });
});
