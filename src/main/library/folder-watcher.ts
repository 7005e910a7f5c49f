/**
 * @file Watches one library folder with chokidar and reports settled changes.
 * A file still being written is reported only once its size has stopped changing
 * (`awaitWriteFinish`), so half-copied photos are never ingested. When the OS refuses more
 * watches (inotify limit, EMFILE), the folder falls back to polling and says so.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isSkippedDirName } from './walk-folder';

export type WatchMode = 'native' | 'polling';

export interface FolderWatcherEvents {
  onUpsert: (file: string) => void;
  onRemove: (file: string) => void;
  onModeChange: (mode: WatchMode, reason: string) => void;
  /** A burst of changes has settled: some may have been lost (see [Note: Watcher bursts]). */
  onBurstSettled: () => void;
  /**
   * Changes have been quiet for a while, after `rawEvents` raw events, burst or not (called
   * after onBurstSettled): when nothing more is coming, so tests need not sleep to know it.
   */
  onQuiet?: (rawEvents: number) => void;
}

const watchLimitCodes = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

export interface FolderWatcherOptions {
  /** How long a file's size must stay unchanged before it counts as written. */
  stabilityMs?: number;
  pollIntervalMs?: number;
  /** Start in polling mode (network drives where native events do not arrive). */
  forcePolling?: boolean;
  /** Test-only fault: the native watcher fails as if the OS watch limit were reached. */
  simulateWatchLimit?: boolean;
  /** How many raw events make a burst, and how long without events ends it. */
  burst?: { events: number; quietMs: number };
}

/**
 * [Note: Watcher bursts]
 * The OS queues change events for us and drops them when its queue overflows (inotify's
 * default is 16,384 events; a copy of a few thousand photos makes several events each while
 * this process is busy ingesting), and Node's watcher does not report the overflow. The
 * torture suite's 5,000-file storm lost a third of its adds without any error. So a burst of
 * raw events, once it has settled, is followed by a rescan of the folder: cheap (a stat per
 * file; unchanged files are skipped) and it catches whatever was not reported.
 */
export class FolderWatcher {
  #watcher: FSWatcher | null = null;
  #rawEvents = 0;
  #quiet: NodeJS.Timeout | null = null;
  #fallback: Promise<void> = Promise.resolve();
  #mode: WatchMode = 'native';
  readonly #ready: Promise<void>;

  constructor(
    private readonly root: string,
    private readonly skipDirs: ReadonlySet<string>,
    private readonly events: FolderWatcherEvents,
    private readonly options: FolderWatcherOptions = {},
  ) {
    this.#ready = this.#start(options.forcePolling ? 'polling' : 'native');
  }

  get mode(): WatchMode {
    return this.#mode;
  }

  /** Resolves once the initial directory walk of the watcher is done. */
  ready(): Promise<void> {
    return this.#ready;
  }

  #ignored = (file: string): boolean => {
    if (this.skipDirs.has(file)) return true;
    const relative = path.relative(this.root, file);
    if (relative === '') return false;
    return relative.split(path.sep).some((part) => isSkippedDirName(part));
  };

  #start(mode: WatchMode): Promise<void> {
    this.#mode = mode;
    const watcher = watch(this.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: this.#ignored,
      usePolling: mode === 'polling',
      interval: this.options.pollIntervalMs ?? 5000,
      binaryInterval: this.options.pollIntervalMs ?? 5000,
      awaitWriteFinish: { stabilityThreshold: this.options.stabilityMs ?? 1500, pollInterval: 200 },
    });
    this.#watcher = watcher;
    watcher.on('raw', () => {
      this.#noteRawEvent();
    });
    watcher.on('add', (file) => {
      this.events.onUpsert(file);
    });
    watcher.on('change', (file) => {
      this.events.onUpsert(file);
    });
    watcher.on('unlink', (file) => {
      this.events.onRemove(file);
    });
    watcher.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (this.#mode === 'native' && watchLimitCodes.has(code)) {
        this.#fallback = this.#fallBackToPolling(code);
      } else {
        console.error(`[watcher] ${this.root}:`, error);
      }
    });
    return new Promise((resolve) =>
      watcher.once('ready', () => {
        if (mode === 'native' && this.options.simulateWatchLimit) {
          watcher.emit(
            'error',
            Object.assign(new Error('inotify watch limit reached'), { code: 'ENOSPC' }),
          );
          // The fallback replaces this watcher; readiness is that of the polling one.
          void this.#fallback.then(resolve);
          return;
        }
        resolve();
      }),
    );
  }

  async #fallBackToPolling(code: string): Promise<void> {
    await this.#watcher?.close();
    this.events.onModeChange(
      'polling',
      `The system's limit on watched folders was reached (${code}); this folder is checked for changes every few seconds instead.`,
    );
    await this.#start('polling');
  }

  #noteRawEvent(): void {
    const burst = this.options.burst ?? { events: 500, quietMs: 2000 };
    this.#rawEvents++;
    if (this.#quiet) clearTimeout(this.#quiet);
    // Quiet for a while after the last event, and files done being written.
    this.#quiet = setTimeout(
      () => {
        this.#quiet = null;
        const rawEvents = this.#rawEvents;
        this.#rawEvents = 0;
        if (rawEvents >= burst.events) this.events.onBurstSettled();
        this.events.onQuiet?.(rawEvents);
      },
      burst.quietMs + (this.options.stabilityMs ?? 1500),
    );
    this.#quiet.unref();
  }

  async close(): Promise<void> {
    if (this.#quiet) clearTimeout(this.#quiet);
    this.#quiet = null;
    await this.#watcher?.close();
    this.#watcher = null;
  }
}
