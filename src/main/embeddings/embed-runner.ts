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

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#runs.stop();
  }

  async #drain(): Promise<void> {
    const info = await this.loadModel();
    this.store.ensureModel(this.model.id, info.dimension);
    this.store.queueMissing(this.model.id);
    const size = inputSize(info.preprocess);
    const started = Date.now();
    let done = 0;
    while (!this.#stopped) {
      const jobs = this.store.pendingJobs(this.model.id, this.batchSize);
      if (jobs.length === 0) break;
      const total = done + this.store.countPending(this.model.id);
      await this.#embedBatch(jobs, size, info.preprocess);
      done += jobs.length;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      this.onProgress({ done, total, rate, etaSeconds: rate > 0 ? (total - done) / rate : null });
    }
  }

  async #embedBatch(
    jobs: EmbedJob[],
    size: number,
    preprocess: Parameters<typeof preprocessBatch>[1],
  ): Promise<void> {
    const sources = await Promise.all(
      jobs.map((job) => this.#source(job, size).catch((error: unknown) => error as Error)),
    );
    const ready = jobs.flatMap((job, i) => {
      const source = sources[i];
      if (source instanceof Error) {
        this.store.failJob(
          { ...job, attempts: 1 },
          `The photo could not be prepared for search: ${source.message}`,
        );
        return [];
      }
      return source ? [{ job, source }] : [];
    });
    if (ready.length === 0) return;
    try {
      const vectors = await this.#embed(
        ready.map((r) => r.source),
        size,
        preprocess,
      );
      this.store.storeVectors(
        this.model.id,
        ready.map((r, i) => ({ job: r.job, vector: vectors[i] ?? new Float32Array() })),
      );
    } catch (error) {
      if (ready.length === 1 && ready[0]) {
        this.store.failJob(
          ready[0].job,
          `The model failed on this photo (${error instanceof Error ? error.message : String(error)}).`,
        );
        return;
      }
      // Find the photo that broke the batch: one at a time (a photo that fails is retried once at most).
      for (const { job } of ready) await this.#embedBatch([job], size, preprocess);
    }
  }

  async #embed(
    images: Sharp[],
    size: number,
    preprocess: Parameters<typeof preprocessBatch>[1],
  ): Promise<Float32Array[]> {
    const pixels = await preprocessBatch(images, preprocess);
    await this.inference.whenReady();
    const { vectors } = await this.inference.request('embedImages', {
      dir: this.model.dir,
      pixels,
      count: images.length,
      size,
    });
    return vectors;
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
