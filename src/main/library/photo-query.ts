/**
 * @file Which photos exist and which file stands for each: the one rule for a photo's file
 * (see [Note: A photo's file]), the SQL every query uses for it, and the library's photo
 * reads (lists, details, cards, what a preview is rendered from).
 *
 * [Note: A photo's file]
 * One photo can live in several files (copies, see [Note: Photo identity]), some of them gone
 * from disk (`missing = 1`, kept so tags survive until the file comes back). Wherever one file
 * has to stand for the photo (the path shown, the file ingest, embedding and previews read,
 * the file revealed or opened) it is the photo's first present file by file id (the oldest
 * record, so the choice holds still while other copies come and go), else none: null.
 * A photo whose every file is missing therefore has no path anywhere: lists show it with
 * `path: null` and `missing: true`, jobs wait for a file, media has nothing to send.
 * Nobody gets a missing file's old path ("any file"): nothing can be read from it, and
 * revealing, opening or showing it would point at a file that is not there. A caller that
 * needs every present file asks for presentFiles(); one that names a file by path gets that
 * file (resolvePhoto).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { cameraName } from '../../shared/camera-name';
import { AppFailure } from '../../shared/result';
import type { Row } from '../db/rows';
import { all, get, join, pluck, sql, type SqlFragment } from '../db/sql';
import type { DateSource } from './capture-time';
import { plausibleExposure } from './exposure-values';
import type { PhotoFormat } from './image-format';
import { recordedProblem, whyNotAPhoto } from './unlisted-file';

/**
 * SQL for `column` of the photo's first present file (see [Note: A photo's file]); NULL when
 * every file is missing. `photoId` is a column of the outer query (`p.id`, `j.photo_id`); the
 * subquery's own alias is `pf`, so any other alias is safe.
 */
export function firstPresentFile(photoId: string, column: 'path' | 'id' = 'path'): string {
  return `(SELECT pf.${column} FROM files pf WHERE pf.photo_id = ${photoId} AND pf.missing = 0 ORDER BY pf.id LIMIT 1)`;
}

/** SQL condition: the photo has a file on disk (the same files firstPresentFile picks from). */
export function hasPresentFile(photoId: string): string {
  return `EXISTS (SELECT 1 FROM files pf WHERE pf.photo_id = ${photoId} AND pf.missing = 0)`;
}

/** The path a photo (aliased `p`) is shown under: its first present file, else NULL. */
export const photoPathSql = firstPresentFile('p.id');

// The two helpers above take column names chosen by code, so their text goes into fragments
// as it is (no parameters); `sql` would make a string a parameter ([Note: SQL fragments]).

/** photoPathSql as a fragment, for `sql` templates over `photos p`. */
export const photoPath: SqlFragment = { text: photoPathSql, params: [] };

/**
 * A condition over `photos p`: the photo has a file on disk (hasPresentFile), read from the
 * count triggers keep ([Note: Listing counts]).
 */
export const photoOnDisk: SqlFragment = { text: 'p.present_files > 0', params: [] };

/**
 * A condition over `photos p`: the photo is in the library's listings (ready, a file on disk),
 * written as the partial indexes of [Note: Listing counts] are, so SQLite can use them.
 */
export const photoListed: SqlFragment = {
  text: "p.state = 'ready' AND p.present_files > 0",
  params: [],
};

/** A photo as a caller names one: by id, or by the path of one of its files. */
export type PhotoRef = { id: number } | { path: string };

/**
 * Whether a photo exists, and the file that stands for it: by id, its first present file (null
 * when every file is missing); by path, that file (symlinks resolved). Throws not-found for an
 * unknown id or a path that does not exist; for any other path that is not a readable library
 * photo, a failure that says what it is (unlisted-file.ts).
 */
export function resolvePhoto(
  db: Database.Database,
  ref: PhotoRef,
): { id: number; path: string | null } {
  if ('id' in ref) {
    const row = get<{ id: number; path: string | null }>(
      db,
      sql`SELECT p.id, ${photoPath} AS path FROM photos p WHERE p.id = ${ref.id}`,
    );
    if (!row) throw new AppFailure('not-found', `There is no photo with id ${String(ref.id)}.`);
    // Set aside with its folder ([Note: Removed folders]): not in the library until restored.
    if (
      row.path === null &&
      pluck<number>(
        db,
        sql`SELECT EXISTS (SELECT 1 FROM files WHERE photo_id = ${ref.id} AND missing = 2)`,
      ) === 1
    )
      throw new AppFailure(
        'not-found',
        `Photo ${String(ref.id)} is in a removed folder. Restore the folder (Settings → Removed folders, or "fotoglot folders restore <folder>") first.`,
      );
    return row;
  }
  let real: string;
  try {
    real = realpathSync(ref.path);
  } catch {
    throw new AppFailure('not-found', `${ref.path} does not exist.`);
  }
  const row = get<{ id: number; path: string; state: string; missing: number }>(
    db,
    sql`SELECT f.photo_id AS id, f.path, p.state, f.missing FROM files f JOIN photos p ON p.id = f.photo_id
         WHERE f.path = ${real}`,
  );
  if (!row) throw whyNotAPhoto(db, real, ref.path);
  // A photo that could not be read has nothing to show, compare or tag: say why.
  if (row.state === 'failed')
    throw (
      recordedProblem(db, real, ref.path) ??
      new AppFailure(
        'unavailable',
        `${ref.path} could not be read; index its folder again to retry.`,
      )
    );
  if (row.missing === 2)
    throw new AppFailure(
      'not-found',
      `${ref.path} is in a removed folder. Bring it back with "fotoglot folders restore <folder>".`,
    );
  return { id: row.id, path: row.path };
}

export interface PhotoListItem {
  id: number;
  /** The first present file (see [Note: A photo's file]); null when `missing`. */
  path: string | null;
  fingerprint: string;
  format: string;
  state: string;
  capturedAt: string | null;
  capturedAtUtc: number | null;
  tzOffsetMinutes: number | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  camera: string | null;
  gps: { lat: number; lon: number } | null;
  keywords: string[];
  placeholder: string | null;
  /** Every file of the photo is gone from disk. */
  missing: boolean;
}

export interface PhotoExposure {
  lens: string | null;
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
  /** Where the capture time came from: EXIF, the file time, or the user ([Note: User dates]). */
  dateSource: DateSource | null;
  /** An implausible EXIF date that was set aside ([Note: Implausible capture dates]). */
  ignoredDate: string | null;
}

/** What is needed to render a photo again: its content id, format, orientation and a file on disk. */
export interface PhotoSource {
  fingerprint: string;
  format: PhotoFormat;
  orientation: number | null;
  path: string;
  state: string;
}

/** A photo row with the path it is shown under, for toListItem. */
const photoSelect = sql`SELECT p.*, ${photoPath} AS shown_path FROM photos p`;

type ShownPhoto = Row<'photos'> & { shown_path: string | null };

/** Reads of photos: counts, lists, one photo, cards, render sources. Writes live elsewhere. */
export class PhotoQuery {
  constructor(private readonly db: Database.Database) {}

  /** `visible`: photos a user can see (processed, with a file on disk); `missing`: photos whose files are all gone. */
  photoCount(): { visible: number; missing: number } {
    const count = (where: SqlFragment) =>
      pluck<number>(this.db, sql`SELECT count(*) FROM photos p WHERE ${where}`) ?? 0;
    return {
      visible: count(photoListed),
      // Photos set aside with a removed folder are not missing ([Note: Removed folders]).
      missing: count(
        sql`NOT ${photoOnDisk} AND NOT EXISTS (SELECT 1 FROM files sf WHERE sf.photo_id = p.id AND sf.missing = 2)`,
      ),
    };
  }

  /**
   * Photos a user can see (processed, with a file on disk) that have a present file in one of
   * `roots` or below: what `fotoglot index <folder>` reports for that folder. Compared by
   * path prefix up to a separator, so `/photos/2019` does not take in `/photos/2019-old`.
   */
  visibleIn(roots: readonly string[]): number {
    const under = roots.map(
      (root) =>
        sql`(f.path = ${root} OR substr(f.path, 1, ${root.length + 1}) = ${root + path.sep})`,
    );
    if (under.length === 0) return 0;
    return (
      pluck<number>(
        this.db,
        sql`SELECT count(DISTINCT f.photo_id) FROM files f JOIN photos p ON p.id = f.photo_id
             WHERE f.missing = 0 AND p.state = 'ready' AND (${join(under, ' OR ')})`,
      ) ?? 0
    );
  }

  /**
   * Photos newest first: those a user can see, or with `all`, every photo including
   * pending, failed and missing ones (for diagnostics and tests).
   */
  photos(limit: number, offset = 0, everything = false): PhotoListItem[] {
    const rows = all<ShownPhoto>(
      this.db,
      sql`${photoSelect}
          WHERE ${everything ? 1 : 0} OR (${photoListed})
          ORDER BY p.captured_at_utc DESC NULLS LAST, p.id DESC LIMIT ${limit} OFFSET ${offset}`,
    );
    return rows.map(toListItem);
  }

  /** One photo with its exposure details (the viewer's info panel); null when unknown. */
  photo(photoId: number): (PhotoListItem & PhotoExposure) | null {
    const r = get<ShownPhoto>(this.db, sql`${photoSelect} WHERE p.id = ${photoId}`);
    if (!r) return null;
    // Rows read by an older version may still hold sentinels: [Note: Implausible exposure values].
    return plausibleExposure({
      ...toListItem(r),
      lens: r.lens,
      exposureTime: r.exposure_time,
      fNumber: r.f_number,
      iso: r.iso,
      focalLength: r.focal_length,
      dateSource: r.captured_at_source as DateSource | null,
      ignoredDate: r.ignored_date,
    });
  }

  /**
   * Many photos by id (any state, like `photo`), in the order asked; unknown ids are left out.
   * One query, however many ids (the grid's cards of a tag preview, up to 1000).
   */
  photosById(ids: readonly number[]): PhotoListItem[] {
    if (ids.length === 0) return [];
    const rows = all<ShownPhoto>(
      this.db,
      sql`${photoSelect} WHERE p.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
    const byId = new Map(rows.map((r) => [r.id, toListItem(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** What a preview is rendered from; null when the photo is unknown or every file is missing. */
  photoSource(photoId: number): PhotoSource | null {
    const row = get<Omit<PhotoSource, 'path'> & { path: string | null }>(
      this.db,
      sql`SELECT p.fingerprint, p.format, p.orientation, p.state, ${photoPath} AS path
            FROM photos p WHERE p.id = ${photoId}`,
    );
    return row?.path != null ? { ...row, path: row.path } : null;
  }

  /** The present files of a photo, first (the one that stands for it) first. */
  presentFiles(photoId: number): string[] {
    return all<Pick<Row<'files'>, 'path'>>(
      this.db,
      sql`SELECT path FROM files WHERE photo_id = ${photoId} AND missing = 0 ORDER BY id`,
    ).map((f) => f.path);
  }

  /** Cameras and folder names in the library, for search suggestions. */
  facets(): { cameras: string[]; folders: string[] } {
    // One name per camera, however its make and model are spelled ([Note: Camera names]).
    const pairs = all<Pick<Row<'photos'>, 'camera_make' | 'camera_model'>>(
      this.db,
      sql`SELECT DISTINCT p.camera_make, p.camera_model FROM photos p
           WHERE ${photoListed}
             AND (p.camera_make IS NOT NULL OR p.camera_model IS NOT NULL) LIMIT 1000`,
    );
    const cameras = [
      ...new Set(pairs.flatMap((r) => cameraName(r.camera_make, r.camera_model) ?? [])),
    ]
      .sort()
      .slice(0, 200);
    const paths = all<Pick<Row<'files'>, 'path'>>(
      this.db,
      sql`SELECT DISTINCT path FROM files WHERE missing = 0`,
    );
    const folders = [...new Set(paths.map((f) => path.basename(path.dirname(f.path))))].sort();
    return { cameras, folders: folders.slice(0, 500) };
  }

  /** Every fingerprint the library uses (for the thumbnail sweep). */
  fingerprints(): Set<string> {
    const rows = all<Pick<Row<'photos'>, 'fingerprint'>>(
      this.db,
      sql`SELECT fingerprint FROM photos`,
    );
    return new Set(rows.map((r) => r.fingerprint));
  }
}

function toListItem(r: ShownPhoto): PhotoListItem {
  return {
    id: r.id,
    path: r.shown_path,
    fingerprint: r.fingerprint,
    format: r.format,
    state: r.state,
    capturedAt: r.captured_at,
    capturedAtUtc: r.captured_at_utc,
    tzOffsetMinutes: r.tz_offset_minutes,
    width: r.width,
    height: r.height,
    orientation: r.orientation,
    camera: cameraName(r.camera_make, r.camera_model),
    gps: r.gps_lat !== null && r.gps_lon !== null ? { lat: r.gps_lat, lon: r.gps_lon } : null,
    keywords: JSON.parse(r.keywords) as string[],
    placeholder: r.placeholder,
    missing: r.shown_path === null,
  };
}
