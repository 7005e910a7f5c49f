/**
 * @file Recognises photo formats from their first bytes, with the file extension only to
 * tell TIFF-based RAW formats apart (they all start with a TIFF header).
 */
import path from 'node:path';

export const photoFormats = [
  'jpeg',
  'png',
  'webp',
  'avif',
  'heic',
  'tiff',
  'gif',
  'bmp',
  'raw',
] as const;
export type PhotoFormat = (typeof photoFormats)[number];

/** Camera RAW formats whose embedded preview we show. */
const rawExtensions = new Set([
  'cr2',
  'cr3',
  'nef',
  'nrw',
  'arw',
  'sr2',
  'dng',
  'raf',
  'rw2',
  'orf',
]);

/** Extensions of formats we ingest. */
const imageExtensions = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'mpo',
  'png',
  'webp',
  'avif',
  'heic',
  'heif',
  'hif',
  'tif',
  'btf',
  'tiff',
  'gif',
  'bmp',
  'dib',
  ...rawExtensions,
]);

/** Image formats people keep beside photos that we recognise but cannot ingest (yet): reported, not ignored. */
const unsupportedImageExtensions: Record<string, string> = {
  jxl: 'JPEG XL',
  jp2: 'JPEG 2000',
  j2k: 'JPEG 2000',
  psd: 'Photoshop document',
  exr: 'OpenEXR',
  hdr: 'Radiance HDR',
  ico: 'Windows icon',
  crw: 'Canon CRW (old RAW)',
  mrw: 'Minolta RAW',
  x3f: 'Sigma X3F RAW',
  iiq: 'Phase One IIQ RAW',
  pef: 'Pentax RAW',
  srw: 'Samsung RAW',
  svg: 'SVG drawing',
  avifs: 'animated AVIF sequence',
};

/** Extensions of files that are certainly not photos: never read. */
const ignoredExtensions = new Set([
  'xmp',
  'txt',
  'md',
  'rst',
  'json',
  'xml',
  'html',
  'pdf',
  'doc',
  'docx',
  'icc',
  'icm',
  'db',
  'ini',
  'mp4',
  'mov',
  'avi',
  'mkv',
  'm4v',
  '3gp',
  'mts',
  'wav',
  'mp3',
  'aac',
  'zip',
  'gz',
  'lnk',
  'ds_store',
  'thm',
  'aae',
  'lrv',
  'pp3',
  'dop',
  'on1',
]);

export function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

/** Whether a file name is a camera RAW file (by its extension). */
export function isRawName(file: string): boolean {
  return rawExtensions.has(extensionOf(file));
}

/** Whether a file name has the extension of a photo format (ingested or not). */
export function isPhotoName(file: string): boolean {
  const ext = extensionOf(file);
  return imageExtensions.has(ext) || ext in unsupportedImageExtensions;
}

export type Candidate =
  | { kind: 'image' } // known image extension: read and check
  | { kind: 'unknown' } // no or unfamiliar extension: sniff the content
  | { kind: 'unsupported'; format: string }
  | { kind: 'ignored' };

/** Decides from the name alone what to do with a file found by the scan. */
export function classifyByName(file: string): Candidate {
  const ext = extensionOf(file);
  if (imageExtensions.has(ext)) return { kind: 'image' };
  const unsupported = unsupportedImageExtensions[ext];
  if (unsupported) return { kind: 'unsupported', format: unsupported };
  if (ignoredExtensions.has(ext) || path.basename(file).toLowerCase() === 'license')
    return { kind: 'ignored' };
  return { kind: 'unknown' };
}

/** How many leading bytes `sniffFormat` needs. */
export const sniffBytes = 32;

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  bytes.length >= start + text.length &&
  Array.from({ length: text.length }, (_, i) => i).every(
    (i) => bytes[start + i] === text.charCodeAt(i),
  );

/** The photo format of `head` (the file's first bytes), or null when it is none we ingest. */
export function sniffFormat(head: Uint8Array, file: string): PhotoFormat | null {
  const ext = extensionOf(file);
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  if (
    ascii(head, 0, 'BM') &&
    head.length >= 18 &&
    [12, 40, 52, 56, 64, 108, 124].includes(head[14] ?? 0)
  )
    return 'bmp';
  if (ascii(head, 0, 'FUJIFILMCCD-RAW')) return 'raw';
  if (
    ascii(head, 0, 'IIU\0') ||
    ascii(head, 0, 'IIRO') ||
    ascii(head, 0, 'IIRS') ||
    ascii(head, 0, 'MMOR')
  )
    return 'raw';
  if (ascii(head, 0, 'II+\0') || ascii(head, 0, 'MM\0+')) return 'tiff'; // BigTIFF
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) {
    return rawExtensions.has(ext) || ascii(head, 8, 'CR') ? 'raw' : 'tiff';
  }
  if (ascii(head, 4, 'ftyp')) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (brand === 'crx ') return 'raw';
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (
      ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'mif2', 'mif3', 'msf1'].includes(
        brand,
      )
    ) {
      // mif1 is the generic HEIF brand; AVIF files using it still say .avif.
      return ext === 'avif' ? 'avif' : 'heic';
    }
  }
  return null;
}
