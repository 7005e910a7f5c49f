/**
 * @file When a photo was taken, from EXIF with its timezone when known.
 *
 * [Note: Capture time]
 * EXIF dates are wall-clock times without a zone. We keep the wall-clock time as the
 * photo's capture time (what the user remembers: "8 in the morning") and, for ordering,
 * a UTC instant: from OffsetTimeOriginal when the camera wrote one, else from the GPS
 * timestamp (UTC) rounded to the nearest quarter hour, else the wall-clock time read as if
 * it were UTC ("floating"), which keeps one camera's photos in order. Fallbacks, in order:
 * DateTimeOriginal → CreateDate (digitized) → ModifyDate → the file's modification time.
 *
 * [Note: Implausible capture dates]
 * A camera whose clock was never set writes dates like 2099 or 1601; a broken one writes
 * anything. A date more than a day in the future or before 1900 is not believed: the next
 * candidate is used (in the end the file time, which keeps such photos out of the top of the
 * timeline and in the month they were copied), and the set-aside value is kept as
 * `ignoredDate`, so the viewer can show it ("The camera's date, 2099-09-29 10:10, was ignored")
 * and the user can set the right one (a user date, see [Note: User dates], wins over all).
 */

export type CaptureSource = 'exif-original' | 'exif-digitized' | 'exif-modified' | 'file';
/** Where a photo's stored date came from: a capture source, or the user ([Note: User dates]). */
export type DateSource = CaptureSource | 'user';

/** Earliest year believed (see [Note: Implausible capture dates]). */
export const earliestYear = 1900;
/** How far in the future a date may lie (clock drift, time zones) before it is not believed. */
export const futureSlackMs = 24 * 60 * 60 * 1000;

export interface CaptureTime {
  /** Local wall-clock time, `YYYY-MM-DDTHH:mm:ss`. */
  local: string;
  /** Milliseconds since the epoch (see the note for how a missing zone is handled). */
  utcMs: number;
  /** Offset from UTC in minutes when known. */
  offsetMinutes: number | null;
  source: CaptureSource;
  /** An EXIF date set aside as implausible (`YYYY-MM-DDTHH:mm:ss`), else null. */
  ignoredDate: string | null;
}

const exifDate = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** Parses an EXIF "YYYY:MM:DD HH:MM:SS" into its wall-clock fields; null for blanks and nonsense. */
export function parseExifDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = exifDate.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  return `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}T${m[4] ?? ''}:${m[5] ?? ''}:${m[6] ?? ''}`;
}

/** "+02:00" / "-0530" → minutes. */
export function parseOffset(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes > 14 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

const asUtc = (local: string) => Date.parse(`${local}Z`);

/** The GPS UTC instant, if the photo has GPSDateStamp and GPSTimeStamp. */
function gpsInstant(tags: Record<string, unknown>): number | null {
  const date = typeof tags.GPSDateStamp === 'string' ? tags.GPSDateStamp.replace(/:/g, '-') : null;
  const time = tags.GPSTimeStamp;
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  let h: number, m: number, s: number;
  if (Array.isArray(time) && time.length === 3)
    [h, m, s] = time.map(Number) as [number, number, number];
  else if (typeof time === 'string' && /^\d{1,2}:\d{2}:\d{2}/.test(time))
    [h, m, s] = time.split(':').map(Number) as [number, number, number];
  else return null;
  const ms = Date.parse(`${date}T00:00:00Z`) + ((h * 60 + m) * 60 + s) * 1000;
  return Number.isFinite(ms) ? ms : null;
}

/** Whether a capture instant is believed (see [Note: Implausible capture dates]). */
export function isPlausibleCapture(local: string, utcMs: number, nowMs = Date.now()): boolean {
  return Number(local.slice(0, 4)) >= earliestYear && utcMs <= nowMs + futureSlackMs;
}

/** The wall-clock time and instant of a file time, in this machine's zone. */
export function fileTime(fileMtimeMs: number): Omit<CaptureTime, 'ignoredDate'> {
  const when = new Date(fileMtimeMs);
  const offsetMinutes = -when.getTimezoneOffset();
  const local = new Date(fileMtimeMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return { local, utcMs: fileMtimeMs, offsetMinutes, source: 'file' };
}

/**
 * Chooses the capture time from raw (unrevived) EXIF tags, or the file time; an implausible
 * date is set aside (see [Note: Implausible capture dates]).
 */
export function captureTime(
  tags: Record<string, unknown>,
  fileMtimeMs: number,
  nowMs = Date.now(),
): CaptureTime {
  let ignoredDate: string | null = null;
  const candidates: [unknown, unknown, CaptureSource][] = [
    [tags.DateTimeOriginal, tags.OffsetTimeOriginal, 'exif-original'],
    [tags.CreateDate, tags.OffsetTimeDigitized, 'exif-digitized'],
    [tags.ModifyDate, tags.OffsetTime, 'exif-modified'],
  ];
  for (const [date, offset, source] of candidates) {
    const local = parseExifDate(date);
    if (!local) continue;
    let offsetMinutes = parseOffset(offset) ?? parseOffset(tags.OffsetTime);
    const gps = offsetMinutes === null ? gpsInstant(tags) : null;
    if (gps !== null) {
      const derived = Math.round((asUtc(local) - gps) / 60_000 / 15) * 15;
      if (Math.abs(derived) <= 14 * 60) offsetMinutes = derived;
    }
    const utcMs = asUtc(local) - (offsetMinutes ?? 0) * 60_000;
    if (!isPlausibleCapture(local, utcMs, nowMs)) {
      ignoredDate ??= local;
      continue;
    }
    return { local, utcMs, offsetMinutes, source, ignoredDate };
  }
  return { ...fileTime(fileMtimeMs), ignoredDate };
}
