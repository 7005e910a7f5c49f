/**
 * @file Which keywords found in a file (XMP dc:subject, IPTC Keywords, sidecars) are words a
 * person gave the photo, and which are junk that cameras, phone apps and old catalogues leave
 * there: file extensions (".jpg"), file names and their fragments ("IMG_1234", the photo's own
 * numbered name), camera serial numbers ("SN 0412345678"), bare numbers and dates, paths and ids.
 * Junk never becomes a tag; the rest is kept exactly as written.
 */
import path from 'node:path';
import { isPhotoName } from './image-format';

/** Extensions that are not photos but show up as keywords all the same (videos, sidecars, documents). */
const otherFileExtensions = new Set([
  'xmp',
  'mov',
  'mp4',
  'avi',
  'mts',
  'm4v',
  'thm',
  'pdf',
  'raw',
]);

const isFileExtension = (ext: string) =>
  otherFileExtensions.has(ext.toLowerCase()) || isPhotoName(`x.${ext}`);

/** Names cameras and phones give files: IMG_1234, DSC01234, _MG_1234, PXL_20230101_…, P1010001. */
const cameraFileName =
  /^(?:img|dsc[fn]?|_dsc|pict|_mg|mvi|pxl|cimg|sam|gopr|gp|dji|imag|wp|vid|mvc)[_-]?\d{3,}[\w-]*$/i;
const panasonicFileName = /^p\d{7}$/i;
const serialPrefix = /^(?:s\/?n|ser(?:ial)?(?:\s*(?:no\.?|number|#))?)[\s.:#-]*[a-z0-9-]{3,}$/i;
/** No letter at all: numbers, dates, times ("2019", "2019:07:10 10:00", "#12"). */
const noLetter = /^[^\p{L}]*$/u;
const pathLike = /^(?:[a-z]:)?[\\/]|[\\/].*[\\/]/i;
const hexId = /^[0-9a-f-]{12,}$/i;

const digits = (s: string) => s.replace(/\D/g, '').length;

/**
 * Whether a keyword read from `file` is worth keeping as a tag (see the file comment). The
 * keyword is compared as written; `file` is the photo's path, for fragments of its own name.
 */
export function isUsefulKeyword(keyword: string, file: string): boolean {
  const k = keyword.trim();
  // One Latin letter or sign is no keyword; one Chinese or Japanese character (猫) is a word.
  if ((k.length < 2 && /^[\x20-\x7e]?$/.test(k)) || k.length > 100) return false;
  if (noLetter.test(k)) return false;
  // ".jpg", "JPEG", "IMG_1234.JPG": an extension, alone or ending a file name.
  const ext = /^\.?([a-z0-9]{2,5})$/i.exec(k)?.[1] ?? /\.([a-z0-9]{2,5})$/i.exec(k)?.[1];
  if (ext !== undefined && isFileExtension(ext) && (k.startsWith('.') || k.includes('.')))
    return false;
  // "JPG", "heic": a bare extension ("raw" alone is also a word, kept unless written "RAW").
  if (/^[a-z0-9]{2,5}$/i.test(k) && isFileExtension(k) && k !== 'raw') return false;
  if (cameraFileName.test(k) || panasonicFileName.test(k)) return false;
  if (serialPrefix.test(k) && digits(k) >= 3) return false;
  // One token, mostly digits: a serial number or a counter ("0412345678", "E12345678", "A7-004512").
  if (!/\s/.test(k) && digits(k) >= 5 && digits(k) * 2 >= k.length) return false;
  if (hexId.test(k) && digits(k) > 0) return false;
  if (pathLike.test(k)) return false;
  // The photo's own numbered name ("holiday_2019_003" for holiday_2019_003.jpg).
  const stem = path.parse(file).name;
  if (/\d/.test(stem) && k.toLocaleLowerCase() === stem.toLocaleLowerCase()) return false;
  return true;
}

/** The useful keywords of a file, each once, in the order found. */
export function usefulKeywords(keywords: Iterable<string>, file: string): string[] {
  const out = new Set<string>();
  for (const k of keywords) {
    const trimmed = k.replace(/\p{Cc}/gu, '').trim();
    if (isUsefulKeyword(trimmed, file)) out.add(trimmed);
  }
  return [...out];
}
