/**
 * @file The library as the rest of the app sees it: folders, scans, the ingest pipeline,
 * watching, and what the user can ask of them. Owns the store, the runner, the watchers, the
 * scan queue and the thumbnail cache, and wires them together.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppEvent, DiskFull } from '../../shared/events';
import type {
  FolderInfo,
  PhotoCard,
  PhotoDetail,
  PhotoSummary,
  Problem,
  RemovedFolder,
} from '../../shared/library-schemas';
import { AppFailure } from '../../shared/result';
import type Database from 'better-sqlite3';
import type { PauseGate } from '../jobs/pause-gate';
import { isOutOfSpace } from '../out-of-space';
import type { DecodeHelpers } from './decode-image';
import { DiskFullStall } from './disk-full-stall';
import type { FolderWatcherOptions } from './folder-watcher';
import type { FolderRow } from './folder-store';
import { IngestRunner, type IngestRender, type ModelInputTarget } from './ingest-runner';
import { LibraryStore } from './library-store';
import { LibraryWatchers } from './library-watchers';
import type { PhotoRef } from './photo-query';
import { emptyScanStats, processPath, scanFolder, type ScanStats } from './scan-folder';
import { ScanQueue } from './scan-queue';
import { ThumbnailCache } from './thumbnail-cache';

export interface LibraryServiceOptions {
  db: Database.Database;
  home: string;
  thumbsDir: string;
  emit: (event: AppEvent) => void;
  /** exiftool and HEIC decoder threads, shared with embedding; disposed by their owner. */
  helpers: DecodeHelpers;
  /** Where ingest leaves the active model's input ([Note: Model input handoff]); none when absent. */
  modelInput?: ModelInputTarget;
  /** More outputs made while ingest has a photo open ([Note: Faces input handoff]). */
  renders?: readonly IngestRender[];
  /** The pipeline's pause switch ([Note: Pipeline]). */
  gate?: PauseGate;
  /** Photos processed at once (default: two per core). */
  concurrency?: number;
  /** Watcher tuning, for tests. */
  watcher?: FolderWatcherOptions;
  /** Runs after every ingest run (the core embeds new photos there). */
  onIngested?: () => Promise<void>;
  /**
   * Called, not awaited, while an ingest runs, each time another batch of photos is ready,
   * so embedding overlaps ingest (see [Note: Embedding pipeline]).
   */
  onPhotosReady?: () => void;
  /** How often a folder that lost native watching is rescanned (default 60 s). */
  reconcileIntervalMs?: number;
  /** After a full disk: how often free space is checked, and how much makes work resume. */
  diskFullRetry?: { everyMs: number; freeBytes: number };
}

/** How many ingested photos make it worth waking the embedder: one inference batch. */
const photosReadyBatch = 16;

/** A photo as clients see it: without the content id, UTC time and orientation the core uses. */
const withoutInternals = <
  T extends { fingerprint: string; capturedAtUtc: number | null; orientation: number | null },
>({
  fingerprint: _f,
  capturedAtUtc: _u,
  orientation: _o,
  ...rest
}: T) => rest;

export interface IndexSummary {
  folders: string[];
  photos: number;
  added: number;
  updated: number;
  missing: number;
  problems: { path: string; reason: string }[];
  seconds: number;
}

/**
 * The real path of a folder the user named, once it is known to be a folder Fotoglot may list;
 * otherwise a failure that says which of those it is not.
 */
async function readableFolder(requested: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path.resolve(requested));
  } catch {
    throw new AppFailure('not-found', `The folder ${requested} does not exist.`);
  }
  let isFolder: boolean;
  try {
    isFolder = (await stat(real)).isDirectory();
  } catch (error) {
    throw new AppFailure(
      'not-found',
      `The folder ${requested} cannot be opened (${errnoWords(error)}).`,
    );
  }
  if (!isFolder) throw new AppFailure('invalid-argument', `${requested} is a file, not a folder.`);
  try {
    await (await opendir(real)).close();
  } catch (error) {
    throw new AppFailure(
      'forbidden',
      `Fotoglot may not read the folder ${requested} (${errnoWords(error)}): give your user read access to it, or choose another folder.`,
    );
  }
  return real;
}

/** A file system error in a few words ("permission denied"), not its stack. */
function errnoWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it does not exist';
  return code ?? (error instanceof Error ? error.message : 'unknown error');
}

export class LibraryService {
  readonly store: LibraryStore;
  readonly #runner: IngestRunner;
  readonly #watchers: LibraryWatchers;
  readonly #scans: ScanQueue;
  readonly #thumbs: ThumbnailCache;
  readonly #diskFull: DiskFullStall;
  readonly #skipDirs: Set<string>;
  #disposed = false;

  constructor(private readonly options: LibraryServiceOptions) {
    this.store = new LibraryStore(options.db);
    this.#skipDirs = new Set([path.resolve(options.home)]);
    this.#runner = new IngestRunner(
      this.store,
      options.thumbsDir,
      options.helpers,
      (p) => {
        const { done, total, rate, etaSeconds } = p;
        options.emit({ type: 'job:progress', job: 'ingest', done, total, rate, etaSeconds });
        if (p.done > 0 && p.done % photosReadyBatch === 0) options.onPhotosReady?.();
      },
      options.concurrency,
      options.modelInput,
      options.gate,
      options.renders,
    );
    this.#scans = new ScanQueue((id) => this.#scanFolder(id));
    this.#thumbs = new ThumbnailCache(this.store, options.thumbsDir, options.helpers);
    this.#diskFull = new DiskFullStall({
      home: options.home,
      emit: options.emit,
      retry: options.diskFullRetry,
      // A scan first: watcher events that hit the full disk were dropped.
      resume: () => {
        this.refresh(undefined, 'resuming after a full disk');
      },
    });
    this.#watchers = new LibraryWatchers(
      {
        skipDirs: this.#skipDirs,
        watcher: options.watcher,
        reconcileIntervalMs: options.reconcileIntervalMs,
      },
      {
        onUpsert: (file) => {
          this.#diskFull
            .run(() => this.#onDiskChange(file))
            .catch((error: unknown) => {
              if (!isOutOfSpace(error)) console.error('[library] watcher event failed:', error);
            });
        },
        onRemove: (file) => {
          this.store.markPathMissing(file);
          // The grid refreshes on this as it does for added and changed files.
          options.emit({ type: 'library:changed', path: file });
        },
        rescan: (folderId, why) => {
          this.refresh([folderId], why);
        },
        emit: options.emit,
      },
    );
  }

  // ── Folders ────────────────────────────────────────────────────────────────

  async addFolder(requested: string, watch: boolean): Promise<FolderInfo> {
    const real = await readableFolder(requested);
    const home = path.resolve(this.options.home);
    if (real === home || real.startsWith(home + path.sep)) {
      throw new AppFailure(
        'invalid-argument',
        "That is Fotoglot's own data folder; choose a folder with your photos.",
      );
    }
    const { folder, absorbed, restored } = this.store.addFolder(real, watch);
    for (const id of absorbed) await this.#watchers.unwatch(id);
    // Photos of a removed folder came back with it ([Note: Removed folders]).
    if (restored) this.options.emit({ type: 'library:changed', path: folder.path });
    // Before start() nothing is watched yet; start() watches every folder that asks for it.
    if (watch && this.#watchers.watching) this.#watchers.watch(folder);
    return this.#folderInfo(folder);
  }

  /**
   * Removes a folder from the library, keeping its photos' tags, names, dates, vectors and
   * thumbnails for a restore (see [Note: Removed folders]). Says how many photos left the views.
   */
  async removeFolder(id: number): Promise<{ removedPhotos: number; folder: RemovedFolder }> {
    const folder = this.store.folder(id);
    if (!folder)
      throw new AppFailure(
        'not-found',
        `No library folder has id ${String(id)}; list them with "fotoglot folders".`,
      );
    await this.#watchers.unwatch(id);
    const removedPhotos = this.store.removeFolder(id);
    this.options.emit({ type: 'library:changed', path: folder.path });
    const removed = this.store.removedFolder(id);
    if (!removed) throw new Error('folder vanished while being removed');
    return { removedPhotos, folder: this.#removedInfo(removed) };
  }

  /** Folders the user removed, most recent first, with the photos a restore brings back. */
  removedFolders(): RemovedFolder[] {
    return this.store.removedFolders().map((f) => this.#removedInfo(f));
  }

  #removedInfo(folder: FolderRow): RemovedFolder {
    return {
      id: folder.id,
      path: folder.path,
      removedAt: folder.removedAt ?? '',
      photoCount: this.store.folderPhotoCount(folder.id, true),
    };
  }

  /**
   * Brings a removed folder back as it was, without importing again (see [Note: Removed
   * folders]), then rescans it in the background for what changed on disk meanwhile.
   */
  async restoreFolder(id: number): Promise<FolderInfo> {
    const folder = this.store.restoreFolder(id);
    if (!folder)
      throw new AppFailure(
        'not-found',
        `No removed folder has id ${String(id)}; list them with "fotoglot folders --removed".`,
      );
    for (const other of this.store.folders())
      if (other.id !== id && other.path.startsWith(folder.path + path.sep))
        await this.#watchers.unwatch(other.id);
    if (folder.watch && this.#watchers.watching) this.#watchers.watch(folder);
    this.options.emit({ type: 'library:changed', path: folder.path });
    this.refresh([folder.id], 'rescanning a restored folder');
    return this.#folderInfo(folder);
  }

  /**
   * Forgets a removed folder for good: its photos that live nowhere else go, with their tags
   * and thumbnails. Only a removed folder can be forgotten, so this always follows a removal.
   */
  async forgetFolder(id: number): Promise<number> {
    if (!this.store.removedFolder(id))
      throw new AppFailure(
        'not-found',
        `No removed folder has id ${String(id)}; remove the folder first, then forget it.`,
      );
    const fingerprints = this.store.forgetFolder(id);
    await this.#thumbs.deleteUnused(fingerprints);
    return fingerprints.length;
  }

  folders(): FolderInfo[] {
    return this.store.folders().map((f) => this.#folderInfo(f));
  }

  #folderInfo(folder: FolderRow): FolderInfo {
    return {
      id: folder.id,
      path: folder.path,
      watch: folder.watch,
      watchMode: this.#watchers.mode(folder.id),
      photoCount: this.store.folderPhotoCount(folder.id),
      lastScanAt: folder.lastScanAt,
    };
  }

  problems(): Problem[] {
    return this.store
      .problems()
      .map(({ path: p, code, reason, detectedAt }) => ({ path: p, code, reason, detectedAt }));
  }

  // ── Photos ─────────────────────────────────────────────────────────────────

  /** Cameras and folder names in the library, for search suggestions. */
  facets(): { cameras: string[]; folders: string[] } {
    return this.store.facets();
  }

  /** The present files of a photo (one photo can live in several files), first one first. */
  filesOf(photoId: number): string[] {
    return this.store.presentFiles(photoId);
  }

  /**
   * Whether a photo exists (throws not-found if not), and the file that stands for it (see
   * [Note: A photo's file]): what every handler asks before acting on a photo.
   */
  resolvePhoto(ref: PhotoRef): { id: number; path: string | null } {
    return this.store.resolvePhoto(ref);
  }

  /** One photo with its exposure details. */
  photo(photoId: number): PhotoDetail {
    this.resolvePhoto({ id: photoId });
    const found = this.store.photo(photoId);
    if (!found) throw new AppFailure('not-found', `There is no photo with id ${String(photoId)}.`);
    return withoutInternals(found);
  }

  /** The grid's cards of the given photos, in the order given; unknown ids are left out. */
  cards(ids: readonly number[]): PhotoCard[] {
    return this.store
      .photosById(ids)
      .map(({ id, path, capturedAt, placeholder }) => ({ id, path, capturedAt, placeholder }));
  }

  photos(limit: number, offset: number): { photos: PhotoSummary[]; total: number } {
    const photos = this.store.photos(limit, offset).map(withoutInternals);
    return { photos, total: this.store.photoCount().visible };
  }

  /**
   * The path of a photo's 1600 px preview, made now if it does not exist yet
   * (see [Note: Thumbnails at ingest, previews on demand]). Concurrent asks share one render.
   */
  preview(photoId: number): Promise<string> {
    return this.#thumbs.preview(photoId);
  }

  /** Removes thumbnails of photos the library no longer has, and temp files of interrupted writes. */
  sweepThumbnails(): Promise<number> {
    return this.#thumbs.sweep();
  }

  // ── Work ───────────────────────────────────────────────────────────────────

  /**
   * Scans every folder (or the given ones), after the folder being scanned now if any, and
   * resolves with their stats once each has had a scan that started after this call (see
   * [Note: Scan queue]). A folder removed in the meantime gives no stats.
   */
  scan(folderIds?: readonly number[]): Promise<ScanStats[]> {
    return this.#scans.scan(folderIds ?? this.store.folders().map((f) => f.id));
  }

  /** One folder's scan; null when the folder is gone (removed, absorbed) or the service disposed. */
  async #scanFolder(id: number): Promise<ScanStats | null> {
    const folder = this.store.folder(id);
    if (!folder || this.#disposed) return null;
    const stats = await scanFolder(folder, {
      store: this.store,
      skipDirs: this.#skipDirs,
      // A folder removed while it is scanned stays as it was set aside ([Note: Removed folders]).
      shouldStop: () => this.#disposed || this.store.folder(id) === null,
      onFile: (s) => {
        if (s.seen % 100 === 0)
          this.options.emit({
            type: 'job:progress',
            job: 'scan',
            done: s.seen,
            total: s.seen,
            rate: 0,
            etaSeconds: null,
          });
      },
    });
    await this.#thumbs.deleteUnused(stats.staleFingerprints);
    return stats;
  }

  /** Runs the ingest pipeline until nothing is pending, then what follows it (embedding). */
  runJobs(): Promise<void> {
    return this.#diskFull.run(async () => {
      await this.#runner.run();
      if (!this.#disposed) await this.options.onIngested?.();
    });
  }

  /**
   * Scans these folders (all when omitted) and processes what changed, in the background.
   * A folder being scanned now is scanned again after (see [Note: Scan queue]): that scan
   * may have passed it before the latest changes.
   * A full disk stalls the library (see [Note: Disk full]); other errors are logged.
   */
  refresh(folderIds: readonly number[] | undefined, why: string): void {
    if (this.#disposed) return;
    this.#diskFull
      .run(async () => {
        await this.scan(folderIds);
        await this.runJobs();
      })
      .catch((error: unknown) => {
        if (!isOutOfSpace(error)) console.error(`[library] ${why} failed:`, error);
      });
  }

  /**
   * Runs work on photos so that a full disk stalls the library until space returns ([Note:
   * Disk full]); the pipeline runs every stage through it.
   */
  untilDiskFull<T>(work: () => Promise<T>): Promise<T> {
    return this.#diskFull.run(work);
  }

  /** Set while work waits for disk space (see [Note: Disk full]). */
  get diskFull(): DiskFull | null {
    return this.#diskFull.current;
  }

  /** Adds folders, scans them and ingests everything pending: what `fotoglot index` does. */
  index(folders: readonly string[], watch: boolean): Promise<IndexSummary> {
    return this.#diskFull.run(() => this.#index(folders, watch));
  }

  async #index(folders: readonly string[], watch: boolean): Promise<IndexSummary> {
    const started = Date.now();
    // A previous run may have been killed mid-write: clear its leftovers before adding work.
    await this.sweepThumbnails();
    // Every folder is checked before any is added: a typo adds nothing.
    const roots: string[] = [];
    for (const folder of folders) roots.push(await readableFolder(folder));
    const added: FolderInfo[] = [];
    for (const folder of roots) added.push(await this.addFolder(folder, watch));
    const ids = [
      ...new Set(
        this.store
          .folders()
          .filter((f) => added.some((a) => a.path === f.path || f.path.startsWith(a.path)))
          .map((f) => f.id),
      ),
    ];
    const stats = await this.scan(ids);
    await this.runJobs();
    // These folders' numbers, not the whole library's.
    const inRoots = (file: string) =>
      roots.some((root) => file === root || file.startsWith(root + path.sep));
    return {
      folders: added.map((f) => f.path),
      photos: this.store.visiblePhotosIn(roots),
      added: stats.reduce((n, s) => n + s.added, 0),
      updated: stats.reduce((n, s) => n + s.updated, 0),
      missing: stats.reduce((n, s) => n + s.missing, 0),
      problems: this.store
        .problems()
        .filter((p) => inRoots(p.path))
        .map((p) => ({ path: p.path, reason: p.reason })),
      seconds: (Date.now() - started) / 1000,
    };
  }

  /**
   * What the desktop app and `serve` do at startup: clear orphan thumbnails, reconcile every
   * folder with the disk (changes made while closed), ingest, then watch.
   */
  start(): Promise<void> {
    return this.#diskFull.run(async () => {
      await this.sweepThumbnails();
      for (const folder of this.store.folders()) if (folder.watch) this.#watchers.watch(folder);
      await this.scan();
      await this.runJobs();
    });
  }

  /** Resolves when every watcher has finished its initial walk (tests wait for this). */
  watchersReady(): Promise<void> {
    return this.#watchers.ready();
  }

  async #onDiskChange(file: string): Promise<void> {
    const folder = this.store.folderContaining(file);
    if (!folder || this.#disposed) return;
    const stats = emptyScanStats();
    await processPath(this.store, folder, file, folder.scanGeneration, stats);
    await this.#thumbs.deleteUnused(stats.staleFingerprints);
    if (stats.added + stats.updated > 0) await this.runJobs();
    this.options.emit({ type: 'library:changed', path: file });
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#diskFull.dispose();
    await this.#watchers.dispose();
    await this.#runner.dispose();
    await this.#scans.idle();
  }
}
