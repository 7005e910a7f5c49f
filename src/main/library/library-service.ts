/**
 * @file The library as the rest of the app sees it: folders, scans, the ingest pipeline,
 * watching, and what the user can ask of them. Owns the store, the runner and the watchers.
 */
import { readdir, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppEvent, DiskFull } from '../../shared/events';
import type {
  FolderInfo,
  PhotoCard,
  PhotoDetail,
  PhotoSummary,
  Problem,
} from '../../shared/library-schemas';
import { AppFailure } from '../../shared/result';
import type { DecodeHelpers } from './decode-image';
import { FolderWatcher, type FolderWatcherOptions, type WatchMode } from './folder-watcher';
import { IngestRunner, type IngestProgress } from './ingest-runner';
import { LibraryStore, type FolderRow } from './library-store';
import { emptyScanStats, processPath, scanFolder, type ScanStats } from './scan-folder';
import { decodeFile } from './decode-image';
import type { ModelInputTarget } from './ingest-runner';
import type { PauseGate } from '../jobs/pause-gate';
import { thumbPath, writePreview } from './thumbnails';
import type Database from 'better-sqlite3';
import { freeBytes, isOutOfSpace, OutOfSpace } from '../out-of-space';

export interface LibraryServiceOptions {
  db: Database.Database;
  home: string;
  thumbsDir: string;
  emit: (event: AppEvent) => void;
  /** exiftool and HEIC decoder threads, shared with embedding; disposed by their owner. */
  helpers: DecodeHelpers;
  /** Where ingest leaves the active model's input ([Note: Model input handoff]); none when absent. */
  modelInput?: ModelInputTarget;
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

/** A folder's place in the scan queue: the promise its callers share, settled by the queue. */
interface QueuedScan {
  promise: Promise<ScanStats | null>;
  resolve: (stats: ScanStats | null) => void;
  reject: (error: unknown) => void;
}

function queuedScan(): QueuedScan {
  let resolve!: QueuedScan['resolve'];
  let reject!: QueuedScan['reject'];
  const promise = new Promise<ScanStats | null>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

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

export class LibraryService {
  readonly store: LibraryStore;
  readonly #runner: IngestRunner;
  readonly #watchers = new Map<number, FolderWatcher>();
  readonly #watchModes = new Map<number, WatchMode>();
  readonly #reconcilers = new Map<number, NodeJS.Timeout>();
  readonly #skipDirs: Set<string>;
  /** Folders waiting to be scanned, in the order asked for (see [Note: Scan queue]). */
  readonly #scanQueue = new Map<number, QueuedScan>();
  /** The loop working through #scanQueue; null once the queue is empty. Never rejects. */
  #scanning: Promise<void> | null = null;
  #disposed = false;
  #diskFull: DiskFull | null = null;
  #diskRetry: NodeJS.Timeout | null = null;

  constructor(private readonly options: LibraryServiceOptions) {
    this.store = new LibraryStore(options.db);
    this.#skipDirs = new Set([path.resolve(options.home)]);
    this.#runner = new IngestRunner(
      this.store,
      options.thumbsDir,
      this.options.helpers,
      (p) => {
        this.#emitProgress('ingest', p);
        if (p.done > 0 && p.done % photosReadyBatch === 0) this.options.onPhotosReady?.();
      },
      options.concurrency,
      options.modelInput,
      options.gate,
    );
  }

  // ── Folders ────────────────────────────────────────────────────────────────

  async addFolder(requested: string, watch: boolean): Promise<FolderInfo> {
    let real: string;
    try {
      real = await realpath(path.resolve(requested));
      if (!(await stat(real)).isDirectory())
        throw new AppFailure('invalid-argument', `${requested} is a file, not a folder.`);
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      throw new AppFailure(
        'not-found',
        `The folder ${requested} does not exist or cannot be opened.`,
      );
    }
    const home = path.resolve(this.options.home);
    if (real === home || real.startsWith(home + path.sep)) {
      throw new AppFailure(
        'invalid-argument',
        "That is Fotoglot's own data folder; choose a folder with your photos.",
      );
    }
    const { folder, absorbed } = this.store.addFolder(real, watch);
    for (const id of absorbed) await this.#unwatch(id);
    if (watch && this.#watchers.size > 0) this.#watch(folder);
    return this.#folderInfo(folder);
  }

  async removeFolder(id: number): Promise<number> {
    if (!this.store.folder(id))
      throw new AppFailure('not-found', `No library folder has id ${String(id)}.`);
    await this.#unwatch(id);
    const fingerprints = this.store.removeFolder(id);
    await this.#deleteThumbs(fingerprints);
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
      watchMode: this.#watchModes.get(folder.id) ?? 'off',
      photoCount: this.store.folderPhotoCount(folder.id),
      lastScanAt: folder.lastScanAt,
    };
  }

  problems(): Problem[] {
    return this.store
      .problems()
      .map(({ path: p, code, reason, detectedAt }) => ({ path: p, code, reason, detectedAt }));
  }

  /** Cameras and folder names in the library, for search suggestions. */
  facets(): { cameras: string[]; folders: string[] } {
    const cameras = this.options.db
      .prepare(
        `SELECT DISTINCT trim(coalesce(camera_make, '') || ' ' || coalesce(camera_model, '')) AS camera
           FROM photos WHERE state = 'ready' AND (camera_make IS NOT NULL OR camera_model IS NOT NULL)
          ORDER BY camera LIMIT 200`,
      )
      .pluck()
      .all() as string[];
    const folders = [
      ...new Set(
        (
          this.options.db
            .prepare('SELECT DISTINCT path FROM files WHERE missing = 0')
            .pluck()
            .all() as string[]
        ).map((p) => path.basename(path.dirname(p))),
      ),
    ].sort();
    return { cameras, folders: folders.slice(0, 500) };
  }

  /** The present files of a photo (one photo can live in several files). */
  filesOf(photoId: number): string[] {
    return this.options.db
      .prepare('SELECT path FROM files WHERE photo_id = ? AND missing = 0 ORDER BY id')
      .pluck()
      .all(photoId) as string[];
  }

  /** One photo with its exposure details. */
  photo(photoId: number): PhotoDetail {
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

  // ── Work ───────────────────────────────────────────────────────────────────

  /*
   * [Note: Scan queue]
   * Scans are queued per folder, not per call: a folder added while the start-up scan runs,
   * or a burst settling in another folder, asks for its own folders, and sharing the running
   * pass (which scans other folders) would leave them out until the next full scan.
   * - A folder asked for while it waits in the queue shares that queued scan: repeated asks
   *   (watcher bursts, reconcile timers) cost one scan.
   * - A folder leaves the queue when its scan starts, so asking for it while it is being
   *   scanned queues it again: the running scan may already have passed the latest change.
   * - One loop scans the queue in order, one folder at a time (one writer; the disk is the
   *   bottleneck); each caller's promise settles when all of its folders have been scanned.
   * A folder that fails rejects only its own callers; the loop goes on with the others.
   */

  /**
   * Scans every folder (or the given ones), after the folder being scanned now if any, and
   * resolves with their stats once each has had a scan that started after this call (see
   * [Note: Scan queue]). A folder removed in the meantime gives no stats.
   */
  scan(folderIds?: readonly number[]): Promise<ScanStats[]> {
    const ids = new Set(folderIds ?? this.store.folders().map((f) => f.id));
    const waits = [...ids].map((id) => {
      let queued = this.#scanQueue.get(id);
      if (!queued) {
        queued = queuedScan();
        this.#scanQueue.set(id, queued);
      }
      return queued.promise;
    });
    if (!this.#scanning && this.#scanQueue.size > 0) this.#scanning = this.#drainScanQueue();
    return Promise.all(waits).then((stats) => stats.filter((s): s is ScanStats => s !== null));
  }

  async #drainScanQueue(): Promise<void> {
    try {
      // A Map iterates live: folders queued while this loop awaits are visited in turn.
      for (const [id, queued] of this.#scanQueue) {
        this.#scanQueue.delete(id);
        try {
          queued.resolve(await this.#scanFolder(id));
        } catch (error) {
          queued.reject(error);
        }
      }
    } finally {
      // Cleared in the same turn the queue is found empty, before any caller resumes: a
      // scan asked for after that starts a new loop. (The queue is never empty on entry, so
      // this runs after an await, never before scan() has stored this loop.)
      this.#scanning = null;
    }
  }

  /** One folder's scan; null when the folder is gone (removed, absorbed) or the service disposed. */
  async #scanFolder(id: number): Promise<ScanStats | null> {
    const folder = this.store.folder(id);
    if (!folder || this.#disposed) return null;
    const stats = await scanFolder(folder, {
      store: this.store,
      skipDirs: this.#skipDirs,
      shouldStop: () => this.#disposed,
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
    await this.#deleteThumbs(stats.staleFingerprints);
    return stats;
  }

  /** Runs the ingest pipeline until nothing is pending, then what follows it (embedding). */
  runJobs(): Promise<void> {
    return this.#untilDiskFull(async () => {
      await this.#runner.run();
      if (!this.#disposed) await this.options.onIngested?.();
    });
  }

  /** Runs `work`; a full disk on the way stalls the library (see [Note: Disk full]) and is rethrown as OutOfSpace. */
  async #untilDiskFull<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isOutOfSpace(error)) throw error;
      const full =
        error instanceof OutOfSpace
          ? error
          : await OutOfSpace.at(this.options.home, 'indexing', 'index again');
      this.#stalledOnFullDisk(full);
      throw full;
    }
  }

  /**
   * Scans these folders (all when omitted) and processes what changed, in the background.
   * A folder being scanned now is scanned again after (see [Note: Scan queue]): that scan
   * may have passed it before the latest changes.
   * A full disk stalls the library (see [Note: Disk full]); other errors are logged.
   */
  refresh(folderIds: readonly number[] | undefined, why: string): void {
    if (this.#disposed) return;
    this.#untilDiskFull(async () => {
      await this.scan(folderIds);
      await this.runJobs();
    }).catch((error: unknown) => {
      if (!isOutOfSpace(error)) console.error(`[library] ${why} failed:`, error);
    });
  }

  /** Set while work waits for disk space (see [Note: Disk full]). */
  get diskFull(): DiskFull | null {
    return this.#diskFull;
  }

  /** Tells the user, then checks free space now and then and resumes the work when there is room. */
  #stalledOnFullDisk(full: OutOfSpace): void {
    if (this.#diskFull === null) {
      this.#diskFull = { dir: full.dir, freeBytes: full.free };
      this.options.emit({ type: 'library:diskFull', full: this.#diskFull });
    }
    if (this.#diskRetry || this.#disposed) return;
    const retry = this.options.diskFullRetry ?? { everyMs: 15_000, freeBytes: 64e6 };
    this.#diskRetry = setInterval(() => {
      void freeBytes(this.options.home).then((free) => {
        if (this.#disposed || free === null || free < retry.freeBytes || !this.#diskRetry) return;
        clearInterval(this.#diskRetry);
        this.#diskRetry = null;
        this.#diskFull = null;
        this.options.emit({ type: 'library:diskFull', full: null });
        // A scan first: watcher events that hit the full disk were dropped.
        this.refresh(undefined, 'resuming after a full disk');
      });
    }, retry.everyMs);
    // The CLI exits with the error; only a long-running app waits for space.
    this.#diskRetry.unref();
  }

  /** Adds folders, scans them and ingests everything pending: what `fotoglot index` does. */
  index(folders: readonly string[], watch: boolean): Promise<IndexSummary> {
    return this.#untilDiskFull(() => this.#index(folders, watch));
  }

  async #index(folders: readonly string[], watch: boolean): Promise<IndexSummary> {
    const started = Date.now();
    // A previous run may have been killed mid-write: clear its leftovers before adding work.
    await this.sweepThumbnails();
    const added: FolderInfo[] = [];
    for (const folder of folders) added.push(await this.addFolder(folder, watch));
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
    const counts = this.store.photoCount();
    return {
      folders: added.map((f) => f.path),
      photos: counts.visible,
      added: stats.reduce((n, s) => n + s.added, 0),
      updated: stats.reduce((n, s) => n + s.updated, 0),
      missing: stats.reduce((n, s) => n + s.missing, 0),
      problems: this.store.problems().map((p) => ({ path: p.path, reason: p.reason })),
      seconds: (Date.now() - started) / 1000,
    };
  }

  /**
   * What the desktop app and `serve` do at startup: clear orphan thumbnails, reconcile every
   * folder with the disk (changes made while closed), ingest, then watch.
   */
  start(): Promise<void> {
    return this.#untilDiskFull(async () => {
      await this.sweepThumbnails();
      for (const folder of this.store.folders()) if (folder.watch) this.#watch(folder);
      await this.scan();
      await this.runJobs();
    });
  }

  #watch(folder: FolderRow): void {
    if (this.#watchers.has(folder.id) || this.#disposed) return;
    const watcher = new FolderWatcher(
      folder.path,
      this.#skipDirs,
      {
        onUpsert: (file) => {
          this.#untilDiskFull(() => this.#onDiskChange(file)).catch((error: unknown) => {
            if (!isOutOfSpace(error)) console.error('[library] watcher event failed:', error);
          });
        },
        onRemove: (file) => {
          this.store.markPathMissing(file);
          // The grid refreshes on this as it does for added and changed files.
          this.options.emit({ type: 'library:changed', path: file });
        },
        onBurstSettled: () => {
          this.refresh([folder.id], 'rescan after a burst of changes');
        },
        onModeChange: (mode, reason) => {
          this.#watchModes.set(folder.id, mode);
          // Polling can miss changes on a loaded machine; a periodic reconcile scan cannot.
          if (mode === 'polling') this.#reconcileEvery(folder.id);
          this.options.emit({ type: 'library:watchMode', folderId: folder.id, mode, reason });
        },
      },
      this.options.watcher,
    );
    this.#watchers.set(folder.id, watcher);
    this.#watchModes.set(folder.id, watcher.mode);
  }

  /** Resolves when every watcher has finished its initial walk (tests wait for this). */
  async watchersReady(): Promise<void> {
    await Promise.all([...this.#watchers.values()].map((w) => w.ready()));
  }

  #reconcileEvery(folderId: number): void {
    if (this.#reconcilers.has(folderId)) return;
    const timer = setInterval(() => {
      this.refresh([folderId], 'reconcile scan');
    }, this.options.reconcileIntervalMs ?? 60_000);
    timer.unref();
    this.#reconcilers.set(folderId, timer);
  }

  async #unwatch(id: number): Promise<void> {
    clearInterval(this.#reconcilers.get(id));
    this.#reconcilers.delete(id);
    await this.#watchers.get(id)?.close();
    this.#watchers.delete(id);
    this.#watchModes.delete(id);
  }

  async #onDiskChange(file: string): Promise<void> {
    const folder = this.store.folderContaining(file);
    if (!folder || this.#disposed) return;
    const stats = emptyScanStats();
    await processPath(this.store, folder, file, folder.scanGeneration, stats);
    await this.#deleteThumbs(stats.staleFingerprints);
    if (stats.added + stats.updated > 0) await this.runJobs();
    this.options.emit({ type: 'library:changed', path: file });
  }

  // ── Thumbnails ─────────────────────────────────────────────────────────────

  readonly #previews = new Map<number, Promise<string>>();

  /**
   * The path of a photo's 1600 px preview, made now if it does not exist yet
   * (see [Note: Thumbnails at ingest, previews on demand]). Concurrent asks share one render.
   */
  preview(photoId: number): Promise<string> {
    let pending = this.#previews.get(photoId);
    if (!pending) {
      pending = this.#renderPreview(photoId).finally(() => this.#previews.delete(photoId));
      this.#previews.set(photoId, pending);
    }
    return pending;
  }

  async #renderPreview(photoId: number): Promise<string> {
    const source = this.store.photoSource(photoId);
    if (!source || source.state !== 'ready')
      throw new AppFailure('not-found', `Photo ${String(photoId)} has no file that can be shown.`);
    const file = thumbPath(this.options.thumbsDir, source.fingerprint, 'preview');
    try {
      await stat(file);
      return file;
    } catch {
      // Not made yet.
    }
    const decoded = await decodeFile(source, this.options.helpers);
    return writePreview(decoded, this.options.thumbsDir, source.fingerprint);
  }

  async #deleteThumbs(fingerprints: readonly string[]): Promise<void> {
    const still = fingerprints.length > 0 ? this.store.fingerprints() : new Set<string>();
    for (const fp of fingerprints) {
      if (still.has(fp)) continue;
      await rm(thumbPath(this.options.thumbsDir, fp, 'grid'), { force: true });
      await rm(thumbPath(this.options.thumbsDir, fp, 'preview'), { force: true });
    }
  }

  /** Removes thumbnails of photos the library no longer has, and temp files of interrupted writes. */
  async sweepThumbnails(): Promise<number> {
    const known = this.store.fingerprints();
    let removed = 0;
    let shards: string[];
    try {
      shards = await readdir(this.options.thumbsDir);
    } catch {
      return 0;
    }
    for (const shard of shards) {
      const dir = path.join(this.options.thumbsDir, shard);
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        continue;
      }
      for (const file of files) {
        const fp = /^([0-9a-f]{32})-\d+\.webp$/.exec(file)?.[1];
        if (fp && known.has(fp)) continue;
        await rm(path.join(dir, file), { force: true });
        removed++;
      }
    }
    return removed;
  }

  #emitProgress(job: string, p: IngestProgress): void {
    this.options.emit({
      type: 'job:progress',
      job,
      done: p.done,
      total: p.total,
      rate: p.rate,
      etaSeconds: p.etaSeconds,
    });
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#diskRetry) clearInterval(this.#diskRetry);
    for (const timer of this.#reconcilers.values()) clearInterval(timer);
    this.#reconcilers.clear();
    await Promise.all([...this.#watchers.values()].map((w) => w.close()));
    this.#watchers.clear();
    await this.#runner.dispose();
    await this.#scanning;
  }
}
