import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { preprocessConfigSchema } from '../../shared/model-config';
import { preprocessBatch } from './image-preprocess';

// The two preprocessing families of the catalog, at a tiny size (values as open_clip publishes them).
const clip = preprocessConfigSchema.parse({
  size: 4,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.2613026, 0.2757771],
  interpolation: 'bicubic',
  resize_mode: 'shortest',
});
const siglip = preprocessConfigSchema.parse({
  size: [4, 4],
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
  interpolation: 'bicubic',
  resize_mode: 'squash',
});

const rawImage = (
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
) => {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return sharp(data, { raw: { width, height, channels: 3 } });
};

/** Value at channel c, row y, column x of image n in a [n, 3, 4, 4] batch. */
const at = (t: Float32Array, n: number, c: number, y: number, x: number) =>
  t[n * 48 + c * 16 + y * 4 + x] ?? NaN;

describe('preprocessBatch', () => {
  it('CLIP (shortest + centre crop): an 8×4 red|blue image keeps its middle 4 columns, normalised per channel', async () => {
    // Columns 0–3 red, 4–7 blue; the short side is already 4, so the crop takes columns 2–5 unscaled.
    const image = rawImage(8, 4, (x) => (x < 4 ? [255, 0, 0] : [0, 0, 255]));
    const t = await preprocessBatch([image], clip);
    expect(t).toHaveLength(48);
    const red = [
      (1 - 0.48145466) / 0.26862954,
      (0 - 0.4578275) / 0.2613026,
      (0 - 0.40821073) / 0.2757771,
    ];
    const blue = [
      (0 - 0.48145466) / 0.26862954,
      (0 - 0.4578275) / 0.2613026,
      (1 - 0.40821073) / 0.2757771,
    ];
    for (let y = 0; y < 4; y++) {
      for (let c = 0; c < 3; c++) {
        expect(at(t, 0, c, y, 0)).toBeCloseTo(red[c] ?? NaN, 5);
        expect(at(t, 0, c, y, 1)).toBeCloseTo(red[c] ?? NaN, 5);
        expect(at(t, 0, c, y, 2)).toBeCloseTo(blue[c] ?? NaN, 5);
        expect(at(t, 0, c, y, 3)).toBeCloseTo(blue[c] ?? NaN, 5);
      }
    }
  });

  it('SigLIP (squash, mean = std = 0.5): a 4×4 image maps pixel by pixel, channel-first', async () => {
    const pixel = (x: number, y: number): [number, number, number] => [
      x * 60,
      y * 60,
      255 - x * 10 - y * 40,
    ];
    const t = await preprocessBatch([rawImage(4, 4, pixel)], siglip);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const [r, g, b] = pixel(x, y);
        expect(at(t, 0, 0, y, x)).toBeCloseTo((r / 255 - 0.5) / 0.5, 5);
        expect(at(t, 0, 1, y, x)).toBeCloseTo((g / 255 - 0.5) / 0.5, 5);
        expect(at(t, 0, 2, y, x)).toBeCloseTo((b / 255 - 0.5) / 0.5, 5);
      }
    }
  });

  it('squash keeps the whole picture while shortest crops it, and batches stay in order', async () => {
    // 12×4: left third black, middle white, right third black. Squash keeps black at both edges;
    // shortest crops to the white middle.
    const image = rawImage(12, 4, (x) => (x >= 4 && x < 8 ? [255, 255, 255] : [0, 0, 0]));
    const uniformGreen = rawImage(30, 20, () => [0, 255, 0]);
    const squashed = await preprocessBatch([image, uniformGreen], siglip);
    expect(at(squashed, 0, 0, 1, 0)).toBeLessThan(-0.5); // dark edge survives
    expect(at(squashed, 0, 0, 1, 3)).toBeLessThan(-0.5);
    const cropped = await preprocessBatch([image], clip);
    expect(at(cropped, 0, 0, 1, 0)).toBeCloseTo((1 - 0.48145466) / 0.26862954, 5); // all white
    expect(at(cropped, 0, 0, 1, 3)).toBeCloseTo((1 - 0.48145466) / 0.26862954, 5);
    // Second image of the batch: uniform green, exact after any resampling.
    expect(at(squashed, 1, 0, 2, 2)).toBeCloseTo(-1, 5);
    expect(at(squashed, 1, 1, 2, 2)).toBeCloseTo(1, 5);
  });

  it('turns greyscale and transparent images into three channels', async () => {
    const grey = sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: 128, g: 128, b: 128 } },
    }).greyscale();
    const withAlpha = sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } },
    });
    const t = await preprocessBatch([grey, withAlpha], siglip);
    expect(at(t, 0, 0, 0, 0)).toBeCloseTo(at(t, 0, 2, 0, 0), 5);
    expect(Number.isFinite(at(t, 1, 0, 3, 3))).toBe(true);
  });
});
