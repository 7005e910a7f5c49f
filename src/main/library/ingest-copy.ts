/**
 * @file The small copy of a photo ingest renders first, for the outputs that need no more
 * pixels than it has: the grid thumbnail and the faces stage's detection input.
 *
 * [Note: Ingest copy]
 * Ingest decodes each photo once per output, and each decode of a 12-MP JPEG costs its whole
 * entropy decoding (about 20 ms) whatever the scale. The grid thumbnail (short side 256,
 * [Note: Thumbnails at ingest, previews on demand]) and the faces stage's detection input (long
 * side 512, [Note: Faces input handoff]) need few pixels, so both come from one copy: the
 * photo upright and in sRGB at up to 512 px (shrink-on-load at ¼ for a 12-MP JPEG, then
 * lanczos), kept in memory as RGB for the photo's ingest only. The detection input is that copy
 * encoded: the same bytes as rendering it from the original (the pipeline is the same up to
 * the encoder; checked on the 204 photos of ../shared/data/photos that have a copy, EXIF
 * orientations, ICC profiles, greyscale and CMYK among them: ingest-copy.test.ts), so a
 * photo's faces still never depend on which path its pixels took. The grid thumbnail is
 * resized from the copy instead of from a ⅛-scale decode (the DC coefficients alone): a
 * lanczos step more and no visible difference; its DCT hash ([Note: Near-duplicates]) moved
 * by 0 bits for most of those photos and 2 at most, where near copies may differ by 6. The
 * copy and the grid from it cost about what the grid alone did, so the faces' share of ingest
 * went from a render of its own (24 ms of CPU per 12-MP group photo, 52 for a detailed one)
 * to the JPEG encoding of the copy (docs/benchmarks.md "Faces"). A photo with alpha (PNG,
 * HEIC's decoded RGBA) has no copy; a panorama wider than 2:1 keeps more than 512 px in its
 * grid, which is then rendered from the original: both as before.
 */
import sharp, { type Sharp } from 'sharp';
import type { DecodedImage } from './decode-image';

/** Longest side of the copy: the faces stage's detection input ([Note: Ingest copy]). */
export const ingestCopyMaxSide = 512;

/** The photo upright, in sRGB, at up to ingestCopyMaxSide: RGB bytes row by row. */
export interface IngestCopy {
  data: Buffer;
  width: number;
  height: number;
}

/** The photo's ingest copy, or null when it has an alpha channel (see [Note: Ingest copy]). */
export async function renderIngestCopy(decoded: DecodedImage): Promise<IngestCopy | null> {
  const { data, info } = await decoded.image
    .clone()
    .resize(ingestCopyMaxSide, ingestCopyMaxSide, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return info.channels === 3 ? { data, width: info.width, height: info.height } : null;
}

/** The copy as a pipeline to render from. */
export function fromCopy(copy: IngestCopy): Sharp {
  return sharp(copy.data, { raw: { width: copy.width, height: copy.height, channels: 3 } });
}

/**
 * Where a rendering whose short side is at most `shortSide` may start: the copy when it holds
 * every pixel that rendering keeps (the copy is the photo itself, or its short side reaches
 * `shortSide`), else the original.
 */
export function sourceFor(
  decoded: DecodedImage,
  copy: IngestCopy | null,
  shortSide: number,
): Sharp {
  if (!copy) return decoded.image.clone();
  const whole = copy.width === decoded.width && copy.height === decoded.height;
  return whole || Math.min(copy.width, copy.height) >= shortSide
    ? fromCopy(copy)
    : decoded.image.clone();
}
