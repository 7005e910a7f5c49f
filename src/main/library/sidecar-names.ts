/**
 * @file Which `.xmp` sidecars belong to a photo file, by the two naming conventions in use.
 *
 * [Note: XMP sidecars]
 * Accepted tags go to `dc:subject` and `lr:hierarchicalSubject`, opt-in. An existing sidecar is
 * merged into through exiftool (its keywords and everything else stay, ours are added; exiftool
 * writes a temporary file and renames it over the old one); a new one is written to a temporary
 * file and renamed into place. Keywords are only ever added: removing a tag in Fotoglot does not
 * edit what other programs may rely on.
 *
 * Two conventions name a photo's sidecar, and the programs people pair with Fotoglot disagree:
 * - `IMG_1.jpg.xmp` (the full file name + `.xmp`): digiKam's default ("Keep image extension in
 *   XMP sidecar name", on by default) and darktable's only form.
 * - `IMG_1.xmp` (the extension replaced): Lightroom Classic, Camera Raw and Bridge (which write
 *   sidecars for raw files: `IMG_1.CR2` → `IMG_1.xmp`), Capture One, and digiKam with that
 *   option off. Lightroom reads the metadata of JPEG, TIFF, PNG, PSD and DNG from inside the
 *   file, which Fotoglot never modifies, so for those `IMG_1.xmp` serves the other readers.
 * Sources: Adobe/Lightroom practice as described at asktimgrey.com/2021/05/10 ("same base
 * filename as the original raw capture … with an xmp extension") and sritch.com/lightroom/sidecar
 * ("reifel-…-7153.cr2" → "reifel-…-7153.xmp"; DNG embeds it); digiKam's option from
 * github.com/KDE/digikam/pull/6 ("digiKam … like darktable append '.xmp' to the full image file
 * name", checkbox "Keep Image Extension in XMP Sidecar Name", default checked); Immich reads both
 * (immich-app/immich#8186, #8235).
 *
 * Fotoglot therefore writes both when they differ: always `IMG_1.jpg.xmp`, and `IMG_1.xmp` too
 * when this file owns that base name. `IMG_1.jpg` and `IMG_1.CR2` side by side would share
 * `IMG_1.xmp`; Lightroom pairs such a JPEG with its raw and gives `IMG_1.xmp` to the raw, so the
 * raw owns it and the JPEG writes only `IMG_1.jpg.xmp`. When no single raw is among the files
 * sharing a base name (`IMG_1.jpg` + `IMG_1.png`), nobody owns it: writing it would mix two
 * photos' tags in one file. Reading follows the same rule: a photo's keywords come from both of
 * its sidecars, and never from a base-name sidecar that belongs to another file.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPhotoName, isRawName } from './image-format';

export interface SidecarNames {
  /** `IMG_1.jpg.xmp`: always this file's own. */
  full: string;
  /** `IMG_1.xmp`, or null when this file shares its base name and does not own it. */
  base: string | null;
}

const stemOf = (name: string) => path.parse(name).name.toLocaleLowerCase();

/**
 * The sidecar names of `fileName` among the other names in its folder (see [Note: XMP
 * sidecars]). Pure: the folder listing is passed in.
 */
export function sidecarNamesFor(fileName: string, folderNames: readonly string[]): SidecarNames {
  const stem = stemOf(fileName);
  const sharing = folderNames.filter((n) => n !== fileName && isPhotoName(n) && stemOf(n) === stem);
  const owns = sharing.length === 0 || (isRawName(fileName) && !sharing.some((n) => isRawName(n)));
  return {
    full: `${fileName}.xmp`,
    base: owns ? `${path.parse(fileName).name}.xmp` : null,
  };
}

/** Recent folder listings, re-read when the folder changes (ingest asks once per photo). */
const listings = new Map<string, { mtimeMs: number; names: string[] }>();
const maxListings = 64;

async function folderNames(dir: string): Promise<string[]> {
  const { mtimeMs } = await stat(dir);
  const cached = listings.get(dir);
  if (cached?.mtimeMs === mtimeMs) return cached.names;
  const names = await readdir(dir);
  listings.delete(dir);
  listings.set(dir, { mtimeMs, names });
  if (listings.size > maxListings) listings.delete(listings.keys().next().value ?? '');
  return names;
}

/**
 * A photo's sidecars as they are on disk: for each convention it may use, the existing file
 * (any case of `.xmp`) or, when none exists, the path to create. `exists` says which.
 */
export async function sidecarsOf(
  file: string,
): Promise<{ path: string; exists: boolean; convention: 'full' | 'base' }[]> {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = await folderNames(dir);
  } catch {
    return [];
  }
  const own = sidecarNamesFor(path.basename(file), names);
  const find = (wanted: string) =>
    names.find((n) => n === wanted) ??
    names.find((n) => n.toLocaleLowerCase() === wanted.toLocaleLowerCase());
  const out: { path: string; exists: boolean; convention: 'full' | 'base' }[] = [];
  for (const [convention, wanted] of [
    ['full', own.full],
    ['base', own.base],
  ] as const) {
    if (wanted === null) continue;
    const found = find(wanted);
    out.push({ path: path.join(dir, found ?? wanted), exists: found !== undefined, convention });
  }
  return out;
}
