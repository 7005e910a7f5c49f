/**
 * @file Reads a photo's metadata with exifr (pure JavaScript, reads only the header
 * segments: ~1–5 ms a photo, where exiftool costs a process round trip per file).
 */
import * as exifrModule from 'exifr';
import type { ExifTool } from 'exiftool-vendored';
import { captureTime, type CaptureTime } from './capture-time';
import { combineRegions, regionsOf, type FileRegion } from './face-regions';
import { plausibleExposure } from './exposure-values';
import { usefulKeywords } from './file-keywords';
import { sidecarsOf } from './sidecar-names';

/**
 * exifr's exports as this bundle sees them: bundlers and Vitest load its ESM build (named
 * exports; the default lacks `sidecar`), Node's own ESM loader its CommonJS build (everything
 * under `default`).
 */
const exifr: typeof exifrModule =
  typeof exifrModule.parse === 'function'
    ? exifrModule
    : (exifrModule as unknown as { default: typeof exifrModule }).default;

export interface PhotoMetadata {
  orientation: number | null;
  capture: CaptureTime;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
  gpsLat: number | null;
  gpsLon: number | null;
  /** Where the position was read: the file's own EXIF, or an XMP sidecar ([Note: GPS in sidecars]). */
  gpsSource: 'exif' | 'sidecar' | null;
  keywords: string[];
  /** Named face regions other apps wrote, sidecars' first ([Note: Face region coordinates]). */
  faceRegions: FileRegion[];
}

const parseOptions = {
  tiff: true,
  ifd0: {},
  exif: true,
  gps: true,
  xmp: true,
  iptc: true,
  icc: false,
  ifd1: false,
  interop: false,
  // Raw values: dates stay wall-clock strings (see [Note: Capture time]), orientation a number.
  translateValues: false,
  reviveValues: false,
  translateKeys: true,
  mergeOutput: true,
} as const;

const text = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const t = v.replace(/\0/g, '').trim();
  return t === '' ? null : t;
};
const num = (v: unknown): number | null => {
  const n = Array.isArray(v) ? Number(v[0]) : Number(v);
  return typeof v !== 'boolean' && v !== null && v !== '' && Number.isFinite(n) ? n : null;
};

/** Keywords from XMP dc:subject and IPTC Keywords (junk is dropped later: see file-keywords.ts). */
function keywordsOf(tags: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(add);
    else if (typeof v === 'string' || typeof v === 'number') {
      const k = String(v).trim();
      if (k) out.add(k);
    } else if (v && typeof v === 'object' && 'value' in v) add(v.value);
  };
  add(tags.subject);
  add(tags.Keywords);
  return [...out];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The properties of every sidecar of the photo, both conventions (see [Note: XMP sidecars]). */
async function sidecarTags(file: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const sidecar of await sidecarsOf(file)) {
    if (!sidecar.exists) continue;
    try {
      const parsed = (await exifr.sidecar(sidecar.path)) as Record<string, unknown> | undefined;
      // exifr groups a sidecar's properties by namespace ({ dc: { subject } }): flatten them.
      if (parsed)
        out.push(
          Object.assign({}, ...Object.values(parsed).filter(isRecord), parsed) as Record<
            string,
            unknown
          >,
        );
    } catch {
      // A broken sidecar must not block the photo.
    }
  }
  return out;
}

/** A position, or nulls when it cannot be a real one. */
function position(
  lat: number | null,
  lon: number | null,
): { lat: number | null; lon: number | null } {
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return { lat: null, lon: null };
  // 0,0 is what broken GPS units write when they have no fix.
  if (lat === 0 && lon === 0) return { lat: null, lon: null };
  return { lat, lon };
}

function gps(tags: Record<string, unknown>): { lat: number | null; lon: number | null } {
  return position(num(tags.latitude), num(tags.longitude));
}

/**
 * An XMP GPS coordinate as a signed number of degrees: XMP writes "DDD,MM,SSk" or "DDD,MM.mmk"
 * (k: N, S, E or W); some programs write plain decimal degrees. Null for anything else.
 */
export function xmpCoordinate(value: unknown, negative: 'S' | 'W'): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])?\s*$/i.exec(
    value,
  );
  if (!m) return null;
  const minutes = Number(m[2] ?? 0);
  const seconds = Number(m[3] ?? 0);
  if (minutes >= 60 || seconds >= 60 || (m[2]?.includes('.') && m[3] !== undefined)) return null;
  const degrees = Number(m[1]);
  const sign = degrees < 0 || m[4]?.toUpperCase() === negative ? -1 : 1;
  const result = sign * (Math.abs(degrees) + minutes / 60 + seconds / 3600);
  return Number.isFinite(result) ? result : null;
}

/**
 * [Note: GPS in sidecars]
 * A photo's position is read from its XMP sidecars (exif:GPSLatitude/GPSLongitude, both naming
 * conventions, [Note: XMP sidecars]) as well as from the file's own EXIF. When both have one
 * and they disagree, the SIDECAR wins, whatever the files' dates: a sidecar is written by a
 * program acting for the user (Lightroom's or digiKam's map, a geotagger matching a GPS track,
 * Fotoglot's own "Set place" with XMP writing on) precisely because those programs leave the
 * original alone, so it is the later, deliberate statement, and the camera's EXIF is what it
 * corrects (a phone's fix from the last cell tower, a camera with no GPS that copied a stale
 * one). File times are no guide: a copy, a sync or a restore resets them. A sidecar position
 * that cannot be real (garbage, out of range, 0,0) counts as none, so a broken sidecar never
 * takes a good EXIF position away. The photo's place says where its position came from
 * (`gps_source`, shown as "from the XMP sidecar").
 */
function sidecarGps(
  sidecars: readonly Record<string, unknown>[],
): { lat: number; lon: number } | null {
  for (const tags of sidecars) {
    const p = position(xmpCoordinate(tags.GPSLatitude, 'S'), xmpCoordinate(tags.GPSLongitude, 'W'));
    if (p.lat !== null && p.lon !== null) return { lat: p.lat, lon: p.lon };
  }
  return null;
}

/**
 * Reads metadata from a photo's bytes (already in memory for decoding, so the file is read
 * once). Unreadable metadata yields the file-time fallback rather than an error.
 */
export async function readMetadataFromBuffer(
  bytes: Buffer,
  file: string,
  fileMtimeMs: number,
): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> = {};
  try {
    tags = ((await exifr.parse(bytes, parseOptions)) as Record<string, unknown> | undefined) ?? {};
  } catch {
    tags = {};
  }
  return toMetadata(tags, await sidecarTags(file), file, fileMtimeMs);
}

/** RAW files: exifr does not read them; exiftool does (one persistent process). */
export async function readRawMetadata(
  file: string,
  fileMtimeMs: number,
  exiftool: ExifTool,
): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> = {};
  try {
    const t: Record<string, unknown> = await exiftool.read(file);
    const rawDate = (v: unknown) =>
      v && typeof v === 'object' && 'rawValue' in v ? v.rawValue : v;
    tags = {
      ...t,
      DateTimeOriginal: rawDate(t.DateTimeOriginal),
      CreateDate: rawDate(t.CreateDate),
      ModifyDate: rawDate(t.ModifyDate),
      GPSDateStamp: rawDate(t.GPSDateStamp),
      latitude: t.GPSLatitude,
      longitude: t.GPSLongitude,
      subject: t.Subject,
    };
  } catch {
    tags = {};
  }
  return toMetadata(tags, await sidecarTags(file), file, fileMtimeMs);
}

function toMetadata(
  tags: Record<string, unknown>,
  sidecars: readonly Record<string, unknown>[],
  file: string,
  fileMtimeMs: number,
): PhotoMetadata {
  const orientation = num(tags.Orientation);
  const own = gps(tags);
  const fromSidecar = sidecarGps(sidecars);
  const { lat, lon } = fromSidecar ?? own;
  const gpsSource = fromSidecar ? 'sidecar' : own.lat === null ? null : 'exif';
  // See [Note: Implausible exposure values] and [Note: Implausible capture dates].
  return plausibleExposure({
    orientation: orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : null,
    capture: captureTime(tags, fileMtimeMs),
    cameraMake: text(tags.Make),
    cameraModel: text(tags.Model),
    lens: text(tags.LensModel) ?? text(tags.Lens) ?? text(tags.LensInfo),
    exposureTime: num(tags.ExposureTime),
    fNumber: num(tags.FNumber),
    iso: num(tags.ISO) ?? num(tags.ISOSpeedRatings),
    focalLength: num(tags.FocalLength),
    gpsLat: lat,
    gpsLon: lon,
    gpsSource,
    keywords: usefulKeywords([...keywordsOf(tags), ...sidecars.flatMap(keywordsOf)], file),
    faceRegions: combineRegions([...sidecars.map(regionsOf), regionsOf(tags)]),
  });
}
