/**
 * @file Ingest jobs: which photos wait to be read (metadata, thumbnails), and storing what
 * ingest found, or why it failed, atomically with closing the job. See [Note: Pipeline].
 */
import type Database from 'better-sqlite3';
import { JobQueue, type Job, type JobCounts, type JobStage } from '../jobs/job-queue';
import { displayedBox } from './face-regions';
import type { ProblemCode } from './ingest-problem';
import type { ProblemStore } from './problem-store';
import type { PhotoMetadata } from './read-metadata';
import type { GridThumbnail } from './thumbnails';

/** A pending ingest job: the photo and the file ingest reads (its first present file). */
export type PendingJob = Job;

/**
 * Ingest has no version yet: a new file or a changed one queues it (FileStore), and its
 * failures are final (the photo is broken until its file changes).
 */
export const ingestStage: JobStage = { name: 'ingest', attempts: 1, afterIngest: false };

const now = () => new Date().toISOString();

/** The `ingest` rows of the jobs table, and the photo rows ingest completes. */
export class IngestJobStore {
  readonly #jobs: JobQueue;

  constructor(
    private readonly db: Database.Database,
    private readonly problems: ProblemStore,
  ) {
    this.#jobs = new JobQueue(db, ingestStage);
  }

  /**
   * Pending ingest jobs whose photo has a file on disk, newest file first (the capture time is
   * only known once ingest has read it; see [Note: Pipeline]).
   */
  pendingJobs(limit: number, excludeJobIds: readonly number[] = []): PendingJob[] {
    return this.#jobs.take(limit, excludeJobIds);
  }

  /** Pending ingest jobs that can run now (their photo has a file on disk). */
  countRunnableJobs(): number {
    return this.#jobs.countRunnable();
  }

  countJobs(): JobCounts {
    return this.#jobs.counts();
  }

  /**
   * Stores metadata and placeholder and closes the job, atomically. A date the user set stays
   * (see [Note: User dates]).
   */
  completeIngest(
    job: PendingJob,
    meta: PhotoMetadata,
    size: { width: number; height: number },
    grid: GridThumbnail,
  ): void {
    this.db.transaction(() => {
      const stored = this.db
        .prepare(
          `UPDATE photos SET state = 'ready', width = @width, height = @height, orientation = @orientation,
             captured_at = coalesce(user_captured_at, @local),
             captured_at_utc = CASE WHEN user_captured_at IS NULL THEN @utcMs ELSE captured_at_utc END,
             tz_offset_minutes = CASE WHEN user_captured_at IS NULL THEN @offsetMinutes ELSE tz_offset_minutes END,
             captured_at_source = CASE WHEN user_captured_at IS NULL THEN @source ELSE 'user' END,
             ignored_date = @ignoredDate,
             camera_make = @cameraMake, camera_model = @cameraModel, lens = @lens, exposure_time = @exposureTime,
             f_number = @fNumber, iso = @iso, focal_length = @focalLength, gps_lat = @gpsLat, gps_lon = @gpsLon, gps_source = @gpsSource,
             keywords = @keywords, placeholder = @placeholder, dhash = @dhash, phash = @phash, updated_at = @updatedAt
           WHERE id = @photoId AND fingerprint = @fingerprint`,
        )
        .run({
          ...meta,
          ...meta.capture,
          ...size,
          keywords: JSON.stringify(meta.keywords),
          placeholder: grid.placeholder,
          dhash: grid.dhash,
          phash: grid.phash,
          updatedAt: now(),
          photoId: job.photoId,
          fingerprint: job.fingerprint,
        }).changes;
      // The file changed while ingest read it: the job was queued again for the new content.
      if (stored === 0) return;
      const addTag = this.db.prepare(
        "INSERT OR IGNORE INTO photo_tags (photo_id, name, source) VALUES (?, ?, 'embedded')",
      );
      for (const keyword of meta.keywords) addTag.run(job.photoId, keyword);
      // Read again with the photo: the faces stage, which runs again after this, matches them.
      this.db.prepare('DELETE FROM face_regions WHERE photo_id = ?').run(job.photoId);
      const addRegion = this.db.prepare(
        'INSERT INTO face_regions (photo_id, name, x, y, w, h, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of meta.faceRegions)
        addRegion.run(job.photoId, r.name, ...displayedBox(r, meta.orientation, size), r.source);
      this.#jobs.complete([job.photoId]);
      // New pixels (a first ingest or an edit): every model embeds (and auto-tags) this photo again.
      this.#jobs.resetOthers(job.photoId);
      this.problems.forget(job.path);
    })();
  }

  /** The photo could not be processed: record why, and do not try again until the file changes. */
  failIngest(job: PendingJob, code: ProblemCode, reason: string): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE photos SET state = 'failed', updated_at = ? WHERE id = ?")
        .run(now(), job.photoId);
      this.#jobs.fail(job, reason, { code });
    })();
  }
}
