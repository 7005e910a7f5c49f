/**
 * @file Named face regions other apps wrote into a photo's XMP: MWG Regions (Lightroom, digiKam,
 * Picasa, Apple Photos) and Microsoft's `MP:RegionInfo` (Windows Photo Gallery), read from the
 * metadata exifr or exiftool parsed, and turned into boxes on the photo as Fotoglot shows it.
 *
 * [Note: Face region coordinates]
 * - MWG (`mwg-rs:Regions/mwg-rs:RegionList`, Guidelines for Handling Image Metadata 2.0, §5.9):
 *   `stArea:x`/`stArea:y` are the CENTRE of the region, `w`/`h` its size, as fractions of the
 *   image (`stArea:unit="normalized"`; a `pixel` unit is divided by `mwg-rs:AppliedToDimensions`).
 *   The guidelines draw the region on the image as stored, before the EXIF Orientation is
 *   applied, and `AppliedToDimensions` are the stored pixel dimensions; Immich reads them so since
 *   immich-app/immich#18021 (rotated photos had misplaced faces, #12440, #13740), pigallery2 the
 *   same (#979), digiKam writes them so since KDE bugs 372340 and 395243.
 * - Microsoft (`MP:RegionInfo/MPRI:Regions`, "People Tagging Overview" in the WIC docs):
 *   `MPReg:Rectangle` is "x, y, w, h" with x, y the TOP-LEFT corner, fractions of the image.
 *   The docs do not say which orientation; Windows writes them on the stored image as it writes
 *   everything else, and exiftool's rotate_regions.config turns both kinds the same way, so they
 *   are read like MWG regions.
 * Fotoglot's face boxes are top-left fractions of the photo as displayed (after EXIF rotation:
 * see the faces table), so a region is moved by the orientation. One guard: a quarter-turned
 * photo whose MWG `AppliedToDimensions` are the DISPLAYED size (and not the stored one) was
 * written by an app that drew on the displayed image; its regions are taken as they are.
 * Writing (region-sidecar.ts) does the inverse: stored frame, stored dimensions.
 */
import { regionFit, type Box } from '../people/face-ref';

/** A named face region as read, on the image as stored (before orientation). */
export interface FileRegion {
  name: string;
  /** x, y, width, height: top-left fractions of the stored image. */
  box: Box;
  source: 'mwg' | 'mp';
  /** MWG AppliedToDimensions in pixels, when given. */
  appliedTo: { w: number; h: number } | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** exifr turns a one-item rdf:Bag into the item itself; exiftool always gives a list. */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A property by name, whatever its case (exifr: `x`, exiftool: `X`). */
function prop(o: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

const number = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/** exifr leaves XML entities in attribute values (`Ben &amp; Co`); names never hold them. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? _;
  });
}

function nameOf(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const name = decodeEntities(String(v)).replace(/[\u0000-\u001f\u007f]/g, ' ');
  const trimmed = name.replace(/\s+/g, ' ').trim();
  return trimmed === '' || trimmed.length > 200 ? null : trimmed;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/** A box kept inside the image; null when nothing of it is. */
function clampBox(x: number, y: number, w: number, h: number): Box | null {
  const [x0, y0, x1, y1] = [clamp(x), clamp(y), clamp(x + w), clamp(y + h)];
  return x1 - x0 > 0 && y1 - y0 > 0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

/** MWG regions of type Face (or of no type) that carry a name. */
function mwgRegions(info: unknown): FileRegion[] {
  if (!isRecord(info)) return [];
  const dims = prop(info, 'AppliedToDimensions');
  const dw = isRecord(dims) ? number(prop(dims, 'w')) : null;
  const dh = isRecord(dims) ? number(prop(dims, 'h')) : null;
  const appliedTo = dw && dh && dw > 0 && dh > 0 ? { w: dw, h: dh } : null;
  return listOf(prop(info, 'RegionList')).flatMap((r): FileRegion[] => {
    if (!isRecord(r)) return [];
    const type = prop(r, 'Type');
    if (type !== undefined && type !== 'Face') return [];
    const name = nameOf(prop(r, 'Name'));
    const area = prop(r, 'Area');
    if (name === null || !isRecord(area)) return [];
    let [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => number(prop(area, k)));
    if (x == null || y == null || w == null || h == null || w <= 0 || h <= 0) return [];
    if (prop(area, 'unit') === 'pixel') {
      if (!appliedTo) return [];
      [x, y, w, h] = [x / appliedTo.w, y / appliedTo.h, w / appliedTo.w, h / appliedTo.h];
    }
    const box = clampBox(x - w / 2, y - h / 2, w, h);
    return box ? [{ name, box, source: 'mwg', appliedTo }] : [];
  });
}

/** Microsoft regions with a person's name and a rectangle. */
function mpRegions(info: unknown): FileRegion[] {
  if (!isRecord(info)) return [];
  return listOf(prop(info, 'Regions')).flatMap((r): FileRegion[] => {
    if (!isRecord(r)) return [];
    const name = nameOf(prop(r, 'PersonDisplayName'));
    const rect = prop(r, 'Rectangle');
    if (name === null || typeof rect !== 'string') return [];
    const [x, y, w, h] = rect.split(',').map((s) => number(s.trim()));
    if (x == null || y == null || w == null || h == null || w <= 0 || h <= 0) return [];
    const box = clampBox(x, y, w, h);
    return box ? [{ name, box, source: 'mp', appliedTo: null }] : [];
  });
}

/**
 * The named face regions of one metadata record, flattened as read-metadata.ts has it: MWG under
 * `Regions` (exifr's name for `mwg-rs:Regions`) or `RegionInfo` with a `RegionList` (exiftool's),
 * Microsoft's under `RegionInfo` with `Regions` (exifr) or `RegionInfoMP` (exiftool).
 */
export function regionsOf(tags: Record<string, unknown>): FileRegion[] {
  const info = tags.RegionInfo;
  const mwg = isRecord(info) && prop(info, 'RegionList') !== undefined ? info : tags.Regions;
  const mp = isRecord(info) && prop(info, 'Regions') !== undefined ? info : tags.RegionInfoMP;
  return [...mwgRegions(mwg), ...mpRegions(mp)];
}

/**
 * One region per face from several sources, earliest first: pass the sidecars' before the
 * embedded ones (a sidecar is where Lightroom and digiKam put later edits), MWG before Microsoft
 * (digiKam writes both). A region that fits one already kept (regionFit: our own written
 * box is the detector's, tighter than the app's) is the same face.
 */
export function combineRegions(lists: readonly FileRegion[][]): FileRegion[] {
  const kept: FileRegion[] = [];
  for (const r of lists.flat()) if (!kept.some((k) => regionFit(k.box, r.box) > 0)) kept.push(r);
  return kept;
}

/** Stored-frame box → displayed-frame box for EXIF orientation 1–8 (null: 1). */
export function orientBox(b: Box, orientation: number | null): Box {
  const [x, y, w, h] = b;
  switch (orientation) {
    case 2:
      return [1 - x - w, y, w, h];
    case 3:
      return [1 - x - w, 1 - y - h, w, h];
    case 4:
      return [x, 1 - y - h, w, h];
    case 5:
      return [y, x, h, w];
    case 6:
      return [1 - y - h, x, h, w];
    case 7:
      return [1 - y - h, 1 - x - w, h, w];
    case 8:
      return [y, 1 - x - w, h, w];
    default:
      return b;
  }
}

/** Displayed-frame box → stored-frame box (the inverse of orientBox). */
export function unorientBox(b: Box, orientation: number | null): Box {
  const inverse: Record<number, number> = { 6: 8, 8: 6 };
  return orientBox(b, orientation === null ? null : (inverse[orientation] ?? orientation));
}

/**
 * A region on the photo as displayed, given its orientation and displayed size (see [Note: Face
 * region coordinates]).
 */
export function displayedBox(
  region: FileRegion,
  orientation: number | null,
  displayed: { width: number; height: number },
): Box {
  const turned = orientation !== null && orientation >= 5;
  const { appliedTo } = region;
  const drawnOnDisplayed =
    turned &&
    appliedTo !== null &&
    displayed.width !== displayed.height &&
    appliedTo.w === displayed.width &&
    appliedTo.h === displayed.height;
  return drawnOnDisplayed ? region.box : orientBox(region.box, orientation);
}
