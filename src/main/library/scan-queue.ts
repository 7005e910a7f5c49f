/**
 * @file The queue of folders waiting to be scanned, one at a time, each caller resolved when
 * its own folders are done (see [Note: Scan queue]).
 *
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
import type { ScanStats } from './scan-folder';

/** A folder's place in the queue: the promise its callers share, settled by the loop. */
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

/** Scans folders in the order asked for, one at a time, sharing queued scans between callers. */
export class ScanQueue {
  /** Folders waiting to be scanned, in the order asked for. */
  readonly #queue = new Map<number, QueuedScan>();
  /** The loop working through #queue; null once the queue is empty. Never rejects. */
  #draining: Promise<void> | null = null;

  /**
   * @param scanFolder scans one folder; null when there is nothing to scan (the folder was
   * removed or absorbed, or the library is closing).
   */
  constructor(private readonly scanFolder: (folderId: number) => Promise<ScanStats | null>) {}

  /**
   * Queues these folders, after the folder being scanned now if any, and resolves with their
   * stats once each has had a scan that started after this call. A folder that gave no stats
   * is left out.
   */
  scan(folderIds: Iterable<number>): Promise<ScanStats[]> {
    const waits = [...new Set(folderIds)].map((id) => {
      let queued = this.#queue.get(id);
      if (!queued) {
        queued = queuedScan();
        this.#queue.set(id, queued);
      }
      return queued.promise;
    });
    if (!this.#draining && this.#queue.size > 0) this.#draining = this.#drain();
    return Promise.all(waits).then((stats) => stats.filter((s): s is ScanStats => s !== null));
  }

  /** Resolves when the queue is empty (after the folders queued so far). */
  async idle(): Promise<void> {
    await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      // A Map iterates live: folders queued while this loop awaits are visited in turn.
      for (const [id, queued] of this.#queue) {
        this.#queue.delete(id);
        try {
          queued.resolve(await this.scanFolder(id));
        } catch (error) {
          queued.reject(error);
        }
      }
    } finally {
      // Cleared in the same turn the queue is found empty, before any caller resumes: a
      // scan asked for after that starts a new loop. (The queue is never empty on entry, so
      // this runs after an await, never before scan() has stored this loop.)
      this.#draining = null;
    }
  }
}
