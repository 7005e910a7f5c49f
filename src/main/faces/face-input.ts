/**
 * @file The pixels the core sends for faces (see [Note: Faces stage] and [Note: Face models]):
 * the detection input (the photo upright at up to `faceDetectMaxSide`, as the JPEG ingest
 * hands over, [Note: Faces input handoff]), the reference (up to `faceInputMaxSide`, of which
 * only the regions around found faces are sent) and the whole capped photo for the one-step
 * `faces` request (the full-resolution reference of tests and benchmarks, and the models probe).
 *
 * Upright because decode-image.ts applies EXIF orientation (and HEIF/RAW transforms), so
 * boxes land where the user sees the face. Colour-managed (`image`, not
 * `imageIgnoringIcc`): the face models were trained on photos as people see them. The 2048
 * cap bounds the detector's work on the one-step path and the memory of the reference, and
 * still leaves a face a twentieth of the photo wide (≈ 100 px) sharp enough for its 150 px
 * chip; smaller faces are found but may come back unrecognisable. Greyscale and CMYK photos
 * become sRGB here, so the models always get three channels.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { DecodedImage } from '../library/decode-image';
import { fromCopy, ingestCopyMaxSide, type IngestCopy } from '../library/ingest-copy';

/** Longest side of the photo the faces are found in and described from (the reference). */
export const faceInputMaxSide = 2048;
/**
 * Longest side of the copy the detector scans ([Note: Faces stage]): its finest level at the
 * default two levels ([Note: Face detection tiles]); ingest's small copy is made this size for
 * it ([Note: Ingest copy]).
 */
export const faceDetectMaxSide = ingestCopyMaxSide;
/** JPEG quality of the handed-over input (see [Note: Faces input handoff]). */
const faceInputQuality = 92;

/** Upright RGB pixels for the `faces` request. */
export interface FacePixels {
  pixels: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

/**
 * A decoded photo upright as JPEG bytes, its long side capped at `maxSide`: the 2048 px whole
 * photo of the one-step `faces` request, or the detection input (renderDetectInput).
 */
export async function renderFaceInput(
  decoded: DecodedImage,
  maxSide = faceInputMaxSide,
): Promise<Buffer> {
  return decoded.image
    .clone()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .jpeg({ quality: faceInputQuality, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

/** A decoded photo's detection input as JPEG bytes: what ingest hands over, see [Note: Faces stage]. */
export async function renderDetectInput(decoded: DecodedImage): Promise<Buffer> {
  return renderFaceInput(decoded, faceDetectMaxSide);
}

/**
 * The detection input encoded from ingest's small copy: the bytes renderDetectInput gives
 * ([Note: Ingest copy]).
 */
export async function detectInputFromCopy(copy: IngestCopy): Promise<Buffer> {
  return fromCopy(copy).jpeg({ quality: faceInputQuality, chromaSubsampling: '4:4:4' }).toBuffer();
}

/**
 * The RGB bytes of a detection input, shrunk to faceDetectMaxSide when larger (a 2048 px input
 * an older version handed over).
 */
export async function detectPixels(jpeg: Buffer): Promise<FacePixels> {
  return facePixels(jpeg, faceDetectMaxSide);
}

/** A rectangle of pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The reference's size for a photo `width` × `height` as shown: its long side capped. */
export function referenceSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, faceInputMaxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * A rectangle of the reference, the photo upright at referenceSize, as RGB. Not the whole of
 * it: libvips renders on demand, so the rows below the rectangle are never decoded nor resized
 * (a band across a 12-MP JPEG costs a third to a half of the whole), and the pixels are the
 * ones the whole reference has there.
 */
export async function renderReferenceRect(
  decoded: DecodedImage,
  size: { width: number; height: number },
  rect: PixelRect,
): Promise<FacePixels> {
  const { data, info } = await decoded.image
    .clone()
    .resize(size.width, size.height, { fit: 'fill' })
    .extract(rect)
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB, got ${String(info.channels)} channels`);
  return {
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

/** A rectangle of `image`'s pixels as RGB bytes, row by row. */
export function cutRegion(
  image: FacePixels,
  left: number,
  top: number,
  width: number,
  height: number,
): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    out.set(image.pixels.subarray(from, from + width * 3), y * width * 3);
  }
  return out;
}

/** The RGB bytes of a faces input made by renderFaceInput (shrunk to `maxSide` if given). */
export async function facePixels(jpeg: Buffer, maxSide?: number): Promise<FacePixels> {
  const image = sharp(jpeg);
  if (maxSide) image.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await image
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB, got ${String(info.channels)} channels`);
  // A plain Uint8Array view (sharp's output owns its memory): what the worker protocol
  // validates on both launchers.
  return {
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

/** The folder of the face models shipped with the app, inside the bundled models folder. */
export const shippedFaceModelsDir = (bundledModelsDir: string) =>
  path.join(bundledModelsDir, 'faces');
