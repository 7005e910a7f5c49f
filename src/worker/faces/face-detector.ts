/**
 * @file Finds faces of every size in a whole photo with the 256 px BlazeFace model, by
 * running it on a pyramid of tiles.
 *
 * [Note: Face detection tiles]
 * BlazeFace sees 256×256 pixels and finds faces from about a tenth of its input upwards; a
 * photo shrunk whole to 256 px loses the faces of a group photo (a face 60 px wide in a
 * 2000 px photo is 8 px there). So the photo is scanned at several scales: level 0 is the
 * whole photo (long side 256, padded to a square), each next level doubles the scale and
 * cuts it into 256 px tiles that overlap by a quarter, so a face up to 64 px at that level
 * lies whole in some tile; levels stop once a tile covers fewer than `minTileSide` pixels of
 * the photo (faces found there would be too small to name anyway). Detections of all tiles
 * are mapped back to the photo and duplicates (the same face seen by two tiles or two
 * levels, or cut by a tile edge) are dropped, keeping the highest score. Each level is one
 * resize of the whole photo; tiles are copied from it, not resampled.
 */
import type * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import {
  decodeTile,
  keypointCount,
  tileSize,
  tileTensor,
  weightedNms,
  type TileDetection,
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
  /** Smallest photo area (px) one tile may cover: bounds the levels. */
  minTileSide: number;
  /**
   * Levels scanned at most (level 0 is the whole photo in one tile). Level 1 (long side 512,
   * 6 tiles for 3:2) finds faces down to about a thirtieth of the long side; level 2 (long
   * side 1024, 20 tiles) triples what a dense crowd yields but costs 4× the time.
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

/** A 256² tile of `img` at (left, top), black beyond the edges. */
function cutTile(img: RgbImage, left: number, top: number): Uint8Array {
  const tile = new Uint8Array(tileSize * tileSize * 3);
  const rows = Math.min(tileSize, img.height - top);
  const cols = Math.min(tileSize, img.width - left);
  for (let y = 0; y < rows; y++) {
    const from = ((top + y) * img.width + left) * 3;
    tile.set(img.data.subarray(from, from + cols * 3), y * tileSize * 3);
  }
  return tile;
}

/** Tile origins along one axis: overlapping by a quarter, the last flush with the end. */
export function tileStarts(length: number): number[] {
  if (length <= tileSize) return [0];
  const stride = (tileSize * 3) / 4;
  const starts: number[] = [];
  for (let s = 0; s + tileSize < length; s += stride) starts.push(s);
  starts.push(length - tileSize);
  return starts;
}

/** Fraction of the smaller box covered by the other. */
function overlapOfSmaller(a: DetectedFace, b: DetectedFace): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

/** Drops the lower-scored of two detections of one face (see [Note: Face detection tiles]). */
export function dropDuplicates(faces: DetectedFace[]): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const face of [...faces].sort((a, b) => b.score - a.score))
    if (!kept.some((k) => overlapOfSmaller(k, face) > 0.5)) kept.push(face);
  return kept;
}

/** Runs the model on every tile of the pyramid; see [Note: Face detection tiles]. */
export async function detectFaces(
  session: ort.InferenceSession,
  image: RgbImage,
  options: DetectOptions = defaultDetectOptions,
): Promise<DetectedFace[]> {
  const imageLong = Math.max(image.width, image.height);
  const long = options.sourceLongSide ?? imageLong;
  const found: DetectedFace[] = [];
  for (let k = 0; k < options.maxLevels; k++) {
    const levelLong = tileSize * 2 ** k;
    // Past level 0, stop when a tile would cover less of the photo than minTileSide.
    if (k > 0 && (tileSize * long) / levelLong < options.minTileSide) break;
    // A smaller copy lacks this level's pixels (sourceLongSide): never scan it upscaled.
    if (k > 0 && levelLong > imageLong) break;
    const scale = levelLong / imageLong;
    const img = scale === 1 ? image : await level(image, scale);
    for (const top of tileStarts(img.height))
      for (const left of tileStarts(img.width)) {
        const outputs = await session.run({ 'input:0': tileTensor(cutTile(img, left, top)) });
        for (const d of weightedNms(decodeTile(outputs, options.minScore)))
          found.push(toPhoto(d, left, top, scale));
      }
    if (levelLong >= long) break; // the photo's own resolution has been scanned
  }
  return dropDuplicates(found);
}

/** A tile detection in photo pixels. */
function toPhoto(d: TileDetection, left: number, top: number, scale: number): DetectedFace {
  const px = (v: number, offset: number) => (v * tileSize + offset) / scale;
  const keypoints: number[] = [];
  for (let k = 0; k < keypointCount; k++)
    keypoints.push(px(d.keypoints[2 * k] ?? 0, left), px(d.keypoints[2 * k + 1] ?? 0, top));
  return {
    x: px(d.cx - d.w / 2, left),
    y: px(d.cy - d.h / 2, top),
    width: (d.w * tileSize) / scale,
    height: (d.h * tileSize) / scale,
    keypoints,
    score: d.score,
  };
}
