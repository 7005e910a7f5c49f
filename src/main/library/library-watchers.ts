/**
 * @file Watching the library's folders: one FolderWatcher per watched folder, how each one
 * watches (native events, or polling past the OS watch limit), and the periodic reconcile
 * scan a polled folder gets.
 */
import type { AppEvent } from '../../shared/events';
import { FolderWatcher, type FolderWatcherOptions, type WatchMode } from './folder-watcher';
import type { FolderRow } from './folder-store';

/** What the watchers ask of the library. */
export interface LibraryWatcherEvents {
  /** A file appeared or changed. */
  onUpsert: (file: string) => void;
  /** A file disappeared. */
  onRemove: (file: string) => void;
  /** The folder wants a scan: a burst of changes settled, or a polled folder's reconcile is due. */
  rescan: (folderId: number, why: string) => void;
  emit: (event: AppEvent) => void;
}

export interface LibraryWatchersOptions {
  /** Folders never watched inside a library folder (the data folder). */
  skipDirs: ReadonlySet<string>;
  /** Watcher tuning, for tests. */
  watcher?: FolderWatcherOptions | undefined;
  /** How often a folder that lost native watching is rescanned (default 60 s). */
  reconcileIntervalMs?: number | undefined;
}

/** The watchers of the library's folders, by folder id. */
export class LibraryWatchers {
  readonly #watchers = new Map<number, FolderWatcher>();
  readonly #modes = new Map<number, WatchMode>();
  readonly #reconcilers = new Map<number, NodeJS.Timeout>();
  #disposed = false;

  constructor(
    private readonly options: LibraryWatchersOptions,
    private readonly events: LibraryWatcherEvents,
  ) {}

  /** Whether any folder is watched (the library watches once it has started). */
  get watching(): boolean {
    return this.#watchers.size > 0;
  }

  /** How the folder is watched now; 'off' when it is not. */
  mode(folderId: number): WatchMode | 'off' {
    return this.#modes.get(folderId) ?? 'off';
  }

  /** Starts watching a folder (nothing when it is watched already). */
  watch(folder: FolderRow): void {
    if (this.#watchers.has(folder.id) || this.#disposed) return;
    const watcher = new FolderWatcher(
      folder.path,
      this.options.skipDirs,
      {
        onUpsert: (file) => {
          this.events.onUpsert(file);
        },
        onRemove: (file) => {
          this.events.onRemove(file);
        },
        onBurstSettled: () => {
          this.events.rescan(folder.id, 'rescan after a burst of changes');
        },
        onModeChange: (mode, reason) => {
          this.#modes.set(folder.id, mode);
          // Polling can miss changes on a loaded machine; a periodic reconcile scan cannot.
          if (mode === 'polling') this.#reconcileEvery(folder.id);
          this.events.emit({ type: 'library:watchMode', folderId: folder.id, mode, reason });
        },
      },
      this.options.watcher,
    );
    this.#watchers.set(folder.id, watcher);
    this.#modes.set(folder.id, watcher.mode);
  }

  /** Stops watching a folder (removed, or absorbed by a folder that contains it). */
  async unwatch(folderId: number): Promise<void> {
    clearInterval(this.#reconcilers.get(folderId));
    this.#reconcilers.delete(folderId);
    await this.#watchers.get(folderId)?.close();
    this.#watchers.delete(folderId);
    this.#modes.delete(folderId);
  }

  /** Resolves when every watcher has finished its initial walk (tests wait for this). */
  async ready(): Promise<void> {
    await Promise.all([...this.#watchers.values()].map((w) => w.ready()));
  }

  #reconcileEvery(folderId: number): void {
    if (this.#reconcilers.has(folderId)) return;
    const timer = setInterval(() => {
      this.events.rescan(folderId, 'reconcile scan');
    }, this.options.reconcileIntervalMs ?? 60_000);
    timer.unref();
    this.#reconcilers.set(folderId, timer);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const timer of this.#reconcilers.values()) clearInterval(timer);
    this.#reconcilers.clear();
    await Promise.all([...this.#watchers.values()].map((w) => w.close()));
    this.#watchers.clear();
  }
}
