/**
 * @file Opens any supported photo as a sharp pipeline, upright and in pixels:
 * - JPEG, PNG, WebP, AVIF, TIFF, GIF, BMP: sharp (libvips) directly, EXIF orientation applied;
 * - HEIC/HEIF (HEVC): libheif-js, because sharp's prebuilt libheif decodes only AV1;
 *   libheif applies the container's rotation/mirror itself;
 * - camera RAW: the largest embedded preview JPEG, extracted by exiftool, turned upright
 *   with the RAW file's orientation.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ExifTool } from 'exiftool-vendored';
import type { PhotoFormat } from './image-format';
import { IngestProblem } from './ingest-problem';

/** Decompression-bomb guard: larger images are refused, not decoded (200 MP). */
export const maxInputPixels = 200_000_000;

export interface DecodedImage {
  /** An upright pipeline; clone it per output. */
  image: sharp.Sharp;
  /** Dimensions after orientation. */
  width: number;
  height: number;
}

/** Rotation/flip for EXIF orientations 1–8, for pixels that arrive without them applied. */
function orient(image: sharp.Sharp, orientation: number | null): sharp.Sharp {
  switch (orientation) {
    case 2: return image.flop();
    case 3: return image.rotate(180);
    case 4: return image.flip();
    case 5: return image.rotate(90).flop();
    case 6: return image.rotate(90);
    case 7: return image.rotate(270).flop();
    case 8: return image.rotate(270);
    default: return image;
  }
}

const swapsAxes = (orientation: number | null) => orientation !== null && orientation >= 5;

async function decodeWithSharp(input: Buffer): Promise<DecodedImage> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error' }).metadata();
  } catch (error) {
    throw IngestProblem.fromDecoder(error);
  }
  const { width, height } = meta;
  if (width * height > maxInputPixels) {
    throw new IngestProblem('too-large', `Image is ${String(width)}×${String(height)}; images over ${String(maxInputPixels / 1e6)} megapixels are skipped.`);
  }
  const image = sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error', animated: false }).rotate();
  const turned = swapsAxes(meta.orientation ?? null);
  return { image, width: turned ? height : width, height: turned ? width : height };
}

interface HeifImage {
  get_width(): number;
  get_height(): number;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free(): void;
}
interface HeifModule {
  HeifDecoder: new () => { decode(data: Uint8Array): HeifImage[] };
}

let heif: Promise<HeifModule> | null = null;

async function decodeHeic(input: Buffer): Promise<DecodedImage> {
  heif ??= import('libheif-js/wasm-bundle.js').then((m: { default?: HeifModule } & Partial<HeifModule>) => (m.default ?? (m as HeifModule)));
  const libheif = await heif;
  let images: HeifImage[];
  try {
    images = new libheif.HeifDecoder().decode(input);
  } catch (error) {
    throw IngestProblem.fromDecoder(error);
  }
  const primary = images[0];
  if (!primary) throw new IngestProblem('corrupt', 'The HEIF file holds no image (damaged or truncated).');
  try {
    const width = primary.get_width();
    const height = primary.get_height();
    if (width <= 0 || height <= 0) throw new IngestProblem('corrupt', 'The HEIF image has no size (damaged).');
    if (width * height > maxInputPixels) {
      throw new IngestProblem('too-large', `Image is ${String(width)}×${String(height)}; images over ${String(maxInputPixels / 1e6)} megapixels are skipped.`);
    }
    const data = new Uint8ClampedArray(width * height * 4);
    const ok = await new Promise<boolean>((resolve) => {
      primary.display({ data, width, height }, (result) => {
        resolve(Boolean(result));
      });
    });
    if (!ok) throw new IngestProblem('corrupt', 'The HEIF image could not be decoded (damaged or unsupported codec).');
    const image = sharp(Buffer.from(data.buffer), { raw: { width, height, channels: 4 } });
    return { image, width, height };
  } finally {
    for (const img of images) img.free();
  }
}

/** One exiftool process for RAW previews, started on first use. */
export class RawPreviewReader {
  #exiftool: ExifTool | null = null;

  get exiftool(): ExifTool {
    this.#exiftool ??= new ExifTool({ maxProcs: 1, taskTimeoutMillis: 30_000 });
    return this.#exiftool;
  }

  /** The largest embedded JPEG of a RAW file, or null when it has none. */
  async largestPreview(file: string): Promise<Buffer | null> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fotoglot-raw-'));
    try {
      let best: Buffer | null = null;
      for (const tag of ['JpgFromRaw', 'PreviewImage', 'OtherImage', 'ThumbnailImage'] as const) {
        const out = path.join(dir, `${tag}.jpg`);
        try {
          await this.exiftool.extractBinaryTag(tag, file, out);
          const bytes = await readFile(out);
          if (!best || bytes.length > best.length) best = bytes;
        } catch {
          // This RAW has no such preview.
        }
      }
      return best;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async dispose(): Promise<void> {
    await this.#exiftool?.end();
    this.#exiftool = null;
  }
}

async function decodeRaw(file: string, orientation: number | null, raw: RawPreviewReader): Promise<DecodedImage> {
  const preview = await raw.largestPreview(file);
  if (!preview) throw new IngestProblem('no-preview', 'This RAW file has no embedded preview image to show.');
  let meta: sharp.Metadata;
  try {
    meta = await sharp(preview, { failOn: 'error' }).metadata();
  } catch (error) {
    throw IngestProblem.fromDecoder(error);
  }
  const image = orient(sharp(preview, { limitInputPixels: maxInputPixels, failOn: 'error' }), orientation);
  const turned = swapsAxes(orientation);
  return { image, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
}

/** Decodes a photo (its bytes in `input`, its path in `file` for RAW extraction). */
export function decodeImage(
  input: Buffer,
  file: string,
  format: PhotoFormat,
  rawOrientation: number | null,
  raw: RawPreviewReader,
): Promise<DecodedImage> {
  if (format === 'heic') return decodeHeic(input);
  if (format === 'raw') return decodeRaw(file, rawOrientation, raw);
  return decodeWithSharp(input);
}
