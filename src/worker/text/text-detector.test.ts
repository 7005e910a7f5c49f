/**
 * The detector's input tensor: PaddleOCR's normalisation in BGR planes, resized bilinearly
 * (pixel centres aligned) — checked against the formula written out plainly, both when the
 * image must be resized and when it already has the detector's size (the fast path).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/seeded-random';
import { detectionSize, textShare, toTensor, type RgbImage } from './text-detector';

const mean = [0.485, 0.456, 0.406];
const std = [0.229, 0.224, 0.225];

function randomImage(width: number, height: number): RgbImage {
  const random = seededRandom(7);
  return {
    data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)),
    width,
    height,
  };
}

/** The value the tensor should hold for channel c (0 R, 1 G, 2 B) at (x, y) of a w×h output. */
function expected(image: RgbImage, w: number, h: number, x: number, y: number, c: number) {
  const at = (px: number, py: number) => image.data[(py * image.width + px) * 3 + c] ?? 0;
  const fx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * (image.width / w) - 0.5));
  const fy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * (image.height / h) - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const [wx, wy] = [fx - x0, fy - y0];
  const v =
    (at(x0, y0) * (1 - wx) + at(x1, y0) * wx) * (1 - wy) +
    (at(x0, y1) * (1 - wx) + at(x1, y1) * wx) * wy;
  // Planes are B, G, R: channel c's mean and std are PaddleOCR's for plane 2 − c.
  return (v / 255 - (mean[2 - c] ?? 0)) / (std[2 - c] ?? 1);
}

describe('the text detector input', () => {
  it.each([
    ['resized', 50, 37, 64, 32],
    ['at its own size', 64, 32, 64, 32],
  ])('holds the normalised bilinear pixels in BGR planes (%s)', (_, iw, ih, w, h) => {
    const image = randomImage(iw, ih);
    const tensor = toTensor(image, w, h);
    expect(tensor.dims).toEqual([1, 3, h, w]);
    const data = tensor.data as Float32Array;
    for (let y = 0; y < h; y += 3)
      for (let x = 0; x < w; x += 5)
        for (let c = 0; c < 3; c++)
          expect(data[(2 - c) * w * h + y * w + x]).toBeCloseTo(expected(image, w, h, x, y, c), 4);
  });

  it('sizes the input to multiples of 32 within the long side', () => {
    expect(detectionSize(500, 375, 512)).toEqual({ width: 512, height: 384 });
    expect(detectionSize(4032, 3024, 512)).toEqual({ width: 512, height: 384 });
    expect(detectionSize(10, 10, 512)).toEqual({ width: 32, height: 32 });
  });

  it('measures the share of the map above the text threshold', () => {
    expect(textShare(Float32Array.from([0, 0.9, 0.95, 0.1]))).toBe(0.5);
    expect(textShare(new Float32Array(0))).toBe(0);
  });
});
