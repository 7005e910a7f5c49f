/**
 * @file Real face descriptors for tests, before the production face models exist: YuNet
 * (detection, 5 landmarks) and MobileFaceNet (128-D), the small models in
 * ../shared/data/models-small, run with onnxruntime-node here in the test process. Test-only,
 * never shipped (MobileFaceNet's training data makes its weights unfit to ship, see that
 * folder's README); it gives the persons core real descriptors to cluster.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';

const modelsDir = realpathSync(
  path.resolve(import.meta.dirname, '../../../shared/data/models-small'),
);
/** ../shared/data by its real path (labels.tsv paths are relative to it). */
export const sharedData = realpathSync(path.resolve(import.meta.dirname, '../../../shared/data'));

/** The model id the persons core stores with these faces. */
export const testFaceModel = 'yunet-mobilefacenet-test';

export interface DetectedFace {
  /** Box as fractions of the photo's width and height: x, y, w, h. */
  box: [number, number, number, number];
  /** Five landmarks (eyes, nose, mouth corners) as fractions of the photo, x then y. */
  keypoints: number[];
  score: number;
  /** The face's shorter side in pixels: a crude quality (small faces recognise badly). */
  quality: number;
  /** Unit-length 128-D descriptor. */
  descriptor: Float32Array;
}

const detectorSide = 640;
const strides = [8, 16, 32] as const;
/** ArcFace's five-point template for a 112×112 crop, the layout MobileFaceNet was trained on. */
const template = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
] as const;

let sessions: Promise<{ detector: ort.InferenceSession; embedder: ort.InferenceSession }> | null =
  null;

function models() {
  sessions ??= (async () => ({
    detector: await ort.InferenceSession.create(
      path.join(modelsDir, 'face_detection_yunet_2023mar.onnx'),
    ),
    embedder: await ort.InferenceSession.create(
      path.join(modelsDir, 'mobilefacenet_foamliu_128d.onnx'),
    ),
  }))();
  return sessions;
}

interface Raw {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  kps: number[];
}

function iou(a: Raw, b: Raw): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  const area = (r: Raw) => (r.x2 - r.x1) * (r.y2 - r.y1);
  return inter / (area(a) + area(b) - inter);
}

/** YuNet's outputs decoded as OpenCV's FaceDetectorYN does, then non-maximum suppression. */
function decode(out: ort.InferenceSession.OnnxValueMapType, minScore: number): Raw[] {
  const found: Raw[] = [];
  for (const s of strides) {
    const cls = out[`cls_${String(s)}`]?.data as Float32Array;
    const obj = out[`obj_${String(s)}`]?.data as Float32Array;
    const bbox = out[`bbox_${String(s)}`]?.data as Float32Array;
    const kps = out[`kps_${String(s)}`]?.data as Float32Array;
    const cols = detectorSide / s;
    for (let i = 0; i < cls.length; i++) {
      const clamp = (v: number) => Math.min(1, Math.max(0, v));
      const score = Math.sqrt(clamp(cls[i] ?? 0) * clamp(obj[i] ?? 0));
      if (score < minScore) continue;
      const r = Math.floor(i / cols);
      const c = i % cols;
      const cx = (c + (bbox[i * 4] ?? 0)) * s;
      const cy = (r + (bbox[i * 4 + 1] ?? 0)) * s;
      const w = Math.exp(bbox[i * 4 + 2] ?? 0) * s;
      const h = Math.exp(bbox[i * 4 + 3] ?? 0) * s;
      const points: number[] = [];
      for (let k = 0; k < 5; k++)
        points.push(((kps[i * 10 + 2 * k] ?? 0) + c) * s, ((kps[i * 10 + 2 * k + 1] ?? 0) + r) * s);
      found.push({
        x1: cx - w / 2,
        y1: cy - h / 2,
        x2: cx + w / 2,
        y2: cy + h / 2,
        score,
        kps: points,
      });
    }
  }
  found.sort((a, b) => b.score - a.score);
  const kept: Raw[] = [];
  for (const f of found) if (kept.every((k) => iou(k, f) < 0.3)) kept.push(f);
  return kept;
}

/** The similarity transform (Umeyama, no reflection) taking `from` points onto `to` points. */
function similarity(from: readonly (readonly number[])[], to: readonly (readonly number[])[]) {
  const n = from.length;
  let mx = 0, my = 0, tx = 0, ty = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    mx += (from[i]?.[0] ?? 0) / n;
    my += (from[i]?.[1] ?? 0) / n;
    tx += (to[i]?.[0] ?? 0) / n;
    ty += (to[i]?.[1] ?? 0) / n;
  }
  let a = 0, b = 0, v = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    const fx = (from[i]?.[0] ?? 0) - mx;
    const fy = (from[i]?.[1] ?? 0) - my;
    const gx = (to[i]?.[0] ?? 0) - tx;
    const gy = (to[i]?.[1] ?? 0) - ty;
    a += fx * gx + fy * gy;
    b += fx * gy - fy * gx;
    v += fx * fx + fy * fy;
  }
  // x' = p·x − q·y + ox, y' = q·x + p·y + oy
  const p = a / v;
  const q = b / v;
  return { p, q, ox: tx - (p * mx - q * my), oy: ty - (q * mx + p * my) };
}

/** The 112×112 aligned crop as MobileFaceNet's input: RGB, (v − 127.5) / 128, planar. */
function alignedInput(rgb: Buffer, width: number, height: number, kps: number[]): Float32Array {
  const pts = [0, 1, 2, 3, 4].map((k) => [kps[2 * k] ?? 0, kps[2 * k + 1] ?? 0]);
  const { p, q, ox, oy } = similarity(pts, template);
  // The inverse maps each crop pixel back into the photo, sampled bilinearly.
  const det = p * p + q * q;
  const out = new Float32Array(3 * 112 * 112);
  for (let y = 0; y < 112; y++)
    for (let x = 0; x < 112; x++) {
      const dx = x - ox;
      const dy = y - oy;
      const sx = (p * dx + q * dy) / det;
      const sy = (-q * dx + p * dy) / det;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number) =>
          xx < 0 || yy < 0 || xx >= width || yy >= height
            ? 0
            : (rgb[(yy * width + xx) * 3 + c] ?? 0);
        const v =
          at(x0, y0) * (1 - fx) * (1 - fy) +
          at(x0 + 1, y0) * fx * (1 - fy) +
          at(x0, y0 + 1) * (1 - fx) * fy +
          at(x0 + 1, y0 + 1) * fx * fy;
        out[c * 112 * 112 + y * 112 + x] = (v - 127.5) / 128;
      }
    }
  return out;
}

/** Every face YuNet finds in the photo at `file` with score ≥ `minScore`, each with its descriptor. */
export async function detectFaces(file: string, minScore = 0.6): Promise<DetectedFace[]> {
  const { detector, embedder } = await models();
  const { data: rgb, info } = await sharp(file)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const scale = detectorSide / Math.max(width, height);
  // Fitted into 640×640 (padded right and bottom), as BGR 0–255: YuNet's input.
  const { data: fitted } = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(Math.round(width * scale), Math.round(height * scale))
    .extend({
      right: detectorSide - Math.round(width * scale),
      bottom: detectorSide - Math.round(height * scale),
      background: { r: 0, g: 0, b: 0 },
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const plane = detectorSide * detectorSide;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    input[i] = fitted[i * 3 + 2] ?? 0;
    input[plane + i] = fitted[i * 3 + 1] ?? 0;
    input[2 * plane + i] = fitted[i * 3] ?? 0;
  }
  const out = await detector.run({
    input: new ort.Tensor('float32', input, [1, 3, detectorSide, detectorSide]),
  });
  const faces: DetectedFace[] = [];
  for (const raw of decode(out, minScore)) {
    const kps = raw.kps.map((v) => v / scale);
    const crop = alignedInput(rgb, width, height, kps);
    const emb = await embedder.run({ input0: new ort.Tensor('float32', crop, [1, 3, 112, 112]) });
    const vector = Float32Array.from(emb.output0?.data as Float32Array);
    const norm = Math.hypot(...vector);
    const x1 = Math.max(0, raw.x1 / scale);
    const y1 = Math.max(0, raw.y1 / scale);
    const x2 = Math.min(width, raw.x2 / scale);
    const y2 = Math.min(height, raw.y2 / scale);
    faces.push({
      box: [x1 / width, y1 / height, (x2 - x1) / width, (y2 - y1) / height],
      keypoints: kps.map((v, i) => (i % 2 === 0 ? v / width : v / height)),
      score: raw.score,
      quality: Math.min(x2 - x1, y2 - y1),
      descriptor: vector.map((v) => v / norm),
    });
  }
  return faces;
}
