/**
 * @file PP-OCR text detection (DBNet) and its post-processing: the probability map becomes
 * rotated text boxes (quads) in the pixels of the photo sent. See [Note: Reading text].
 */
import type * as ort from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';

/** Upright RGB bytes, row by row. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A text box found: four corners (x, y) clockwise from top-left, in pixels, and its score. */
export interface FoundBox {
  quad: [number, number][];
  score: number;
}

/** DBNet's post-processing settings as PaddleOCR ships them for PP-OCRv4. */
const pixelThreshold = 0.3;
const boxThreshold = 0.6;
const unclipRatio = 1.5;
/** Boxes whose short side is under this many pixels of the map are noise. */
const minBoxSide = 3;
/** ImageNet normalisation, PaddleOCR's NormalizeImage for detection (BGR order). */
const mean = [0.485, 0.456, 0.406];
const std = [0.229, 0.224, 0.225];

/** The detector's input size for an image: long side ≤ `maxSide`, both sides multiples of 32. */
export function detectionSize(width: number, height: number, maxSide: number) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const fit = (v: number) => Math.max(32, Math.round((v * scale) / 32) * 32);
  return { width: fit(width), height: fit(height) };
}

/** Resizes (bilinear) and normalises an RGB image into the detector's [1, 3, h, w] tensor (BGR planes). */
export function toTensor(image: RgbImage, width: number, height: number): Tensor {
  const out = new Float32Array(3 * width * height);
  const src = image.data;
  const sx = image.width / width;
  const sy = image.height / height;
  const plane = width * height;
  // ((v / 255) − mean) / std as v × scale + offset, per BGR plane: plane 0 is blue, as
  // PaddleOCR reads images with OpenCV.
  const scale = std.map((d) => 1 / (255 * d));
  const offset = mean.map((m, i) => -m / (std[i] ?? 1));
  const [sb = 0, sg = 0, sr = 0] = scale;
  const [ob = 0, og = 0, or = 0] = offset;
  if (width === image.width && height === image.height) {
    // A photo's 512 px input at 4:3 is already the detector's size: no blend (the same floats).
    for (let i = 0; i < plane; i++) {
      out[2 * plane + i] = (src[3 * i] ?? 0) * sr + or;
      out[plane + i] = (src[3 * i + 1] ?? 0) * sg + og;
      out[i] = (src[3 * i + 2] ?? 0) * sb + ob;
    }
    return new Tensor('float32', out, [1, 3, height, width]);
  }
  // The columns' source offsets and weights, the same for every row.
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const wxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    const x0 = Math.floor(fx);
    x0s[x] = x0 * 3;
    x1s[x] = Math.min(image.width - 1, x0 + 1) * 3;
    wxs[x] = fx - x0;
  }
  // The blend written out per channel (no closure per sample: this loop was a tenth of the
  // first look's CPU); the same arithmetic in the same order, so the same floats.
  for (let y = 0; y < height; y++) {
    const fy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const row0 = y0 * image.width * 3;
    const row1 = Math.min(image.height - 1, y0 + 1) * image.width * 3;
    const wy = fy - y0;
    const vy = 1 - wy;
    for (let x = 0; x < width; x++) {
      const wx = wxs[x] ?? 0;
      const vx = 1 - wx;
      const a = row0 + (x0s[x] ?? 0);
      const b = row0 + (x1s[x] ?? 0);
      const c = row1 + (x0s[x] ?? 0);
      const d = row1 + (x1s[x] ?? 0);
      const i = y * width + x;
      const red =
        ((src[a] ?? 0) * vx + (src[b] ?? 0) * wx) * vy +
        ((src[c] ?? 0) * vx + (src[d] ?? 0) * wx) * wy;
      const green =
        ((src[a + 1] ?? 0) * vx + (src[b + 1] ?? 0) * wx) * vy +
        ((src[c + 1] ?? 0) * vx + (src[d + 1] ?? 0) * wx) * wy;
      const blue =
        ((src[a + 2] ?? 0) * vx + (src[b + 2] ?? 0) * wx) * vy +
        ((src[c + 2] ?? 0) * vx + (src[d + 2] ?? 0) * wx) * wy;
      out[2 * plane + i] = red * sr + or;
      out[plane + i] = green * sg + og;
      out[i] = blue * sb + ob;
    }
  }
  return new Tensor('float32', out, [1, 3, height, width]);
}

/** The text-probability map of an image at the detector's size for `maxSide`. */
export async function probabilityMap(
  session: ort.InferenceSession,
  image: RgbImage,
  maxSide: number,
): Promise<{ map: Float32Array; width: number; height: number }> {
  const size = detectionSize(image.width, image.height, maxSide);
  const input = toTensor(image, size.width, size.height);
  const output = await session.run({ [session.inputNames[0] ?? 'x']: input });
  const tensor = output[session.outputNames[0] ?? ''];
  if (!tensor) throw new Error('the text detector gave no output');
  const map = tensor.data as Float32Array;
  input.dispose();
  return { map, width: size.width, height: size.height };
}

/** The share of the map above the text threshold: the first look's measure. */
export function textShare(map: Float32Array): number {
  let above = 0;
  // An index loop: a typed array's iterator costs several times more per element.
  for (let i = 0; i < map.length; i++) if ((map[i] ?? 0) > pixelThreshold) above++;
  return map.length === 0 ? 0 : above / map.length;
}

/** Connected regions (8-neighbour) of map pixels above the threshold, as pixel index lists. */
function regions(map: Float32Array, width: number, height: number): Int32Array[] {
  const seen = new Uint8Array(map.length);
  const found: Int32Array[] = [];
  const stack = new Int32Array(map.length);
  for (let i = 0; i < map.length; i++) {
    if (seen[i] || (map[i] ?? 0) <= pixelThreshold) continue;
    let top = 0;
    let count = 0;
    const members: number[] = [];
    stack[top++] = i;
    seen[i] = 1;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      members.push(p);
      count++;
      const px = p % width;
      const py = (p - px) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (!seen[q] && (map[q] ?? 0) > pixelThreshold) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    if (count >= minBoxSide * minBoxSide) found.push(Int32Array.from(members));
  }
  return found;
}

type Point = [number, number];

/** The point at `i` (negative: from the end) of a list known to hold it. */
function at(points: readonly Point[], i: number): Point {
  return points.at(i) ?? [0, 0];
}

/** Convex hull (monotone chain) of points. */
function convexHull(points: [number, number][]): [number, number][] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(at(lower, -2), at(lower, -1), p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (const p of pts.reverse()) {
    while (upper.length >= 2 && cross(at(upper, -2), at(upper, -1), p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * The smallest-area rectangle around a convex hull (an edge of the hull lies on one of its
 * sides): centre, unit axis along its long side, half-lengths.
 */
function minAreaRect(hull: [number, number][]) {
  let best = { area: Infinity, cx: 0, cy: 0, ux: 1, uy: 0, half: [0, 0] as [number, number] };
  for (let i = 0; i < hull.length; i++) {
    const a = at(hull, i);
    const b = at(hull, (i + 1) % hull.length);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const [x, y] of hull) {
      const u = x * ux + y * uy;
      const v = -x * uy + y * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < best.area) {
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = {
        area,
        cx: cu * ux - cv * uy,
        cy: cu * uy + cv * ux,
        ux,
        uy,
        half: [(maxU - minU) / 2, (maxV - minV) / 2],
      };
    }
  }
  // The long side is the text's direction.
  if (best.half[1] > best.half[0]) {
    best = { ...best, ux: -best.uy, uy: best.ux, half: [best.half[1], best.half[0]] };
  }
  return best;
}

/**
 * Orders a rectangle's corners as the text reads: the long axis pointing right (or down when
 * vertical), then top-left, top-right, bottom-right, bottom-left. An upside-down line comes out
 * in the same order; the direction classifier turns it later.
 */
function orderedQuad(r: ReturnType<typeof minAreaRect>): [number, number][] {
  let { ux, uy } = r;
  if (ux < 0 || (ux === 0 && uy < 0)) {
    ux = -ux;
    uy = -uy;
  }
  const vx = -uy;
  const vy = ux;
  const [hu, hv] = r.half;
  const corner = (su: number, sv: number): [number, number] => [
    r.cx + su * hu * ux + sv * hv * vx,
    r.cy + su * hu * uy + sv * hv * vy,
  ];
  return [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)];
}

/**
 * Text boxes in a probability map, as quads in the pixels of an image `imageWidth` ×
 * `imageHeight` (the map covers it whole, stretched).
 */
export function boxesFromMap(
  map: Float32Array,
  width: number,
  height: number,
  imageWidth: number,
  imageHeight: number,
): FoundBox[] {
  const boxes: FoundBox[] = [];
  for (const members of regions(map, width, height)) {
    let sum = 0;
    // The hull of a region's pixels is that of each row's outermost ones: a large region (a
    // texture's) costs its rows, not its pixels, in the hull's sort.
    const rowMin = new Int32Array(height).fill(width);
    const rowMax = new Int32Array(height).fill(-1);
    let top = height;
    let bottom = -1;
    for (const p of members) {
      sum += map[p] ?? 0;
      const x = p % width;
      const y = (p - x) / width;
      if (x < (rowMin[y] ?? width)) rowMin[y] = x;
      if (x > (rowMax[y] ?? -1)) rowMax[y] = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
    const points: [number, number][] = [];
    for (let y = top; y <= bottom; y++) {
      const left = rowMin[y] ?? width;
      const right = rowMax[y] ?? -1;
      if (right < 0) continue;
      points.push([left, y], [left + 1, y + 1], [right, y], [right + 1, y + 1]);
    }
    const score = sum / members.length;
    if (score < boxThreshold) continue;
    const rect = minAreaRect(convexHull(points));
    if (Math.min(rect.half[0], rect.half[1]) * 2 < minBoxSide) continue;
    // Unclip: DBNet's map shrinks each text region; grow it back by area × ratio / perimeter.
    const area = 4 * rect.half[0] * rect.half[1];
    const perimeter = 4 * (rect.half[0] + rect.half[1]);
    const grow = (area * unclipRatio) / perimeter;
    const grown = { ...rect, half: [rect.half[0] + grow, rect.half[1] + grow] as [number, number] };
    const sx = imageWidth / width;
    const sy = imageHeight / height;
    const quad = orderedQuad(grown).map(([x, y]): [number, number] => [
      Math.min(imageWidth, Math.max(0, x * sx)),
      Math.min(imageHeight, Math.max(0, y * sy)),
    ]);
    boxes.push({ quad, score });
  }
  // Reading order: top to bottom, then left to right.
  return boxes.sort((a, b) => {
    const [ax, ay] = at(a.quad, 0);
    const [bx, by] = at(b.quad, 0);
    return ay - by || ax - bx;
  });
}
