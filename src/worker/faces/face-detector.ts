/**
 * @file Finds faces of every size in a whole photo with the BlazeFace "back" model, by
 * running it on a pyramid of scales, each scale in one run.
 *
 * [Note: Face detection levels]
 * BlazeFace was trained on 256×256 inputs and finds faces from about a tenth of that upwards;
 * a photo shrunk whole to 256 px loses the faces of a group photo (a face 60 px wide in a
 * 2000 px photo is 8 px there). So the photo is scanned at several scales: level 0 is the
 * whole photo at long side 256, each next level doubles the scale; levels stop once 256 px of
 * a level would cover fewer than `minTileSide` pixels of the photo (faces found there would
 * be too small to name anyway). The net is convolutions only, so it runs on a whole level at
 * once (any-size-detector.ts makes the shipped graph take any size; the level is padded with
 * black to a multiple of its 32 px stride). It used to cut each level past the first into
 * 256 px tiles overlapping by a quarter: a 512 px level was 6 tiles, twice its pixels. One run
 * per level costs a third less detection CPU on the group photos of ../shared/data/faces and
 * finds the same faces there and on the identity and non-face photos; in the crowd of more
 * than 100 it finds about a fifth fewer (32 instead of 41: a small face near a tile's edge
 * had two or three tiles' chances to pass the score), and on 1,000 ordinary photos
 * (imagenet-sample) 251 faces instead of 260, the difference mostly dogs, cats and a lynx
 * (docs/benchmarks.md "Faces", "One run per level"). Detections of all
 * levels are mapped back to the photo, and a face seen at two levels is kept once, with its
 * highest score. Each level is one resize of the whole photo.
 */
import type * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import {
  decodeDetections,
  imageTensor,
  keypointCount,
  weightedNms,
  windowSize,
  type Detection,
} from './blazeface';

/** An upright RGB photo, 3 bytes per pixel, row by row. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A detected face in photo pixels. */
export interface DetectedFace {
  x: number;
  y: number;
  width: number;
  height: number;
  /** x, y pairs in photo pixels, MediaPipe's order (see blazeface.ts). */
  keypoints: number[];
  score: number;
}

export interface DetectOptions {
  /**
   * Lowest detection score kept. On ../shared/data/faces (docs/benchmarks.md): 0.5 finds
   * phantom faces in group photos, 0.75 misses profiles; 0.6 counts every group right but
   * a few and fires 4 times on the 5 non-face photos.
   */
  minScore: number;
  /** Smallest span of the photo (px) 256 px of a level may cover: bounds the levels. */
  minTileSide: number;
  /**
   * Levels scanned at most (level 0 is the whole photo at long side 256). Level 1 (long side
   * 512) finds faces down to about a thirtieth of the long side; level 2 (long side 1024)
   * triples what a dense crowd yields but costs 4× the time.
   */
  maxLevels: number;
  /**
   * Long side of the photo the levels are planned for, when `image` is a smaller copy of it
   * (see [Note: Faces stage]): the levels and where they stop are chosen as for the larger
   * photo, and each level is cut from `image`, which must hold the finest level scanned
   * (256 · 2^(maxLevels − 1) px, or the whole photo); a level finer than `image` ends the scan.
   * Absent: `image` is the photo.
   */
  sourceLongSide?: number;
}

export const defaultDetectOptions: DetectOptions = {
  minScore: 0.6,
  minTileSide: 384,
  maxLevels: 2,
};

/** One level of the pyramid: the photo resized by `scale`, as RGB. */
async function level(image: RgbImage, scale: number): Promise<RgbImage> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Fraction of the smaller box covered by the other. */
function overlapOfSmaller(a: DetectedFace, b: DetectedFace): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

/** Drops the lower-scored of two detections of one face (see [Note: Face detection levels]). */
export function dropDuplicates(faces: DetectedFace[]): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const face of [...faces].sort((a, b) => b.score - a.score))
    if (!kept.some((k) => overlapOfSmaller(k, face) > 0.5)) kept.push(face);
  return kept;
}

/** Rounds up to a multiple of 32 px, the detector's coarsest stride. */
const stridesUp = (n: number) => Math.ceil(n / 32) * 32;

/** `img` with black added right and bottom up to `width` × `height`. */
function padded(img: RgbImage, width: number, height: number): Uint8Array {
  if (width === img.width && height === img.height) return img.data;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < img.height; y++)
    out.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), y * width * 3);
  return out;
}

/**
 * Runs `session` (the detector as any-size-detector.ts opens it) on each level of the
 * pyramid; see [Note: Face detection levels].
 */
export async function detectFaces(
  session: ort.InferenceSession,
  image: RgbImage,
  options: DetectOptions = defaultDetectOptions,
): Promise<DetectedFace[]> {
  const imageLong = Math.max(image.width, image.height);
  const long = options.sourceLongSide ?? imageLong;
  const found: DetectedFace[] = [];
  for (let k = 0; k < options.maxLevels; k++) {
    const levelLong = windowSize * 2 ** k;
    // Past level 0, stop when 256 px of the level would cover less of the photo than minTileSide.
    if (k > 0 && (windowSize * long) / levelLong < options.minTileSide) break;
    // A smaller copy lacks this level's pixels (sourceLongSide): never scan it upscaled.
    if (k > 0 && levelLong > imageLong) break;
    const scale = levelLong / imageLong;
    const img = scale === 1 ? image : await level(image, scale);
    const width = stridesUp(img.width);
    const height = stridesUp(img.height);
    const outputs = await session.run({
      'input:0': imageTensor(padded(img, width, height), width, height),
    });
    for (const d of weightedNms(decodeDetections(outputs, options.minScore, width, height)))
      found.push(toPhoto(d, scale));
    if (levelLong >= long) break; // the photo's own resolution has been scanned
  }
  return dropDuplicates(found);
}

/** A detection in pixels of a level shrunk by `scale` → photo pixels. */
function toPhoto(d: Detection, scale: number): DetectedFace {
  return {
    x: (d.cx - d.w / 2) / scale,
    y: (d.cy - d.h / 2) / scale,
    width: d.w / scale,
    height: d.h / scale,
    keypoints: d.keypoints.slice(0, 2 * keypointCount).map((v) => v / scale),
    score: d.score,
  };
}
