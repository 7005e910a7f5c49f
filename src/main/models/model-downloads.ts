/**
 * @file The model downloads in progress, one per model id, owned by the core so every host
 * (desktop, server, CLI) sees the same ones and disposing the core cancels them.
 */
import type { AppEvent } from '../../shared/events';
import { AppFailure } from '../../shared/result';
import type { DownloadOptions } from './model-downloader';

/** Installs a catalog model (ModelManager.install); resolves with its folder. */
export type InstallModel = (
  id: string,
  options: Omit<DownloadOptions, 'model' | 'modelsDir'>,
) => Promise<string>;

export class ModelDownloads {
  /** The abort switch of each download in progress, by model id. */
  readonly #running = new Map<string, AbortController>();
  #disposed = false;

  constructor(
    private readonly install: InstallModel,
    private readonly emit: (event: AppEvent) => void,
    /**
     * Where downloads come from when the caller names no mirror: `HF_ENDPOINT`, as Hugging
     * Face's own tools read it (a company hub or a regional mirror); undefined: huggingface.co.
     */
    private readonly defaultMirror?: string,
  ) {}

  /** The ids being downloaded now. */
  get active(): string[] {
    return [...this.#running.keys()];
  }

  /**
   * Downloads `id` (from `mirror` instead of Hugging Face when given), with progress as
   * `job:progress` events of job `download:<id>`; resolves with the installed folder.
   * A second download of the same model while one runs is refused rather than queued: both
   * would write the same staging folder.
   */
  async start(id: string, mirror?: string): Promise<string> {
    if (this.#disposed) throw new AppFailure('unavailable', 'Fotoglot is shutting down.');
    if (this.#running.has(id))
      throw new AppFailure('invalid-argument', `${id} is already being downloaded.`);
    const abort = new AbortController();
    this.#running.set(id, abort);
    const baseUrl = mirror ?? this.defaultMirror;
    let last = { done: 0, total: 1 };
    try {
      return await this.install(id, {
        ...(baseUrl ? { baseUrl } : {}),
        signal: abort.signal,
        onProgress: (p) => {
          // An unknown size is not "done": the job stays shown until the download ends.
          last = { done: p.bytes, total: p.totalBytes ?? p.bytes + 1 };
          this.emit({
            type: 'job:progress',
            job: `download:${id}`,
            ...last,
            rate: p.rate,
            etaSeconds: p.etaSeconds,
          });
        },
      });
    } finally {
      this.#running.delete(id);
      // Finished, failed or cancelled: one last event ends the job in every status bar.
      const total = Math.max(last.total, last.done, 1);
      this.emit({
        type: 'job:progress',
        job: `download:${id}`,
        done: total,
        total,
        rate: 0,
        etaSeconds: null,
      });
    }
  }

  /** Stops the download of `id`; false when none was running. */
  cancel(id: string): boolean {
    const abort = this.#running.get(id);
    abort?.abort();
    return abort !== undefined;
  }

  /** Cancels every download and refuses new ones (the core is closing). */
  dispose(): void {
    this.#disposed = true;
    for (const abort of this.#running.values()) abort.abort();
  }
}
