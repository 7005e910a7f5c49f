/**
 * @file Opens any supported photo as a sharp pipeline, upright and in pixels:
 * - JPEG, PNG, WebP, AVIF, TIFF, GIF, BMP: sharp (libvips) directly, EXIF orientation applied;
 * - HEIC/HEIF (HEVC): libheif-js in worker threads (heic-decoder.ts), because sharp's
 *   prebuilt libheif decodes only AV1; libheif applies the container's rotation/mirror itself;
 * - camera RAW: the largest embedded preview JPEG, extracted by exiftool, turned upright
 *   with the RAW file's orientation.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { decode as decodeBmpPixels } from 'bmp-ts';
import { ExifTool } from 'exiftool-vendored';
import type { PhotoFormat } from './image-format';
import { HeicDecoder } from './heic-decoder';
import { IngestProblem } from './ingest-problem';

/** Decompression-bomb guard: larger images are refused, not decoded (200 MP). */
export const maxInputPixels = 200_000_000;

export interface DecodedImage {
  /** An upright pipeline, colour-managed to sRGB; clone it per output. */
  image: Sharp;
  /**
   * The same upright pipeline with the embedded ICC profile ignored, for model input (see
   * [Note: Model input pixels] in model-input.ts); clone it per output. sharp takes `ignoreIcc`
   * only at construction, so this is a second pipeline on the same bytes: nothing is decoded
   * until an output asks. Pixels that arrive already decoded (HEIC, BMP) carry no profile, and
   * this is `image` itself.
   */
  imageIgnoringIcc: Sharp;
  /** Dimensions after orientation. */
  width: number;
  height: number;
}

/** Rotation/flip for EXIF orientations 1–8, for pixels that arrive without them applied. */
function orient(image: Sharp, orientation: number | null): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.rotate(90).flop();
    case 6:
      return image.rotate(90);
    case 7:
      return image.rotate(270).flop();
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}

const swapsAxes = (orientation: number | null) => orientation !== null && orientation >= 5;

/** The size shown after a quarter turn, or as stored. */
const upright = (width: number, height: number, turned: boolean) =>
  turned ? { width: height, height: width } : { width, height };

/** Refuses decompression bombs before their pixels are allocated. */
function checkPixelLimit(width: number, height: number): void {
  if (width * height > maxInputPixels) {
    throw new IngestProblem(
      'too-large',
      `Image is ${String(width)}×${String(height)}; images over ${String(maxInputPixels / 1e6)} megapixels are skipped.`,
    );
  }
}

async function decodeWithSharp(input: Buffer): Promise<DecodedImage> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error' }).metadata();
  } catch (error) {
    throw IngestProblem.fromDecoder(error, input);
  }
  const { width, height } = meta;
  checkPixelLimit(width, height);
  const open = (ignoreIcc: boolean) =>
    sharp(input, {
      limitInputPixels: maxInputPixels,
      failOn: 'error',
      animated: false,
      ignoreIcc,
    }).rotate();
  return {
    image: open(false),
    imageIgnoringIcc: open(true),
    ...upright(width, height, swapsAxes(meta.orientation ?? null)),
  };
}

async function decodeHeic(input: Buffer, heic: HeicDecoder): Promise<DecodedImage> {
  const { width, height, data } = await heic.decode(input);
  // libheif has already applied the container's rotation and mirroring.
  const image = sharp(data, { raw: { width, height, channels: 4 } });
  return { image, imageIgnoringIcc: image, width, height };
}

/** BMP: libvips as shipped with sharp has no BMP loader; bmp-ts decodes it to pixels. */
function decodeBmp(input: Buffer): DecodedImage {
  let decoded: { width: number; height: number; data: Buffer };
  try {
    decoded = decodeBmpPixels(input, { toRGBA: true });
  } catch (error) {
    throw IngestProblem.fromDecoder(error, input);
  }
  const { width, height, data } = decoded;
  if (width <= 0 || height <= 0 || data.length < width * height * 4) {
    throw new IngestProblem('corrupt', 'The BMP file is damaged (its pixel data is incomplete).');
  }
  checkPixelLimit(width, height);
  // 24-bit BMPs decode with an all-zero alpha channel: drop it rather than show a transparent photo.
  const image = sharp(data, { raw: { width, height, channels: 4 } }).removeAlpha();
  return { image, imageIgnoringIcc: image, width, height };
}

/**
 * The helpers decoding needs beyond sharp: one exiftool process (RAW previews and
 * metadata, AVIF transforms) and the HEIC decoder threads, each started on first use.
 */
export class DecodeHelpers {
  #exiftool: ExifTool | null = null;
  #heic: HeicDecoder | null = null;

  get heic(): HeicDecoder {
    this.#heic ??= new HeicDecoder(maxInputPixels);
    return this.#heic;
  }

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
    await Promise.all([this.#exiftool?.end(), this.#heic?.dispose()]);
    this.#exiftool = null;
    this.#heic = null;
  }
}

async function decodeRaw(
  file: string,
  orientation: number | null,
  helpers: DecodeHelpers,
): Promise<DecodedImage> {
  const preview = await helpers.largestPreview(file);
  if (!preview)
    throw new IngestProblem('no-preview', 'This RAW file has no embedded preview image to show.');
  let meta: Metadata;
  try {
    meta = await sharp(preview, { failOn: 'error' }).metadata();
  } catch {
    throw new IngestProblem(
      'no-preview',
      'This RAW file has no usable embedded preview image to show.',
    );
  }
  const open = (ignoreIcc: boolean) =>
    orient(
      sharp(preview, { limitInputPixels: maxInputPixels, failOn: 'error', ignoreIcc }),
      orientation,
    );
  return {
    image: open(false),
    imageIgnoringIcc: open(true),
    ...upright(meta.width, meta.height, swapsAxes(orientation)),
  };
}

/**
 * AVIF: libvips (as shipped with sharp) ignores the container's rotation (`irot`) and mirror
 * (`imir`) boxes, so a rotated AVIF would show sideways. exiftool reads them; we apply them
 * in the order HEIF prescribes (rotation, then mirror).
 */
async function decodeAvif(
  input: Buffer,
  file: string,
  helpers: DecodeHelpers,
): Promise<DecodedImage> {
  const decoded = await decodeWithSharp(input);
  let tags: { Rotation?: unknown; Mirroring?: unknown };
  try {
    tags = await helpers.exiftool.read(file);
  } catch {
    return decoded; // No readable transform: show it as stored.
  }
  const degrees =
    typeof tags.Rotation === 'string'
      ? /Rotate (90|180|270) CW/.exec(tags.Rotation)?.[1]
      : undefined;
  const mirroring = typeof tags.Mirroring === 'string' ? tags.Mirroring : '';
  if (!degrees && !mirroring) return decoded;
  const transform = (image: Sharp) => {
    // exiftool words irot's anticlockwise angle as "CW"; the ground-truth samples confirm the turn is anticlockwise.
    if (degrees) image = image.rotate(360 - Number(degrees));
    // exiftool's "Vertical" mirroring turns the picture upside down (checked against the ground-truth samples).
    if (mirroring === 'Vertical') image = image.flip();
    else if (mirroring === 'Horizontal') image = image.flop();
    return image;
  };
  return {
    image: transform(decoded.image),
    imageIgnoringIcc: transform(decoded.imageIgnoringIcc),
    ...upright(decoded.width, decoded.height, degrees === '90' || degrees === '270'),
  };
}

/** Decodes a photo (its bytes in `input`, its path in `file` for RAW extraction). */
export function decodeImage(
  input: Buffer,
  file: string,
  format: PhotoFormat,
  rawOrientation: number | null,
  helpers: DecodeHelpers,
): Promise<DecodedImage> {
  if (format === 'heic') return decodeHeic(input, helpers.heic);
  if (format === 'raw') return decodeRaw(file, rawOrientation, helpers);
  if (format === 'bmp') return Promise.resolve(decodeBmp(input));
  if (format === 'avif') return decodeAvif(input, file, helpers);
  return decodeWithSharp(input);
}

/** Reads a photo's file and decodes it (for renders after ingest: previews, model input). */
export async function decodeFile(
  source: { path: string; format: PhotoFormat; orientation: number | null },
  helpers: DecodeHelpers,
): Promise<DecodedImage> {
  return decodeImage(
    await readFile(source.path),
    source.path,
    source.format,
    source.orientation,
    helpers,
  );
}
