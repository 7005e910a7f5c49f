/** Pillow's resampler: its exactness against PIL is shown on chelsea.png at 384 in model-input.test.ts. */
import { describe, expect, it } from 'vitest';
import { pillowResize, type PillowFilter } from './pillow-resample';

const filled = (w: number, h: number, rgb: [number, number, number]) => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return data;
};

describe('pillowResize', () => {
  it.each<PillowFilter>(['bicubic', 'bilinear', 'lanczos', 'nearest'])(
    '%s keeps a flat colour flat, enlarging one axis and shrinking the other',
    (filter) => {
      const out = pillowResize(filled(9, 5, [200, 100, 7]), 9, 5, 4, 12, filter);
      expect(out).toEqual(filled(4, 12, [200, 100, 7]));
    },
  );

  it('bicubic overshoots at an edge and clips, as Pillow does', () => {
    // One row: 0 0 255 255, doubled: the cubic's negative lobes ring and are clipped to 0 and 255.
    const src = new Uint8Array([0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255]);
    const out = pillowResize(src, 4, 1, 8, 1, 'bicubic');
    const reds = Array.from({ length: 8 }, (_, i) => out[i * 3]);
    expect(reds.slice(0, 2)).toEqual([0, 0]);
    expect(reds.slice(6)).toEqual([255, 255]);
    expect(reds[3]).toBeLessThan(reds[4] ?? 0);
  });

  it('nearest takes the pixel under each output centre', () => {
    const src = new Uint8Array([10, 10, 10, 20, 20, 20, 30, 30, 30]);
    expect(
      Array.from(pillowResize(src, 3, 1, 6, 1, 'nearest').filter((_, i) => i % 3 === 0)),
    ).toEqual([10, 10, 20, 20, 30, 30]);
  });
});
