/**
 * @file Embeds photos in batches through the inference process.
 *
 * [Note: Embedding input]
 * Models take 224–384 px inputs. Where the model's input is no larger than the 256 px grid
 * thumbnail, the thumbnail is the source (already decoded once from the original with
 * shrink-on-load, upright and sRGB), so embedding never re-reads a 12 MP original; larger
 * inputs decode the original. A batch that fails (worker crash or hang) is retried photo by
 * photo after the worker is back; a photo that fails twice is recorded as a problem.
 */
import { access } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { inputSize } from '../../shared/model-config';
import { CoalescedRun } from '../coalesced-run';
import { isOutOfSpace } from '../out-of-space';
import { preprocessBatch } from '../inference/image-preprocess';
import type { WorkerValue } from '../../shared/worker-protocol';
import type { InferenceClient } from '../inference/inference-client';
import { decodeFile, type DecodeHelpers } from '../library/decode-image';
import { thumbPath, thumbSizes } from '../library/thumbnails';
import type { EmbedJob, EmbeddingStore } from './embedding-store';

export interface ModelRef {
  id: string;
  dir: string;
}

/** What the worker says about a model it has loaded. */
export type LoadedModel = WorkerValue<'loadModel'>;

interface InputSpec {
  size: number;
  preprocess: LoadedModel['preprocess'];
}

interface PreparedBatch {
  /** Every job taken, including those that failed to prepare (already recorded). */
  jobs: EmbedJob[];
  /** The jobs whose pixels are in `pixels`, in order. */
  ready: EmbedJob[];
  pixels: Float32Array<ArrayBuffer>;
}

export interface EmbedProgress {
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
}

export class EmbedRunner {
  readonly #runs = new CoalescedRun(() => this.#drain());
  #stopped = false;

  constructor(
    private readonly store: EmbeddingStore,
    private readonly inference: InferenceClient,
    private readonly model: ModelRef,
    private readonly thumbsDir: string,
    private readonly helpers: DecodeHelpers,
    private readonly onProgress: (progress: EmbedProgress) => void = () => undefined,
    /** Loads the model in the worker (with the user's provider settings) and describes it. */
    private readonly loadModel: () => Promise<LoadedModel>,
    private readonly batchSize = 16,
  ) {}

  run(): Promise<void> {
    return this.#runs.run();
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#runs.stop();
  }

  async #drain(): Promise<void> {
    const info = await this.loadModel();
    this.store.ensureModel(this.model.id, info.dimension);
    this.store.queueMissing(this.model.id);
    const spec: InputSpec = { size: inputSize(info.preprocess), preprocess: info.preprocess };
    const started = Date.now();
    let done = 0;
    // See [Note: Embedding pipeline]: one batch is prepared while the previous one runs.
    let current = this.#prepareNext(spec, []);
    while (current !== null && !this.#stopped) {
      const batch = await current;
      // Checked again after each await: stop() may have come in meanwhile.
      const next = this.#isStopped()
        ? null
        : this.#prepareNext(
            spec,
            batch.jobs.map((j) => j.jobId),
          );
      try {
        await this.#infer(batch, spec);
      } catch (error) {
        await next?.catch(() => undefined);
        throw error;
      }
      done += batch.jobs.length;
      const total = done + this.store.countPending(this.model.id);
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      this.onProgress({
        done,
        total: Math.max(done, total),
        rate,
        etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null,
      });
      // Nothing was left when `next` was taken, but this batch may have left a photo to retry.
      current = next ?? (this.#isStopped() ? null : this.#prepareNext(spec, []));
    }
    await current?.catch(() => undefined);
  }

  /** Takes the next pending jobs (not the ones in flight) and prepares them; null when none. */
  #prepareNext(spec: InputSpec, inFlight: readonly number[]): Promise<PreparedBatch> | null {
    let jobs = this.store.pendingJobs(this.model.id, this.batchSize, inFlight);
    // Photos ingested while we ran (ingest and embedding overlap) join this run.
    if (jobs.length === 0 && this.store.queueMissing(this.model.id) > 0)
      jobs = this.store.pendingJobs(this.model.id, this.batchSize, inFlight);
    return jobs.length === 0 ? null : this.#prepare(jobs, spec);
  }

  /** Reads and preprocesses a batch; photos that cannot be read become problems here. */
  async #prepare(jobs: EmbedJob[], spec: InputSpec): Promise<PreparedBatch> {
    const sources = await Promise.all(
      jobs.map((job) => this.#source(job, spec.size).catch((error: unknown) => error as Error)),
    );
    const ready: { job: EmbedJob; source: Sharp }[] = [];
    jobs.forEach((job, i) => {
      const source = sources[i];
      if (source instanceof Error)
        this.store.failJob(
          { ...job, attempts: 1 },
          `The photo could not be prepared for search: ${source.message}`,
        );
      else if (source) ready.push({ job, source });
    });
    const pixels =
      ready.length === 0
        ? new Float32Array()
        : await preprocessBatch(
            ready.map((r) => r.source),
            spec.preprocess,
          );
    return { jobs, ready: ready.map((r) => r.job), pixels };
  }

  async #infer(batch: PreparedBatch, spec: InputSpec): Promise<void> {
    if (batch.ready.length === 0) return;
    try {
      await this.inference.whenReady();
      const { vectors } = await this.inference.request('embedImages', {
        dir: this.model.dir,
        pixels: batch.pixels,
        count: batch.ready.length,
        size: spec.size,
      });
      this.store.storeVectors(
        this.model.id,
        batch.ready.map((job, i) => ({ job, vector: vectors[i] ?? new Float32Array() })),
      );
    } catch (error) {
      // See [Note: Disk full]: the vectors could not be stored, the photos are not at fault.
      if (isOutOfSpace(error)) throw error;
      const [only] = batch.ready;
      if (batch.ready.length === 1 && only) {
        this.store.failJob(
          only,
          `The model failed on this photo (${error instanceof Error ? error.message : String(error)}).`,
        );
        return;
      }
      // Find the photo that broke the batch: one at a time (a photo that fails is retried once at most).
      for (const job of batch.ready) await this.#infer(await this.#prepare([job], spec), spec);
    }
  }

  /** The image to embed: see [Note: Embedding input]. */
  async #source(job: EmbedJob, size: number): Promise<Sharp> {
    if (size <= thumbSizes.grid) {
      const thumb = thumbPath(this.thumbsDir, job.fingerprint, 'grid');
      try {
        await access(thumb);
        return sharp(thumb);
      } catch {
        // No thumbnail (swept, or made by an older version): decode the original.
      }
    }
    const decoded = await decodeFile(job, this.helpers);
    return decoded.image;
  }
}
