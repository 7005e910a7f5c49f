/**
 * @file Writes a photo's two thumbnails and computes its placeholder.
 * The 1600 px preview is made from the decoded original (sharp shrinks JPEG/WebP on load);
 * the 256 px grid image and the thumbhash come from the preview, so the original is decoded
 * once. Files are content-addressed (`<thumbs>/<ab>/<fingerprint>-<size>.webp`) and written
 * atomically, so a crash leaves either the old file, the new one, or a stray `.tmp` that the
 * startup sweep removes.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
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
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Writes both thumbnails; resolves with the base64 thumbhash placeholder. */
export async function writeThumbnails(
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
  const grid = await sharp(preview)
    // Short side 256: sharp enough for square cells and justified rows on high-DPI screens.
    .resize({
      width: thumbSizes.grid,
      height: thumbSizes.grid,
      fit: 'outside',
      withoutEnlargement: true,
    })
    .webp({ quality: 75, effort: 2 })
    .toBuffer();
  const small = await sharp(grid)
    .resize({ width: 100, height: 100, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(small.info.width, small.info.height, small.data);
  await writeAtomically(thumbPath(thumbsDir, fingerprint, 'preview'), preview);
  await writeAtomically(thumbPath(thumbsDir, fingerprint, 'grid'), grid);
  return Buffer.from(hash).toString('base64');
}
