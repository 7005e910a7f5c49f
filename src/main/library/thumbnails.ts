/**
 * @file A photo's thumbnails and placeholder.
 *
 * [Note: Thumbnails at ingest, previews on demand]
 * Ingest writes the 256 px grid image (short side 256, sharp enough for square cells and
 * justified rows on high-DPI screens) and the thumbhash placeholder: sharp decodes a 12 MP
 * JPEG at 1/8 scale for that (shrink-on-load), about 50 ms. The 1600 px preview needs a
 * 1/2-scale decode, about 105 ms more per photo, and most photos of a 50,000-photo library
 * are never opened full screen; it is made the first time it is asked for and kept.
 * Files are content-addressed (`<thumbs>/<ab>/<fingerprint>-<size>.webp`) and written
 * atomically, so a crash leaves the old file, the new one, or a stray `.tmp` that the
 * startup sweep removes.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import type { DecodedImage } from './decode-image';

export const thumbSizes = { grid: 256, preview: 1600 } as const;
export type ThumbSize = keyof typeof thumbSizes;

export function thumbPath(thumbsDir: string, fingerprint: string, size: ThumbSize): string {
  return path.join(
    thumbsDir,
    fingerprint.slice(0, 2),
    `${fingerprint}-${String(thumbSizes[size])}.webp`,
  );
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${String(process.pid)}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    // A full disk leaves a partial temp file: remove it now rather than at the next sweep.
    await rm(tmp, { force: true });
    throw error;
  }
}

/** What the grid thumbnail pass also yields: the placeholder and the perceptual hash. */
export interface GridThumbnail {
  /** Thumbhash, base64. */
  placeholder: string;
  /** 64-bit difference hash, 16 hex digits (see perceptualHash). */
  dhash: string;
}

/** Writes the grid thumbnail; resolves with the placeholder and perceptual hash. */
export async function writeGridThumbnail(
  decoded: DecodedImage,
  thumbsDir: string,
  fingerprint: string,
): Promise<GridThumbnail> {
  const grid = await decoded.image
    .clone()
    .resize({
      width: thumbSizes.grid,
      height: thumbSizes.grid,
      fit: 'outside',
      withoutEnlargement: true,
    })
    .toColourspace('srgb')
    .webp({ quality: 75, effort: 2 })
    .toBuffer();
  const small = await sharp(grid)
    .resize({ width: 100, height: 100, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(small.info.width, small.info.height, small.data);
  const dhash = await perceptualHash(
    sharp(small.data, {
      raw: { width: small.info.width, height: small.info.height, channels: 4 },
    }),
  );
  await writeAtomically(thumbPath(thumbsDir, fingerprint, 'grid'), grid);
  return { placeholder: Buffer.from(hash).toString('base64'), dhash };
}

/**
 * A difference hash: the image as 9×8 grey pixels, one bit per horizontal neighbour pair
 * (left brighter than right). Re-encoding, resizing and small edits flip few bits; a
 * different shot of the same scene flips many. Compared by Hamming distance.
 */
export async function perceptualHash(image: Sharp): Promise<string> {
  const { data } = await image
    .resize(9, 8, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let bits = 0n;
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++)
      bits = (bits << 1n) | ((data[y * 9 + x] ?? 0) > (data[y * 9 + x + 1] ?? 0) ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

/** Bits that differ between two perceptual hashes. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x > 0n) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/** Writes the 1600 px preview and returns its path. */
export async function writePreview(
  decoded: DecodedImage,
  thumbsDir: string,
  fingerprint: string,
): Promise<string> {
  const preview = await decoded.image
    .clone()
    .resize({
      width: thumbSizes.preview,
      height: thumbSizes.preview,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .toColourspace('srgb')
    .webp({ quality: 82, effort: 2 })
    .toBuffer();
  const file = thumbPath(thumbsDir, fingerprint, 'preview');
  await writeAtomically(file, preview);
  return file;
}
