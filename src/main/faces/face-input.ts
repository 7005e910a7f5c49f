/**
 * @file The pixels the core sends with a `faces` request (see [Note: Face models] in
 * src/worker/faces/face-models.ts): the decoded photo upright, its long side capped at
 * `faceInputMaxSide`, as the JPEG ingest hands over ([Note: Faces input handoff]) and as the
 * RGB bytes that JPEG decodes to.
 *
 * Upright because decode-image.ts applies EXIF orientation (and HEIF/RAW transforms), so
 * boxes land where the user sees the face. Colour-managed (`image`, not
 * `imageIgnoringIcc`): the face models were trained on photos as people see them. The cap
 * bounds the message (2048 × 1536 × 3 = 9 MB) and the detector's work, and still leaves a
 * face a twentieth of the photo wide (≈ 100 px) sharp enough for its 150 px chip; smaller
 * faces are found but may come back unrecognisable. Greyscale and CMYK photos become sRGB
 * here, so the models always get three channels.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { DecodedImage } from '../library/decode-image';

/** Longest side of the pixels sent to the worker. */
export const faceInputMaxSide = 2048;
/** JPEG quality of the handed-over input (see [Note: Faces input handoff]). */
const faceInputQuality = 92;

/** Upright RGB pixels for the `faces` request. */
export interface FacePixels {
  pixels: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

/** A decoded photo's faces input as JPEG bytes: what ingest stores and the stage decodes. */
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

/** The RGB bytes of a faces input made by renderFaceInput. */
export async function facePixels(jpeg: Buffer): Promise<FacePixels> {
  const { data, info } = await sharp(jpeg)
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
