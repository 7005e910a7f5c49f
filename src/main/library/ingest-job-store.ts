/**
 * @file Ingest jobs: which photos wait to be read (metadata, thumbnails), and storing what
 * ingest found, or why it failed, atomically with closing the job. See [Note: Pipeline].
 */
import type Database from 'better-sqlite3';
import type { PhotoFormat } from './image-format';
import type { ProblemCode } from './ingest-problem';
import { firstPresentFile, hasPresentFile } from './photo-query';
import type { ProblemStore } from './problem-store';
import type { PhotoMetadata } from './read-metadata';
import type { GridThumbnail } from './thumbnails';

export interface PendingJob {
  jobId: number;
  photoId: number;
  fingerprint: string;
  format: PhotoFormat;
  /** The photo's first present file (see [Note: A photo's file]): the one ingest reads. */
  path: string;
  folderId: number;
  mtimeMs: number;
  attempts: number;
}

const now = () => new Date().toISOString();

/** The `ingest` rows of the jobs table, and the photo rows ingest completes. */
export class IngestJobStore {
  constructor(
    private readonly db: Database.Database,
    private readonly problems: ProblemStore,
  ) {}

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
           JOIN files f ON f.id = ${firstPresentFile('j.photo_id', 'id')}
          WHERE j.kind = 'ingest' AND j.state = 'pending'
          ORDER BY f.mtime_ms DESC, j.id LIMIT ?`,
      )
      .all(limit + excludeJobIds.length) as PendingJob[];
    const skip = new Set(excludeJobIds);
    return rows.filter((r) => !skip.has(r.jobId)).slice(0, limit);
  }

  /** Pending ingest jobs that can run now (their photo has a file on disk). */
  countRunnableJobs(): number {
    return this.db
      .prepare(
        `SELECT count(*) FROM jobs j WHERE j.kind = 'ingest' AND j.state = 'pending'
           AND ${hasPresentFile('j.photo_id')}`,
      )
      .pluck()
      .get() as number;
  }

  countJobs(): { pending: number; done: number; failed: number } {
    const rows = this.db
      .prepare("SELECT state, count(*) AS n FROM jobs WHERE kind = 'ingest' GROUP BY state")
      .all() as { state: string; n: number }[];
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
      this.problems.forget(job.path);
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
      this.problems.record(job.folderId, job.path, code, reason);
    })();
  }
}
