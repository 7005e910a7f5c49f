/**
 * @file Runs pending ingest jobs (metadata + thumbnails) with a bounded pool.
 *
 * [Note: Ingest concurrency]
 * Decoding and resizing happen in libvips threads, off the event loop; metadata parsing is
 * well under a millisecond of JavaScript. One photo per core, each with one libvips thread,
 * plus one more photo waiting on the disk keeps every core busy without the two levels of
 * parallelism fighting over them (`npm run bench:ingest` measured the variants).
 */
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { CoalescedRun } from '../coalesced-run';
import { PauseGate } from '../jobs/pause-gate';
import { ProgressMeter } from '../jobs/progress-meter';
import { isOutOfSpace } from '../out-of-space';
import { decodeImage, type DecodeHelpers, type DecodedImage } from './decode-image';
import { renderIngestCopy, type IngestCopy } from './ingest-copy';
import { IngestProblem } from './ingest-problem';
import type { PendingJob } from './ingest-job-store';
import type { LibraryStore } from './library-store';
import { readMetadataFromBuffer, readRawMetadata, type PhotoMetadata } from './read-metadata';
import { writeGridThumbnail } from './thumbnails';
import type { ModelInputCache } from '../embeddings/model-input-cache';
import { renderModelInput, type ModelInputSpec } from '../inference/model-input';

export interface IngestProgress {
  done: number;
  total: number;
  failed: number;
  /** Photos per second over the last few seconds. */
  rate: number;
  etaSeconds: number | null;
}

/**
 * One libvips thread per photo and one photo per core (plus one waiting on the disk): on
 * small machines, parallel photos scale better than threads inside one photo, and the
 * operation cache is off (we never repeat an operation). See [Note: Ingest concurrency].
 */
export function tuneSharp(): number {
  const cores = Math.max(1, os.availableParallelism());
  sharp.concurrency(1);
  sharp.cache(false);
  return cores + 1;
}

/** Where ingest leaves the active model's input, and which geometry that model wants. */
export interface ModelInputTarget {
  cache: ModelInputCache;
  /** The active model's pixel spec; null when no model is active. */
  spec: () => ModelInputSpec | null;
}

/**
 * Another output a later stage wants from the open photo (e.g. [Note: Faces input handoff]).
 * It decides itself whether to make it; it throws only when the disk is full.
 */
export interface IngestRender {
  /** `copy`: the photo's small copy ([Note: Ingest copy]), null when it has none. */
  render(decoded: DecodedImage, fingerprint: string, copy: IngestCopy | null): Promise<void>;
}

export class IngestRunner {
  readonly #concurrency: number;
  readonly #runs = new CoalescedRun(() => this.#drain());
  #stopped = false;
  readonly #abort = new AbortController();

  constructor(
    private readonly store: LibraryStore,
    private readonly thumbsDir: string,
    private readonly raw: DecodeHelpers,
    private readonly onProgress: (progress: IngestProgress) => void = () => undefined,
    concurrency?: number,
    private readonly modelInput?: ModelInputTarget,
    /** The pipeline's pause switch ([Note: Pipeline]); a runner of its own when absent. */
    private readonly gate: PauseGate = new PauseGate(),
    private readonly renders: readonly IngestRender[] = [],
  ) {
    this.#concurrency = concurrency ?? tuneSharp();
  }

  /** Processes pending jobs until none is left (or dispose); see CoalescedRun. */
  run(): Promise<void> {
    return this.#runs.run();
  }

  /** Lets in-flight photos finish, starts no more. */
  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#runs.dispose();
  }

  async #drain(): Promise<void> {
    let done = 0;
    let failed = 0;
    let total = this.store.countRunnableJobs();
    const meter = new ProgressMeter();
    const inFlight = new Set<number>();
    const report = () => {
      this.onProgress({ ...meter.progress(done, total), failed });
    };
    const workers: Promise<void>[] = [];
    // See [Note: Disk full]: the first out-of-space error stops every worker; its job stays pending.
    const full: Error[] = [];
    let queue: PendingJob[] = [];
    const next = (): PendingJob | null => {
      if (queue.length === 0) {
        queue = this.store.pendingJobs(64, [...inFlight]);
        // Work queued while we ran (watcher events) joins this run; in-flight jobs are still pending in the DB.
        total = done + this.store.countRunnableJobs();
      }
      return queue.shift() ?? null;
    };
    const worker = async () => {
      for (;;) {
        if (this.#stopped || full.length > 0) return;
        const job = next();
        // No work left: this lane ends even while paused, so the next stage can start.
        if (!job) return;
        inFlight.add(job.jobId);
        // See [Note: Pipeline]: a paused lane holds its next photo (still pending in the DB).
        await this.gate.pass('ingest', this.#abort.signal);
        // Read again after the wait: dispose() or a full disk may have come meanwhile.
        if (this.#abort.signal.aborted || full.length > 0) {
          inFlight.delete(job.jobId);
          return;
        }
        let ok: boolean;
        try {
          ok = await this.#ingest(job);
        } catch (error) {
          if (!isOutOfSpace(error)) throw error;
          full.push(error as Error);
          return;
        } finally {
          inFlight.delete(job.jobId);
        }
        done++;
        if (!ok) failed++;
        meter.tick();
        report();
      }
    };
    // A run with nothing to do says nothing: "Importing 0 / 0" would be news of no work.
    if (total > 0) report();
    for (let i = 0; i < this.#concurrency; i++) workers.push(worker());
    await Promise.all(workers);
    // The library turns it into the message and waits for space (LibraryService).
    if (full[0]) throw full[0];
    // The run is over: its last report says so, also when fewer photos were left than counted
    // (a folder removed meanwhile), so no client keeps showing an import that has ended.
    if (done > 0) {
      total = done;
      report();
    }
  }

  /**
   * One photo: read once, metadata, decode, thumbnails, store. False when it failed; throws
   * when the disk is full (the photo is not at fault: its job stays pending).
   */
  async #ingest(job: PendingJob): Promise<boolean> {
    let bytes: Buffer | undefined;
    try {
      bytes = await readFile(job.path);
      let meta: PhotoMetadata;
      if (job.format === 'raw')
        meta = await readRawMetadata(job.path, job.mtimeMs, this.raw.exiftool);
      else meta = await readMetadataFromBuffer(bytes, job.path, job.mtimeMs);
      const decoded = await decodeImage(bytes, job.path, job.format, meta.orientation, this.raw);
      const copy = await renderIngestCopy(decoded);
      const grid = await writeGridThumbnail(decoded, this.thumbsDir, job.fingerprint, copy);
      // See [Note: Model input handoff]: the photo is open now; the embedding stage needs it later.
      const spec = this.modelInput?.spec() ?? null;
      if (spec && this.modelInput && (await this.modelInput.cache.hasRoom()))
        await this.modelInput.cache.write(
          spec,
          job.fingerprint,
          await renderModelInput(decoded, spec),
        );
      for (const render of this.renders) await render.render(decoded, job.fingerprint, copy);
      this.store.completeIngest(job, meta, { width: decoded.width, height: decoded.height }, grid);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // Vanished since the scan: the file goes missing; a later scan or watcher event decides.
        this.store.markPathMissing(job.path);
        return false;
      }
      if (isOutOfSpace(error)) throw error;
      const problem = IngestProblem.fromDecoder(error, bytes);
      this.store.failIngest(job, problem.code, problem.message);
      return false;
    }
  }
}
