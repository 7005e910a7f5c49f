/**
 * @file A photo's thumbnails and placeholder.
 *
 * [Note: Thumbnails at ingest, previews on demand]
 * Ingest writes the 256 px grid image (short side 256, sharp enough for square cells and
 * justified rows on high-DPI screens) and the thumbhash placeholder, from the small copy it
 * renders first ([Note: Ingest copy]; a 12 MP JPEG decoded at 1/4 scale, shrink-on-load):
 * about 55 ms of CPU with the hashes and the write (docs/benchmarks.md "Faces"). The 1600 px
 * preview needs a 1/2-scale decode, about 105 ms more per photo, and most photos of a
 * 50,000-photo library are never opened full screen; it is made the first time it is asked
 * for and kept.
 * Files are content-addressed (`<thumbs>/<ab>/<fingerprint>-<size>.webp`) and written
 * atomically, so a crash leaves the old file, the new one, or a stray `.tmp` that the
 * startup sweep removes.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import type { DecodedImage } from './decode-image';
import { sourceFor, type IngestCopy } from './ingest-copy';
import { dctHash, differenceHash } from './perceptual-hash';

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
  /** 64-bit difference hash, 16 hex digits (see differenceHash). */
  dhash: string;
  /** 64-bit DCT hash of the grid image, 16 hex digits (see dctHash). */
  phash: string;
}

/** Writes the grid thumbnail; resolves with the placeholder and perceptual hash. */
export async function writeGridThumbnail(
  decoded: DecodedImage,
  thumbsDir: string,
  fingerprint: string,
  copy: IngestCopy | null = null,
): Promise<GridThumbnail> {
  // From ingest's small copy when it has the pixels ([Note: Ingest copy]).
  const grid = await sourceFor(decoded, copy, thumbSizes.grid)
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
  const dhash = await differenceHash(
    sharp(small.data, {
      raw: { width: small.info.width, height: small.info.height, channels: 4 },
    }),
  );
  // From the grid image as stored, so a photo ingested before the DCT hash existed gets the
  // same hash from its thumbnail later (see [Note: Near-duplicates]).
  const phash = await dctHash(sharp(grid));
  await writeAtomically(thumbPath(thumbsDir, fingerprint, 'grid'), grid);
  return { placeholder: Buffer.from(hash).toString('base64'), dhash, phash };
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
