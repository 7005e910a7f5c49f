/**
 * @file The pixels the core sends with a `faces` request (see [Note: Face models] in
 * src/worker/faces/face-models.ts): the decoded photo upright, as RGB bytes, its long side
 * capped at `faceInputMaxSide`.
 *
 * Upright because decode-image.ts applies EXIF orientation (and HEIF/RAW transforms), so
 * boxes land where the user sees the face. Colour-managed (`image`, not
 * `imageIgnoringIcc`): the face models were trained on photos as people see them. The cap
 * bounds the message (2048 × 1536 × 3 = 9 MB) and the detector's work, and still leaves a
 * face a twentieth of the photo wide (≈ 100 px) sharp enough for its 150 px chip; smaller
 * faces are found but may come back unrecognisable.
 */
import path from 'node:path';
import type { DecodedImage } from '../library/decode-image';

/** Longest side of the pixels sent to the worker. */
export const faceInputMaxSide = 2048;

/** Upright RGB pixels of a decoded photo for the `faces` request. */
export async function renderFaceInput(
  decoded: DecodedImage,
  maxSide = faceInputMaxSide,
): Promise<{ pixels: Uint8Array<ArrayBuffer>; width: number; height: number }> {
  const { data, info } = await decoded.image
    .clone()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
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
