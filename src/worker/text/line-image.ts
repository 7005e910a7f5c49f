/**
 * @file One text line cut out of the photo and straightened: the quad sampled (bilinear) into an
 * upright rectangle, as the recognisers read it. See [Note: Reading text].
 */
import type { RgbImage } from './text-detector';

/** A straightened line: RGB bytes and the quad it came from (its corners in reading order). */
export interface LineImage extends RgbImage {
  quad: [number, number][];
}

/**
 * Samples the quad `quad` (top-left, top-right, bottom-right, bottom-left) of `image` into a
 * `height` px high rectangle, its width keeping the quad's aspect (at most `maxWidth`).
 */
export function straighten(
  image: RgbImage,
  quad: [number, number][],
  height: number,
  maxWidth = 4096,
): LineImage {
  const [tl, tr, br, bl] = quad as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  const top = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const bottom = Math.hypot(br[0] - bl[0], br[1] - bl[1]);
  const left = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const right = Math.hypot(br[0] - tr[0], br[1] - tr[1]);
  const aspect = Math.max(top, bottom) / Math.max(1, Math.max(left, right));
  const width = Math.max(8, Math.min(maxWidth, Math.round(height * aspect)));
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / height;
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) / width;
      // Bilinear blend of the corners: exact for a parallelogram, close for a trapezoid.
      const sx =
        (1 - u) * (1 - v) * tl[0] + u * (1 - v) * tr[0] + u * v * br[0] + (1 - u) * v * bl[0] - 0.5;
      const sy =
        (1 - u) * (1 - v) * tl[1] + u * (1 - v) * tr[1] + u * v * br[1] + (1 - u) * v * bl[1] - 0.5;
      const x0 = Math.max(0, Math.min(image.width - 1, Math.floor(sx)));
      const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(sy)));
      const x1 = Math.min(image.width - 1, x0 + 1);
      const y1 = Math.min(image.height - 1, y0 + 1);
      const wx = Math.max(0, Math.min(1, sx - x0));
      const wy = Math.max(0, Math.min(1, sy - y0));
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number) => image.data[(yy * image.width + xx) * 3 + c] ?? 0;
        data[(y * width + x) * 3 + c] = Math.round(
          (at(x0, y0) * (1 - wx) + at(x1, y0) * wx) * (1 - wy) +
            (at(x0, y1) * (1 - wx) + at(x1, y1) * wx) * wy,
        );
      }
    }
  }
  return { data, width, height, quad };
}

/** The line turned 180°: its pixels and its quad (the corners' reading order reversed). */
export function turned(line: LineImage): LineImage {
  const data = new Uint8Array(line.data.length);
  const pixels = line.width * line.height;
  for (let p = 0; p < pixels; p++) {
    const q = pixels - 1 - p;
    data.set(line.data.subarray(p * 3, p * 3 + 3), q * 3);
  }
  const [tl, tr, br, bl] = line.quad as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  return { data, width: line.width, height: line.height, quad: [br, bl, tl, tr] };
}

/**
 * The line as a [1, 3, height, width] tensor's data, (v / 255 − 0.5) / 0.5 per channel in BGR
 * order as PaddleOCR's recogniser and classifier expect, right-padded with zeros to `padTo`.
 */
export function lineTensorData(line: RgbImage, padTo = line.width): Float32Array {
  const out = new Float32Array(3 * line.height * padTo);
  const plane = line.height * padTo;
  for (let y = 0; y < line.height; y++) {
    for (let x = 0; x < Math.min(line.width, padTo); x++) {
      for (let c = 0; c < 3; c++) {
        out[(2 - c) * plane + y * padTo + x] =
          (line.data[(y * line.width + x) * 3 + c] ?? 0) / 127.5 - 1;
      }
    }
  }
  return out;
}

/** A point at fraction `t` along the line's top and bottom edges: the sub-quad from t0 to t1. */
export function subQuad(quad: [number, number][], t0: number, t1: number): [number, number][] {
  const [tl, tr, br, bl] = quad as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  const lerp = (a: [number, number], b: [number, number], t: number): [number, number] => [
    a[0] + (b[0] - a[0]) * t,
    a[1] + (b[1] - a[1]) * t,
  ];
  return [lerp(tl, tr, t0), lerp(tl, tr, t1), lerp(bl, br, t1), lerp(bl, br, t0)];
}
