/**
 * @file What the library does when its work hits a full disk (see [Note: Disk full]): tell the
 * user once, check free space now and then, and resume the work when there is room again.
 */
import type { AppEvent, DiskFull } from '../../shared/events';
import { freeBytes, isOutOfSpace, OutOfSpace } from '../out-of-space';

export interface DiskFullStallOptions {
  /** The data folder: its disk is the one checked. */
  home: string;
  emit: (event: AppEvent) => void;
  /** Called once there is room again: redo the work the full disk stopped. */
  resume: () => void;
  /** How often free space is checked, and how much makes work resume (default 15 s, 64 MB). */
  retry?: { everyMs: number; freeBytes: number } | undefined;
}

/** Runs library work, and stalls the library (until space returns) when it hits a full disk. */
export class DiskFullStall {
  #full: DiskFull | null = null;
  #retry: NodeJS.Timeout | null = null;
  #disposed = false;

  constructor(private readonly options: DiskFullStallOptions) {}

  /** Set while work waits for disk space. */
  get current(): DiskFull | null {
    return this.#full;
  }

  /** Runs `work`; a full disk on the way stalls the library and is rethrown as OutOfSpace. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isOutOfSpace(error)) throw error;
      const full =
        error instanceof OutOfSpace
          ? error
          : await OutOfSpace.at(this.options.home, 'indexing', 'index again');
      this.#stall(full);
      throw full;
    }
  }

  /** Tells the user, then checks free space now and then and resumes the work when there is room. */
  #stall(full: OutOfSpace): void {
    if (this.#full === null) {
      this.#full = { dir: full.dir, freeBytes: full.free };
      this.options.emit({ type: 'library:diskFull', full: this.#full });
    }
    if (this.#retry || this.#disposed) return;
    const retry = this.options.retry ?? { everyMs: 15_000, freeBytes: 64e6 };
    this.#retry = setInterval(() => {
      void freeBytes(this.options.home).then((free) => {
        if (this.#disposed || free === null || free < retry.freeBytes || !this.#retry) return;
        clearInterval(this.#retry);
        this.#retry = null;
        this.#full = null;
        this.options.emit({ type: 'library:diskFull', full: null });
        this.options.resume();
      });
    }, retry.everyMs);
    // The CLI exits with the error; only a long-running app waits for space.
    this.#retry.unref();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#retry) clearInterval(this.#retry);
  }
}
