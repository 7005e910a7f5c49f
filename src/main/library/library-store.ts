/**
 * @file Every SQL statement about folders, files, photos, problems, jobs and tags.
 * Identity rules: see [Note: Photo identity]. All multi-step changes run in one transaction,
 * so a killed process leaves the library as it was before or after a file, never between.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { GridThumbnail } from './thumbnails';
import type { PhotoFormat } from './image-format';
import type { ProblemCode } from './ingest-problem';
import type { PhotoMetadata } from './read-metadata';

export interface FolderRow {
  id: number;
  path: string;
  watch: boolean;
  addedAt: string;
  scanGeneration: number;
  lastScanAt: string | null;
}

export interface FileRow {
  id: number;
  path: string;
  folderId: number;
  photoId: number | null;
  size: number;
  mtimeMs: number;
  missing: boolean;
}

export interface PendingJob {
  jobId: number;
  photoId: number;
  fingerprint: string;
  format: PhotoFormat;
  path: string;
  folderId: number;
  mtimeMs: number;
  attempts: number;
}

export interface PhotoListItem {
  id: number;
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
  missing: boolean;
}

export interface ProblemRow {
  path: string;
  folderId: number;
  code: ProblemCode;
  reason: string;
  detectedAt: string;
}

export interface RecordedFile {
  photoId: number;
  /** True when the photo needs (re)processing. */
  queued: boolean;
  /** Thumbnails of this fingerprint are no longer used by any photo. */
  staleFingerprint: string | null;
}

const now = () => new Date().toISOString();

/** A photo row with the path of its first present file (else of any file), for toListItem. */
const photoSelect = `SELECT p.*, (SELECT path FROM files f WHERE f.photo_id = p.id AND f.missing = 0 ORDER BY f.id LIMIT 1) AS live_path,
                (SELECT path FROM files f WHERE f.photo_id = p.id ORDER BY f.id LIMIT 1) AS any_path
           FROM photos p`;

const isInside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Records (or updates) why a file is not usable; shared by every stage that can fail on a file. */
export function recordProblem(
  db: Database.Database,
  folderId: number,
  file: string,
  code: ProblemCode,
  reason: string,
): void {
  db.prepare(
    'INSERT INTO problems (path, folder_id, code, reason, detected_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET code = excluded.code, reason = excluded.reason, detected_at = excluded.detected_at, folder_id = excluded.folder_id',
  ).run(file, folderId, code, reason, now());
}

export class LibraryStore {
  readonly #q;

  constructor(private readonly db: Database.Database) {
    this.#q = {
      folders: db.prepare('SELECT * FROM folders ORDER BY path'),
      folderById: db.prepare('SELECT * FROM folders WHERE id = ?'),
      insertFolder: db.prepare('INSERT INTO folders (path, watch, added_at) VALUES (?, ?, ?)'),
      fileByPath: db.prepare('SELECT * FROM files WHERE path = ?'),
      photoByFingerprint: db.prepare('SELECT id, state FROM photos WHERE fingerprint = ?'),
      photoById: db.prepare('SELECT id, fingerprint FROM photos WHERE id = ?'),
      liveFilesOfPhoto: db.prepare(
        'SELECT count(*) AS n FROM files WHERE photo_id = ? AND missing = 0 AND id != ?',
      ),
      insertPhoto: db.prepare(
        "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, ?, ?, 'pending', ?)",
      ),
      refingerprint: db.prepare(
        "UPDATE photos SET fingerprint = ?, size = ?, format = ?, state = 'pending', updated_at = ? WHERE id = ?",
      ),
      queueJob: db.prepare(
        "INSERT INTO jobs (kind, photo_id, state, attempts) VALUES ('ingest', ?, 'pending', 0) ON CONFLICT (kind, photo_id) DO UPDATE SET state = 'pending', attempts = 0",
      ),
      upsertFile: db.prepare(`
        INSERT INTO files (path, folder_id, photo_id, size, mtime_ms, missing, scan_generation)
        VALUES (@path, @folderId, @photoId, @size, @mtimeMs, 0, @generation)
        ON CONFLICT (path) DO UPDATE SET folder_id = @folderId, photo_id = @photoId, size = @size,
          mtime_ms = @mtimeMs, missing = 0, scan_generation = @generation`),
      markSeen: db.prepare('UPDATE files SET scan_generation = ?, missing = 0 WHERE id = ?'),
      deleteProblem: db.prepare('DELETE FROM problems WHERE path = ?'),
    };
  }

  // ── Folders ────────────────────────────────────────────────────────────────

  folders(): FolderRow[] {
    return (this.#q.folders.all() as Record<string, unknown>[]).map(toFolder);
  }

  folder(id: number): FolderRow | null {
    const row = this.#q.folderById.get(id) as Record<string, unknown> | undefined;
    return row ? toFolder(row) : null;
  }

  /** The watched folder that contains `file`, if any. */
  folderContaining(file: string): FolderRow | null {
    return this.folders().find((f) => isInside(file, f.path)) ?? null;
  }

  /**
   * Adds a folder (an absolute, real path). A folder inside one already in the library adds
   * nothing; a folder that contains library folders absorbs them and their files, so no
   * photo is ever counted twice.
   */
  addFolder(folderPath: string, watch: boolean): { folder: FolderRow; absorbed: number[] } {
    return this.db.transaction(() => {
      const existing = this.folders();
      const cover = existing.find((f) => isInside(folderPath, f.path));
      if (cover) return { folder: cover, absorbed: [] };
      const info = this.#q.insertFolder.run(folderPath, watch ? 1 : 0, now());
      const id = Number(info.lastInsertRowid);
      const absorbed = existing.filter((f) => isInside(f.path, folderPath)).map((f) => f.id);
      for (const child of absorbed) {
        this.db.prepare('UPDATE files SET folder_id = ? WHERE folder_id = ?').run(id, child);
        this.db.prepare('UPDATE problems SET folder_id = ? WHERE folder_id = ?').run(id, child);
        this.db.prepare('DELETE FROM folders WHERE id = ?').run(child);
      }
      const folder = this.folder(id);
      if (!folder) throw new Error('folder vanished while being added');
      return { folder, absorbed };
    })();
  }

  /**
   * Forgets a folder: its files, its problems, and the photos that have no file left
   * elsewhere (with their tags and jobs). Returns the fingerprints whose thumbnails can go.
   */
  removeFolder(id: number): string[] {
    return this.db.transaction(() => {
      const orphaned = this.db
        .prepare(
          `SELECT p.id, p.fingerprint FROM photos p WHERE EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id = ?)
           AND NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id != ?)`,
        )
        .all(id, id) as { id: number; fingerprint: string }[];
      this.db.prepare('DELETE FROM files WHERE folder_id = ?').run(id);
      const drop = this.db.prepare('DELETE FROM photos WHERE id = ?');
      for (const photo of orphaned) drop.run(photo.id);
      this.db.prepare('DELETE FROM folders WHERE id = ?').run(id);
      return orphaned.map((p) => p.fingerprint);
    })();
  }

  /** Visible photos (processed, on disk) with a file in this folder. */
  folderPhotoCount(folderId: number): number {
    return (
      this.db
        .prepare(
          `SELECT count(DISTINCT f.photo_id) AS n FROM files f JOIN photos p ON p.id = f.photo_id
            WHERE f.folder_id = ? AND f.missing = 0 AND p.state = 'ready'`,
        )
        .get(folderId) as { n: number }
    ).n;
  }

  // ── Scanning ───────────────────────────────────────────────────────────────

  fileByPath(file: string): FileRow | null {
    const row = this.#q.fileByPath.get(file) as Record<string, unknown> | undefined;
    return row ? toFile(row) : null;
  }

  /** Marks a known, unchanged file as seen by scan `generation`. */
  markSeen(fileId: number, generation: number): void {
    this.#q.markSeen.run(generation, fileId);
  }

  /** Records a new or changed file (see [Note: Photo identity]) and queues work for it. */
  recordFile(input: {
    path: string;
    folderId: number;
    size: number;
    mtimeMs: number;
    fingerprint: string;
    format: PhotoFormat;
    generation: number;
  }): RecordedFile {
    return this.db.transaction((): RecordedFile => {
      const previous = this.fileByPath(input.path);
      const known = this.#q.photoByFingerprint.get(input.fingerprint) as
        { id: number; state: string } | undefined;
      let photoId: number;
      let queued = false;
      let staleFingerprint: string | null = null;
      if (known) {
        // A rename, a move, a copy, or a file that came back: same photo, same tags.
        photoId = known.id;
      } else if (
        previous?.photoId != null &&
        (this.#q.liveFilesOfPhoto.get(previous.photoId, previous.id) as { n: number }).n === 0
      ) {
        // Same path, new content (an edit): the photo keeps its id and tags and is re-processed.
        photoId = previous.photoId;
        const old = this.#q.photoById.get(photoId) as { fingerprint: string };
        staleFingerprint = old.fingerprint;
        this.#q.refingerprint.run(input.fingerprint, input.size, input.format, now(), photoId);
        this.#q.queueJob.run(photoId);
        queued = true;
      } else {
        photoId = Number(
          this.#q.insertPhoto.run(input.fingerprint, input.size, input.format, now())
            .lastInsertRowid,
        );
        this.#q.queueJob.run(photoId);
        queued = true;
      }
      this.#q.upsertFile.run({ ...input, photoId });
      this.#q.deleteProblem.run(input.path);
      return { photoId, queued, staleFingerprint };
    })();
  }

  /** Marks files of a folder not seen by `generation` as missing (soft delete: photos and tags stay). */
  finishScan(folderId: number, generation: number): number {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          'UPDATE files SET missing = 1 WHERE folder_id = ? AND scan_generation < ? AND missing = 0',
        )
        .run(folderId, generation).changes;
      this.db
        .prepare('UPDATE folders SET scan_generation = ?, last_scan_at = ? WHERE id = ?')
        .run(generation, now(), folderId);
      return changed;
    })();
  }

  /**
   * Drops problems of a folder that the scan started at `since` did not report again (the
   * file was fixed or removed). Decode failures stay while their file is unchanged: the scan
   * does not re-read unchanged files, so it cannot re-report them.
   */
  clearStaleProblems(folderId: number, since: string): void {
    this.db
      .prepare(
        `DELETE FROM problems WHERE folder_id = ? AND detected_at < ? AND path NOT IN
           (SELECT f.path FROM files f JOIN photos p ON p.id = f.photo_id WHERE p.state = 'failed' AND f.missing = 0)`,
      )
      .run(folderId, since);
  }

  /** A file disappeared (watcher): its photo stays, with its tags, until the file comes back. */
  markPathMissing(file: string): void {
    this.db.prepare('UPDATE files SET missing = 1 WHERE path = ?').run(file);
    this.#q.deleteProblem.run(file);
  }

  recordProblem(folderId: number, file: string, code: ProblemCode, reason: string): void {
    recordProblem(this.db, folderId, file, code, reason);
  }

  problems(): ProblemRow[] {
    return (
      this.db.prepare('SELECT * FROM problems ORDER BY path').all() as Record<string, unknown>[]
    ).map((r) => ({
      path: r.path as string,
      folderId: r.folder_id as number,
      code: r.code as ProblemCode,
      reason: r.reason as string,
      detectedAt: r.detected_at as string,
    }));
  }

  // ── Jobs ───────────────────────────────────────────────────────────────────

  /**
   * Pending ingest jobs whose photo has a file on disk, newest file first (the capture time is
   * only known once ingest has read it; see [Note: Pipeline]).
   */
  pendingJobs(limit: number, excludeJobIds: readonly number[] = []): PendingJob[] {
    const rows = this.db
      .prepare(
        `SELECT j.id AS jobId, j.photo_id AS photoId, j.attempts, p.fingerprint, p.format,
                f.path, f.folder_id AS folderId, f.mtime_ms AS mtimeMs
           FROM jobs j JOIN photos p ON p.id = j.photo_id
           JOIN files f ON f.id = (SELECT id FROM files WHERE photo_id = j.photo_id AND missing = 0 ORDER BY id LIMIT 1)
          WHERE j.kind = 'ingest' AND j.state = 'pending'
          ORDER BY f.mtime_ms DESC, j.id LIMIT ?`,
      )
      .all(limit + excludeJobIds.length) as PendingJob[];
    const skip = new Set(excludeJobIds);
    return rows.filter((r) => !skip.has(r.jobId)).slice(0, limit);
  }

  /** Pending ingest jobs that can run now (their photo has a file on disk). */
  countRunnableJobs(): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM jobs j WHERE j.kind = 'ingest' AND j.state = 'pending'
             AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = j.photo_id AND f.missing = 0)`,
        )
        .get() as { n: number }
    ).n;
  }

  countJobs(): { pending: number; done: number; failed: number } {
    const rows = this.db
      .prepare("SELECT state, count(*) AS n FROM jobs WHERE kind = 'ingest' GROUP BY state")
      .all() as {
      state: string;
      n: number;
    }[];
    const by = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    return { pending: by.pending ?? 0, done: by.done ?? 0, failed: by.failed ?? 0 };
  }

  /** Stores metadata and placeholder and closes the job, atomically. */
  completeIngest(
    job: PendingJob,
    meta: PhotoMetadata,
    size: { width: number; height: number },
    grid: GridThumbnail,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE photos SET state = 'ready', width = @width, height = @height, orientation = @orientation,
             captured_at = @local, captured_at_utc = @utcMs, tz_offset_minutes = @offsetMinutes, captured_at_source = @source,
             camera_make = @cameraMake, camera_model = @cameraModel, lens = @lens, exposure_time = @exposureTime,
             f_number = @fNumber, iso = @iso, focal_length = @focalLength, gps_lat = @gpsLat, gps_lon = @gpsLon,
             keywords = @keywords, placeholder = @placeholder, dhash = @dhash, updated_at = @updatedAt
           WHERE id = @photoId AND fingerprint = @fingerprint`,
        )
        .run({
          ...meta,
          ...meta.capture,
          ...size,
          keywords: JSON.stringify(meta.keywords),
          placeholder: grid.placeholder,
          dhash: grid.dhash,
          updatedAt: now(),
          photoId: job.photoId,
          fingerprint: job.fingerprint,
        });
      const addTag = this.db.prepare(
        "INSERT OR IGNORE INTO photo_tags (photo_id, name, source) VALUES (?, ?, 'embedded')",
      );
      for (const keyword of meta.keywords) addTag.run(job.photoId, keyword);
      this.db.prepare("UPDATE jobs SET state = 'done' WHERE id = ?").run(job.jobId);
      // New pixels (a first ingest or an edit): every model embeds (and auto-tags) this photo again.
      this.db
        .prepare(
          "UPDATE jobs SET state = 'pending', attempts = 0 WHERE photo_id = ? AND (kind LIKE 'embed:%' OR kind LIKE 'tag:%')",
        )
        .run(job.photoId);
      this.#q.deleteProblem.run(job.path);
    })();
  }

  /** The photo could not be processed: record why, and do not try again until the file changes. */
  failIngest(job: PendingJob, code: ProblemCode, reason: string): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE photos SET state = 'failed', updated_at = ? WHERE id = ?")
        .run(now(), job.photoId);
      this.db
        .prepare("UPDATE jobs SET state = 'failed', attempts = attempts + 1 WHERE id = ?")
        .run(job.jobId);
      this.recordProblem(job.folderId, job.path, code, reason);
    })();
  }

  // ── Reading ────────────────────────────────────────────────────────────────

  /** `visible`: photos a user can see (processed, with a file on disk); `missing`: photos whose files are all gone. */
  photoCount(): { visible: number; missing: number } {
    const visible = (
      this.db
        .prepare(
          "SELECT count(*) AS n FROM photos p WHERE p.state = 'ready' AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.missing = 0)",
        )
        .get() as { n: number }
    ).n;
    const missing = (
      this.db
        .prepare(
          'SELECT count(*) AS n FROM photos p WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.missing = 0)',
        )
        .get() as { n: number }
    ).n;
    return { visible, missing };
  }

  /**
   * Photos newest first: those a user can see, or with `all`, every photo including
   * pending, failed and missing ones (for diagnostics and tests).
   */
  photos(limit: number, offset = 0, all = false): PhotoListItem[] {
    const rows = this.db
      .prepare(
        `${photoSelect}
          WHERE ? OR (p.state = 'ready' AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.missing = 0))
          ORDER BY p.captured_at_utc DESC NULLS LAST, p.id DESC LIMIT ? OFFSET ?`,
      )
      .all(all ? 1 : 0, limit, offset) as Record<string, unknown>[];
    return rows.map(toListItem);
  }

  /** One photo with its exposure details (the viewer's info panel); null when unknown. */
  photo(photoId: number): (PhotoListItem & PhotoExposure) | null {
    const r = this.db.prepare(`${photoSelect} WHERE p.id = ?`).get(photoId) as
      Record<string, unknown> | undefined;
    if (!r) return null;
    return {
      ...toListItem(r),
      lens: r.lens as string | null,
      exposureTime: r.exposure_time as number | null,
      fNumber: r.f_number as number | null,
      iso: r.iso as number | null,
      focalLength: r.focal_length as number | null,
    };
  }

  /**
   * Many photos by id (any state, like `photo`), in the order asked; unknown ids are left out.
   * One query, however many ids (the grid's cards of a tag preview, up to 1000).
   */
  photosById(ids: readonly number[]): PhotoListItem[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`${photoSelect} WHERE p.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Record<string, unknown>[];
    const byId = new Map(rows.map((r) => [r.id as number, toListItem(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** What is needed to render a photo again: its content id, format, orientation and a file on disk. */
  photoSource(photoId: number): {
    fingerprint: string;
    format: PhotoFormat;
    orientation: number | null;
    path: string;
    state: string;
  } | null {
    const row = this.db
      .prepare(
        `SELECT p.fingerprint, p.format, p.orientation, p.state, f.path FROM photos p
           JOIN files f ON f.photo_id = p.id AND f.missing = 0 WHERE p.id = ? ORDER BY f.id LIMIT 1`,
      )
      .get(photoId) as
      | {
          fingerprint: string;
          format: PhotoFormat;
          orientation: number | null;
          path: string;
          state: string;
        }
      | undefined;
    return row ?? null;
  }

  /** Every fingerprint the library uses (for the thumbnail sweep). */
  fingerprints(): Set<string> {
    return new Set(this.db.prepare('SELECT fingerprint FROM photos').pluck().all() as string[]);
  }
}

function toFolder(r: Record<string, unknown>): FolderRow {
  return {
    id: r.id as number,
    path: r.path as string,
    watch: r.watch === 1,
    addedAt: r.added_at as string,
    scanGeneration: r.scan_generation as number,
    lastScanAt: r.last_scan_at as string | null,
  };
}

function toFile(r: Record<string, unknown>): FileRow {
  return {
    id: r.id as number,
    path: r.path as string,
    folderId: r.folder_id as number,
    photoId: r.photo_id as number | null,
    size: r.size as number,
    mtimeMs: r.mtime_ms as number,
    missing: r.missing === 1,
  };
}

export interface PhotoExposure {
  lens: string | null;
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
}

function toListItem(r: Record<string, unknown>): PhotoListItem {
  return {
    id: r.id as number,
    path: (r.live_path ?? r.any_path ?? null) as string | null,
    fingerprint: r.fingerprint as string,
    format: r.format as string,
    state: r.state as string,
    capturedAt: r.captured_at as string | null,
    capturedAtUtc: r.captured_at_utc as number | null,
    tzOffsetMinutes: r.tz_offset_minutes as number | null,
    width: r.width as number | null,
    height: r.height as number | null,
    orientation: r.orientation as number | null,
    camera:
      [r.camera_make, r.camera_model].filter((v): v is string => typeof v === 'string').join(' ') ||
      null,
    gps:
      r.gps_lat != null && r.gps_lon != null
        ? { lat: r.gps_lat as number, lon: r.gps_lon as number }
        : null,
    keywords: JSON.parse(r.keywords as string) as string[],
    placeholder: r.placeholder as string | null,
    missing: r.live_path == null,
  };
}
