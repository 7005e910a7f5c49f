/**
 * @file Cuts the 150×150 face chip the dlib descriptor expects out of a photo, from the
 * detector's keypoints, and measures whether the face is sharp and large enough to name.
 *
 * [Note: Face chips]
 * dlib's face descriptor was trained on chips made by `get_face_chip_details(shape, 150,
 * 0.25)`: a similarity transform (rotation, uniform scale, shift) that puts the landmarks on
 * dlib's mean face, padded by a quarter of the face on each side. Its mean face, mapped into
 * the chip ((m + 0.25) / 1.5 · 150), has the eye centres at (47.5, 46.6) and (100.5, 46.6),
 * the nose tip at (74.0, 76.6) and the mouth centre at (74.0, 104.9). BlazeFace gives those
 * four points (and ears, not used); the least-squares similarity onto them straightens a
 * tilted head as dlib does. Each chip pixel is sampled bilinearly, averaged over a grid of
 * sub-samples when the face is larger than the chip (a box filter, so a big face does not
 * alias, as dlib's chip extraction downsamples with a pyramid).
 */
import type { RgbImage } from './face-detector';

export const chipSize = 150;

/** dlib's mean face in the 150 px chip: right eye, left eye (as seen), nose tip, mouth centre. */
const chipPoints: [number, number][] = [
  [47.5, 46.6],
  [100.5, 46.6],
  [74.0, 76.6],
  [74.0, 104.9],
];

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity taking `from` onto `to` (Umeyama without reflection). */
export function fitSimilarity(from: [number, number][], to: [number, number][]): Similarity {
  const n = from.length;
  const mean = (pts: [number, number][], k: 0 | 1) => pts.reduce((s, p) => s + p[k], 0) / n;
  const [fx, fy, tx, ty] = [mean(from, 0), mean(from, 1), mean(to, 0), mean(to, 1)];
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = from[i] ?? [0, 0];
    const [u, v] = to[i] ?? [0, 0];
    const [px, py, qx, qy] = [x - fx, y - fy, u - tx, v - ty];
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  }
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/** The inverse transform (chip → photo). */
function invert({ a, b, tx, ty }: Similarity): Similarity {
  const d = a * a + b * b;
  const [ia, ib] = [a / d, -b / d];
  return { a: ia, b: ib, tx: -(ia * tx - ib * ty), ty: -(ib * tx + ia * ty) };
}

/**
 * The face's transform from photo to chip; `keypoints` in MediaPipe's order (the subject's
 * right eye first, which is on the left of the photo for a face looking at the camera).
 */
export function chipTransform(keypoints: number[]): Similarity {
  const at = (k: number): [number, number] => [keypoints[2 * k] ?? 0, keypoints[2 * k + 1] ?? 0];
  return fitSimilarity([at(0), at(1), at(2), at(3)], chipPoints);
}

/** A rectangle of photo pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The photo pixels cutChip may read for the chip of `toChip`: the chip square (with the half
 * pixel its sub-samples reach) mapped back, grown by the bilinear neighbour and a pixel of
 * safety, within a `width` × `height` photo. A chip cut from these pixels alone equals one cut
 * from the whole photo (see [Note: Faces stage]).
 */
export function chipFootprint(toChip: Similarity, width: number, height: number): PixelRect {
  const back = invert(toChip);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [-1, -1],
    [chipSize + 1, -1],
    [-1, chipSize + 1],
    [chipSize + 1, chipSize + 1],
  ] as const) {
    xs.push(back.a * x - back.b * y + back.tx);
    ys.push(back.b * x + back.a * y + back.ty);
  }
  const left = Math.max(0, Math.floor(Math.min(...xs)) - 2);
  const top = Math.max(0, Math.floor(Math.min(...ys)) - 2);
  const right = Math.min(width, Math.ceil(Math.max(...xs)) + 3);
  const bottom = Math.min(height, Math.ceil(Math.max(...ys)) + 3);
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * The chip as RGB bytes (chipSize² × 3); pixels outside the photo are black. Each chip pixel
 * averages sub × sub bilinear samples (sub: the photo pixels per chip pixel, at most 8), so a
 * large face is shrunk without aliasing. Written flat, with no allocation per sample, and the
 * four neighbours of a sample inside the photo added inline: a face 600 px wide is 360,000
 * samples, and this loop was most of a group photo's time in the inference process
 * (docs/benchmarks.md "Faces"); the sums are taken in the same order as before, so the bytes
 * are the same (checked against the previous version on random photos and faces).
 */
export function cutChip(image: RgbImage, toChip: Similarity): Uint8Array {
  const { data, width, height } = image;
  const back = invert(toChip);
  const scale = Math.hypot(back.a, back.b); // photo pixels per chip pixel
  const sub = Math.max(1, Math.min(8, Math.ceil(scale)));
  const out = new Uint8Array(chipSize * chipSize * 3);
  const acc = new Float64Array(3);
  const row = width * 3;
  // The sub-sample offsets, (s + 0.5) / sub, computed once (the same doubles as per sample).
  const offsets = Float64Array.from({ length: sub }, (_, s) => (s + 0.5) / sub);
  for (let y = 0; y < chipSize; y++)
    for (let x = 0; x < chipSize; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < sub; sy++)
        for (let sx = 0; sx < sub; sx++) {
          const cx = x + (offsets[sx] as number) - 0.5;
          const cy = y + (offsets[sy] as number) - 0.5;
          const px = back.a * cx - back.b * cy + back.tx;
          const py = back.b * cx + back.a * cy + back.ty;
          const x0 = Math.floor(px);
          const y0 = Math.floor(py);
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
            // All four neighbours inside (nearly every sample): added inline, in bilinear's
            // order, so the sums are bit for bit the same.
            const fx = px - x0;
            const fy = py - y0;
            const o = y0 * row + x0 * 3;
            const w00 = (1 - fx) * (1 - fy);
            const w10 = fx * (1 - fy);
            const w01 = (1 - fx) * fy;
            const w11 = fx * fy;
            r += w00 * (data[o] as number);
            r += w10 * (data[o + 3] as number);
            r += w01 * (data[o + row] as number);
            r += w11 * (data[o + row + 3] as number);
            g += w00 * (data[o + 1] as number);
            g += w10 * (data[o + 4] as number);
            g += w01 * (data[o + row + 1] as number);
            g += w11 * (data[o + row + 4] as number);
            b += w00 * (data[o + 2] as number);
            b += w10 * (data[o + 5] as number);
            b += w01 * (data[o + row + 2] as number);
            b += w11 * (data[o + row + 5] as number);
          } else {
            acc[0] = r;
            acc[1] = g;
            acc[2] = b;
            bilinear(data, width, height, px, py, acc);
            r = acc[0];
            g = acc[1];
            b = acc[2];
          }
        }
      const o = (y * chipSize + x) * 3;
      out[o] = Math.round(r / (sub * sub));
      out[o + 1] = Math.round(g / (sub * sub));
      out[o + 2] = Math.round(b / (sub * sub));
    }
  return out;
}

/** Adds the pixel at (px, py) weighted by `w` to `acc`, unless it lies outside or `w` is 0. */
function addPixel(
  data: Uint8Array,
  width: number,
  height: number,
  px: number,
  py: number,
  w: number,
  acc: Float64Array,
): void {
  if (w === 0 || px < 0 || py < 0 || px >= width || py >= height) return;
  const o = (py * width + px) * 3;
  acc[0] = (acc[0] ?? 0) + w * (data[o] ?? 0);
  acc[1] = (acc[1] ?? 0) + w * (data[o + 1] ?? 0);
  acc[2] = (acc[2] ?? 0) + w * (data[o + 2] ?? 0);
}

/** Adds the bilinear sample at (x, y) to `acc` (black outside the photo). */
function bilinear(
  data: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  acc: Float64Array,
): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  addPixel(data, width, height, x0, y0, (1 - fx) * (1 - fy), acc);
  addPixel(data, width, height, x0 + 1, y0, fx * (1 - fy), acc);
  addPixel(data, width, height, x0, y0 + 1, (1 - fx) * fy, acc);
  addPixel(data, width, height, x0 + 1, y0 + 1, fx * fy, acc);
}

/**
 * Sharpness of a chip: the variance of the Laplacian of its grey levels over the central
 * face region (eyes to mouth), the usual blur measure. Chips upscaled from a tiny face, or
 * cut from a blurred one, score low.
 */
export function chipSharpness(chip: Uint8Array): number {
  const grey = (x: number, y: number) => {
    const o = (y * chipSize + x) * 3;
    return 0.299 * (chip[o] ?? 0) + 0.587 * (chip[o + 1] ?? 0) + 0.114 * (chip[o + 2] ?? 0);
  };
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 35; y < 115; y++)
    for (let x = 35; x < 115; x++) {
      const lap =
        grey(x - 1, y) + grey(x + 1, y) + grey(x, y - 1) + grey(x, y + 1) - 4 * grey(x, y);
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  return sumSq / n - (sum / n) ** 2;
}
