/** @file [Note: Chip pyramid]: a large face's chip, cut from its halved pixels, is the chip. */
import { describe, expect, it } from 'vitest';
import { faceChip, halve } from './chip-pyramid';
import { chipSize, chipTransform, cutChip } from './face-align';

/** dlib's chip points (eyes, nose tip, mouth) placed in a photo turned by 30°, scaled, shifted. */
function keypointsAt(scale: number, left: number, top: number): number[] {
  const chipPoints = [47.5, 46.6, 100.5, 46.6, 74.0, 76.6, 74.0, 104.9];
  const [c, s] = [scale * Math.cos(Math.PI / 6), scale * Math.sin(Math.PI / 6)];
  return [0, 2, 4, 6].flatMap((i) => {
    const [x, y] = [chipPoints[i] ?? 0, chipPoints[i + 1] ?? 0];
    return [c * x - s * y + left, s * x + c * y + top];
  });
}

/** A smooth photo with detail at every scale a chip may keep. */
function photo(width: number, height: number): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        data[(y * width + x) * 3 + c] =
          128 + 60 * Math.sin(x / (9 + c)) * Math.cos(y / 13) + 40 * Math.sin((x + y) / 31);
  return { data, width, height };
}

describe('chip pyramid', () => {
  it('averages 2×2 pixels', () => {
    const image = {
      data: Uint8Array.from({ length: 4 * 2 * 3 }, (_, i) => i),
      width: 4,
      height: 2,
    };
    // Pixels (1, 0), (2, 0), (1, 1), (2, 1): red 3, 6, 15, 18 → 10.5, rounded to 11.
    expect([...halve(image, 1, 0, 3, 2).data]).toEqual([11, 12, 13]);
  });

  it('puts the eyes of a large tilted face where dlib’s chip has them', () => {
    const keypoints = keypointsAt(4.5, 500, 100);
    const width = 1100;
    const height = 1000;
    const data = new Uint8Array(width * height * 3).fill(255);
    for (const k of [0, 2]) {
      const [ex, ey] = [Math.round(keypoints[k] ?? 0), Math.round(keypoints[k + 1] ?? 0)];
      for (let y = ey - 9; y <= ey + 9; y++)
        data.fill(0, (y * width + ex - 9) * 3, (y * width + ex + 10) * 3);
    }
    const chip = faceChip({ data, width, height }, chipTransform([...keypoints, 0, 0, 0, 0]));
    const grey = (x: number, y: number) => chip[(y * chipSize + x) * 3] ?? 255;
    expect(grey(47, 47)).toBeLessThan(64);
    expect(grey(100, 47)).toBeLessThan(64);
    expect(grey(74, 47)).toBeGreaterThan(192);
    expect(grey(74, 90)).toBeGreaterThan(192);
  });

  it('gives nearly the chip cut from the face itself, and the same one for a small face', () => {
    const image = photo(1400, 1300);
    for (const scale of [2.2, 3.7, 6.5]) {
      const toChip = chipTransform([...keypointsAt(scale, 600, 50), 0, 0, 0, 0]);
      const direct = cutChip(image, toChip);
      const pyramid = faceChip(image, toChip);
      let diff = 0;
      for (let i = 0; i < direct.length; i++)
        diff += Math.abs((direct[i] ?? 0) - (pyramid[i] ?? 0));
      expect(diff / direct.length).toBeLessThan(2);
    }
    const small = chipTransform([...keypointsAt(1.6, 300, 300), 0, 0, 0, 0]);
    expect(faceChip(image, small)).toEqual(cutChip(image, small));
  });
});
