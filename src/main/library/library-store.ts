/**
 * @file The library's database, as one object for the scan, the ingest runner and the service:
 * a facade over the modules that hold the SQL, one per table group. Read those for the rules:
 * folder-store (folders), file-store (files, and photos by identity: [Note: Photo identity]),
 * problem-store (problems), ingest-job-store (ingest jobs), photo-query (photo reads, and which
 * file stands for a photo: [Note: A photo's file]).
 */
import type { JobCounts } from '../jobs/job-queue';
import type Database from 'better-sqlite3';
import { FileStore, type FileRow, type FoundFile, type RecordedFile } from './file-store';
import { FolderStore, type FolderRow } from './folder-store';
import type { ProblemCode } from './ingest-problem';
import { IngestJobStore, type PendingJob } from './ingest-job-store';
import {
  PhotoQuery,
  resolvePhoto,
  type PhotoExposure,
  type PhotoListItem,
  type PhotoRef,
  type PhotoSource,
} from './photo-query';
import { ProblemStore, type ProblemRow } from './problem-store';
import type { PhotoMetadata } from './read-metadata';
import type { GridThumbnail } from './thumbnails';

/** Every SQL statement about folders, files, photos, problems and ingest jobs, by what it does. */
export class LibraryStore {
  readonly #folders: FolderStore;
  readonly #files: FileStore;
  readonly #problems: ProblemStore;
  readonly #jobs: IngestJobStore;
  readonly #photos: PhotoQuery;

  constructor(private readonly db: Database.Database) {
    this.#folders = new FolderStore(db);
    this.#problems = new ProblemStore(db);
    this.#files = new FileStore(db, this.#folders, this.#problems);
    this.#jobs = new IngestJobStore(db, this.#problems);
    this.#photos = new PhotoQuery(db);
  }

  // ── Folders (folder-store) ─────────────────────────────────────────────────

  folders(): FolderRow[] {
    return this.#folders.folders();
  }
  folder(id: number): FolderRow | null {
    return this.#folders.folder(id);
  }
  folderContaining(file: string): FolderRow | null {
    return this.#folders.folderContaining(file);
  }
  addFolder(
    folderPath: string,
    watch: boolean,
  ): { folder: FolderRow; absorbed: number[]; restored: boolean } {
    return this.#folders.addFolder(folderPath, watch);
  }
  removeFolder(id: number): number {
    return this.#folders.removeFolder(id);
  }
  removedFolders(): FolderRow[] {
    return this.#folders.removedFolders();
  }
  removedFolder(id: number): FolderRow | null {
    return this.#folders.removedFolder(id);
  }
  restoreFolder(id: number): FolderRow | null {
    return this.#folders.restoreFolder(id);
  }
  forgetFolder(id: number): string[] {
    return this.#folders.forgetFolder(id);
  }
  /** Photos (ready) with a file in this folder, present or set aside with it. */
  folderPhotoCount(folderId: number, setAside = false): number {
    return this.#folders.folderPhotoCount(folderId, setAside);
  }

  // ── Files (file-store) ─────────────────────────────────────────────────────

  fileByPath(file: string): FileRow | null {
    return this.#files.fileByPath(file);
  }
  markSeen(fileId: number, generation: number): void {
    this.#files.markSeen(fileId, generation);
  }
  recordFile(input: FoundFile): RecordedFile {
    return this.#files.recordFile(input);
  }
  finishScan(folderId: number, generation: number): number {
    return this.#files.finishScan(folderId, generation);
  }
  markPathMissing(file: string): void {
    this.#files.markPathMissing(file);
  }

  // ── Problems (problem-store) ───────────────────────────────────────────────

  recordProblem(folderId: number, file: string, code: ProblemCode, reason: string): void {
    this.#problems.record(folderId, file, code, reason);
  }
  clearStaleProblems(folderId: number, since: string): void {
    this.#problems.clearStale(folderId, since);
  }
  problems(): ProblemRow[] {
    return this.#problems.all();
  }

  // ── Ingest jobs (ingest-job-store) ─────────────────────────────────────────

  pendingJobs(limit: number, excludeJobIds: readonly number[] = []): PendingJob[] {
    return this.#jobs.pendingJobs(limit, excludeJobIds);
  }
  countRunnableJobs(): number {
    return this.#jobs.countRunnableJobs();
  }
  countJobs(): JobCounts {
    return this.#jobs.countJobs();
  }
  completeIngest(
    job: PendingJob,
    meta: PhotoMetadata,
    size: { width: number; height: number },
    grid: GridThumbnail,
  ): void {
    this.#jobs.completeIngest(job, meta, size, grid);
  }
  failIngest(job: PendingJob, code: ProblemCode, reason: string): void {
    this.#jobs.failIngest(job, code, reason);
  }

  // ── Photos (photo-query) ───────────────────────────────────────────────────

  resolvePhoto(ref: PhotoRef): { id: number; path: string | null } {
    return resolvePhoto(this.db, ref);
  }
  photoCount(): { visible: number; missing: number } {
    return this.#photos.photoCount();
  }
  visiblePhotosIn(roots: readonly string[]): number {
    return this.#photos.visibleIn(roots);
  }
  photos(limit: number, offset = 0, all = false): PhotoListItem[] {
    return this.#photos.photos(limit, offset, all);
  }
  photo(photoId: number): (PhotoListItem & PhotoExposure) | null {
    return this.#photos.photo(photoId);
  }
  photosById(ids: readonly number[]): PhotoListItem[] {
    return this.#photos.photosById(ids);
  }
  photoSource(photoId: number): PhotoSource | null {
    return this.#photos.photoSource(photoId);
  }
  presentFiles(photoId: number): string[] {
    return this.#photos.presentFiles(photoId);
  }
  facets(): { cameras: string[]; folders: string[] } {
    return this.#photos.facets();
  }
  fingerprints(): Set<string> {
    return this.#photos.fingerprints();
  }
}
