/**
 * @file What scans and the watcher write about files: new, moved, changed and vanished files,
 * and the photo each belongs to (the rules: [Note: Photo identity]). Every multi-step change
 * runs in one transaction, so a killed process leaves the library as it was before or after a
 * file, never between.
 */
import type Database from 'better-sqlite3';
import type { Row } from '../db/rows';
import { run, sql } from '../db/sql';
import { JobQueue } from '../jobs/job-queue';
import type { FolderStore } from './folder-store';
import type { PhotoFormat } from './image-format';
import { ingestStage } from './ingest-job-store';
import type { ProblemStore } from './problem-store';

export interface FileRow {
  id: number;
  path: string;
  folderId: number;
  photoId: number | null;
  size: number;
  mtimeMs: number;
  missing: boolean;
}

/** A file the scan found new or changed. */
export interface FoundFile {
  path: string;
  folderId: number;
  size: number;
  mtimeMs: number;
  fingerprint: string;
  format: PhotoFormat;
  generation: number;
}

export interface RecordedFile {
  photoId: number;
  /** True when the photo needs (re)processing. */
  queued: boolean;
  /** Thumbnails of this fingerprint are no longer used by any photo. */
  staleFingerprint: string | null;
}

const now = () => new Date().toISOString();

/** File rows, and the photo rows a new file creates or an edited one re-fingerprints. */
export class FileStore {
  readonly #q;
  readonly #ingest: JobQueue;

  constructor(
    private readonly db: Database.Database,
    private readonly folders: FolderStore,
    private readonly problems: ProblemStore,
  ) {
    this.#ingest = new JobQueue(db, ingestStage);
    // Prepared once: the scan runs these for every file.
    this.#q = {
      fileByPath: db.prepare<[string], Row<'files'>>('SELECT * FROM files WHERE path = ?'),
      photoByFingerprint: db.prepare<[string], Pick<Row<'photos'>, 'id' | 'state'>>(
        'SELECT id, state FROM photos WHERE fingerprint = ?',
      ),
      photoById: db.prepare<[number], Pick<Row<'photos'>, 'id' | 'fingerprint'>>(
        'SELECT id, fingerprint FROM photos WHERE id = ?',
      ),
      liveFilesOfPhoto: db.prepare<[number, number], { n: number }>(
        'SELECT count(*) AS n FROM files WHERE photo_id = ? AND missing = 0 AND id != ?',
      ),
      insertPhoto: db.prepare<[string, number, PhotoFormat, string]>(
        "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, ?, ?, 'pending', ?)",
      ),
      refingerprint: db.prepare<[string, number, PhotoFormat, string, number]>(
        "UPDATE photos SET fingerprint = ?, size = ?, format = ?, state = 'pending', updated_at = ? WHERE id = ?",
      ),
      upsertFile: db.prepare(`
        INSERT INTO files (path, folder_id, photo_id, size, mtime_ms, missing, scan_generation)
        VALUES (@path, @folderId, @photoId, @size, @mtimeMs, 0, @generation)
        ON CONFLICT (path) DO UPDATE SET folder_id = @folderId, photo_id = @photoId, size = @size,
          mtime_ms = @mtimeMs, missing = 0, scan_generation = @generation`),
      markSeen: db.prepare<[number, number]>(
        // A file set aside with its removed folder stays so ([Note: Removed folders]).
        'UPDATE files SET scan_generation = ?, missing = CASE missing WHEN 2 THEN 2 ELSE 0 END WHERE id = ?',
      ),
    };
  }

  fileByPath(file: string): FileRow | null {
    const row = this.#q.fileByPath.get(file);
    return row ? toFile(row) : null;
  }

  /** Marks a known, unchanged file as seen by scan `generation`. */
  markSeen(fileId: number, generation: number): void {
    this.#q.markSeen.run(generation, fileId);
  }

  /** Records a new or changed file (see [Note: Photo identity]) and queues work for it. */
  recordFile(input: FoundFile): RecordedFile {
    return this.db.transaction((): RecordedFile => {
      const previous = this.fileByPath(input.path);
      const known = this.#q.photoByFingerprint.get(input.fingerprint);
      let photoId: number;
      let queued = false;
      let staleFingerprint: string | null = null;
      if (known) {
        // A rename, a move, a copy, or a file that came back: same photo, same tags.
        photoId = known.id;
      } else if (
        previous?.photoId != null &&
        this.#q.liveFilesOfPhoto.get(previous.photoId, previous.id)?.n === 0
      ) {
        // Same path, new content (an edit): the photo keeps its id and tags and is re-processed.
        photoId = previous.photoId;
        const old = this.#q.photoById.get(photoId);
        if (!old) throw new Error(`photo ${String(photoId)} of ${previous.path} vanished`);
        staleFingerprint = old.fingerprint;
        this.#q.refingerprint.run(input.fingerprint, input.size, input.format, now(), photoId);
        this.#ingest.requeue(photoId);
        queued = true;
      } else {
        photoId = Number(
          this.#q.insertPhoto.run(input.fingerprint, input.size, input.format, now())
            .lastInsertRowid,
        );
        this.#ingest.requeue(photoId);
        queued = true;
      }
      this.#q.upsertFile.run({ ...input, photoId });
      this.problems.forget(input.path);
      return { photoId, queued, staleFingerprint };
    })();
  }

  /** Marks files of a folder not seen by `generation` as missing (soft delete: photos and tags stay). */
  finishScan(folderId: number, generation: number): number {
    return this.db.transaction(() => {
      const changed = run(
        this.db,
        sql`UPDATE files SET missing = 1
             WHERE folder_id = ${folderId} AND scan_generation < ${generation} AND missing = 0`,
      );
      this.folders.markScanned(folderId, generation);
      return changed;
    })();
  }

  /** A file disappeared (watcher, ingest): its photo stays, with its tags, until the file comes back. */
  markPathMissing(file: string): void {
    run(this.db, sql`UPDATE files SET missing = 1 WHERE path = ${file}`);
    this.problems.forget(file);
  }
}

function toFile(r: Row<'files'>): FileRow {
  return {
    id: r.id,
    path: r.path,
    folderId: r.folder_id,
    photoId: r.photo_id,
    size: r.size,
    mtimeMs: r.mtime_ms,
    missing: r.missing !== 0,
  };
}
