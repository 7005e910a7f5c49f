/**
 * @file Embeds photos in batches through the inference process.
 *
 * [Note: Embedding input]
 * Each photo's model input is the original resized exactly as open_clip does ([Note: Model
 * input pixels]), made at ingest and left in the ModelInputCache ([Note: Model input
 * handoff]); a photo without one is decoded again from its original. A batch that fails
 * (worker crash or hang) is retried photo by photo after the worker is back; a photo that
 * fails twice is recorded as a problem. The worker splits a batch into runs its graphs
 * accept ([Note: Real model contract]), so a batch-1 model never fails a batch.
 *
 * [Note: Embedding pipeline]
 * Embedding overlaps everything it can. It starts while ingest still runs (every 16 ingested
 * photos wake it, [Note: Pipeline]), and within a run one batch is read and turned into a
 * tensor while the previous batch is in the inference process, so the model waits for
 * neither the disk nor the decoder: at most two batches are in memory. Jobs are taken
 * newest first and skip the ones in flight; a batch's vectors and the close of its jobs are
 * one transaction, so a kill never embeds a photo twice. Pause stops the loop after the
 * batch in flight, without reading the next one.
 */
import { CoalescedRun } from '../coalesced-run';
import type { PauseGate } from '../jobs/pause-gate';
import { ProgressMeter, type Progress } from '../jobs/progress-meter';
import { isOutOfSpace } from '../out-of-space';
import {
  modelInputSpec,
  modelInputToTensor,
  renderModelInput,
  type ModelInputSpec,
} from '../inference/model-input';
import type { WorkerValue } from '../../shared/worker-protocol';
import type { InferenceClient } from '../inference/inference-client';
import { decodeFile, type DecodeHelpers } from '../library/decode-image';
import type { EmbedJob, EmbeddingStore } from './embedding-store';
import type { ModelInputCache } from './model-input-cache';

export interface ModelRef {
  id: string;
  dir: string;
}

/** What the worker says about a model it has loaded. */
export type LoadedModel = WorkerValue<'loadModel'>;

interface InputSpec {
  size: number;
  preprocess: LoadedModel['preprocess'];
  pixels: ModelInputSpec;
}

interface PreparedBatch {
  /** Every job taken, including those that failed to prepare (already recorded). */
  jobs: EmbedJob[];
  /** The jobs whose pixels are in `pixels`, in order. */
  ready: EmbedJob[];
  pixels: Float32Array<ArrayBuffer>;
}

export type EmbedProgress = Progress;

export interface EmbedRunnerOptions {
  store: EmbeddingStore;
  inference: InferenceClient;
  model: ModelRef;
  inputs: ModelInputCache;
  helpers: DecodeHelpers;
  onProgress?: (progress: EmbedProgress) => void;
  /** Loads the model in the worker (with the user's provider settings) and describes it. */
  loadModel: () => Promise<LoadedModel>;
  /** What the worker runs on after each batch (an accelerator may have failed meanwhile). */
  onProvider?: (provider: { executionProvider: string; providerNote: string | null }) => void;
  batchSize?: number;
  /** The pipeline's pause switch ([Note: Pipeline]). */
  gate?: PauseGate;
}

export class EmbedRunner {
  readonly #runs = new CoalescedRun(() => this.#drain());
  #stopped = false;
  readonly #abort = new AbortController();
  private readonly store: EmbeddingStore;
  private readonly inference: InferenceClient;
  private readonly model: ModelRef;
  private readonly batchSize: number;

  constructor(private readonly options: EmbedRunnerOptions) {
    this.store = options.store;
    this.inference = options.inference;
    this.model = options.model;
    this.batchSize = options.batchSize ?? 16;
  }

  run(): Promise<void> {
    return this.#runs.run();
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#runs.dispose();
  }

  async #drain(): Promise<void> {
    const gate = this.options.gate;
    await gate?.pass('embed', this.#abort.signal);
    const info = await this.options.loadModel();
    this.store.ensureModel(this.model.id, info.dimension);
    this.store.queueMissing(this.model.id);
    const pixels = modelInputSpec(info.preprocess);
    const spec: InputSpec = { size: pixels.size, preprocess: info.preprocess, pixels };
    // Inputs of another geometry (a previous model) will never be used.
    await this.options.inputs.sweep(pixels);
    const meter = new ProgressMeter();
    let done = 0;
    let batches = 0;
    // See [Note: Embedding pipeline]: one batch is prepared while the previous one runs.
    let current = this.#prepareNext(spec, []);
    while (current !== null && !this.#stopped) {
      const batch = await current;
      // Checked again after each await: dispose() may have come in meanwhile. While paused,
      // the next batch is not even read.
      const next =
        this.#isStopped() || gate?.paused
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
      meter.tick(batch.jobs.length);
      this.options.onProgress?.(
        meter.progress(done, done + this.store.countRunnable(this.model.id)),
      );
      // See [Note: Vector search at scale]: a long run keeps the lists in step now and then.
      if (++batches % 64 === 0)
        await this.store.maintainIndex(this.model.id, () => this.#isStopped());
      // See [Note: Pipeline]: pause stops the stage here, within one batch.
      await gate?.pass('embed', this.#abort.signal);
      // Nothing was left when `next` was taken, but this batch may have left a photo to retry.
      current = next ?? (this.#isStopped() ? null : this.#prepareNext(spec, []));
    }
    await current?.catch(() => undefined);
    // See [Note: Vector search at scale]: the lists follow the library once the batch is in.
    await this.store.maintainIndex(this.model.id, () => this.#isStopped());
    // Nothing left: the run says it is over, also when fewer were left than counted (a folder
    // removed meanwhile), so no client keeps showing it as running.
    if (done > 0 && !this.#stopped) this.options.onProgress?.(meter.progress(done, done));
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
    const inputs = await Promise.all(
      jobs.map((job) => this.#input(job, spec.pixels).catch((error: unknown) => error as Error)),
    );
    const ready: { job: EmbedJob; rgb: Buffer }[] = [];
    const failed: EmbedJob[] = [];
    // A RAW decoded through a temp file on a full disk: not the photo's fault ([Note: Disk full]).
    const full = inputs.find(
      (input): input is Error => input instanceof Error && isOutOfSpace(input),
    );
    if (full) throw full;
    jobs.forEach((job, i) => {
      const input = inputs[i];
      if (input instanceof Error) {
        failed.push(job);
        this.store.failJob(
          this.model.id,
          job,
          `The photo could not be prepared for search: ${input.message}`,
          true,
        );
      } else if (input) ready.push({ job, rgb: input });
    });
    await this.options.inputs.remove(
      spec.pixels,
      failed.map((j) => j.fingerprint),
    );
    const per = 3 * spec.size * spec.size;
    const pixels = new Float32Array(ready.length * per);
    ready.forEach((r, i) => {
      modelInputToTensor(r.rgb, spec.preprocess, pixels, i * per);
    });
    return { jobs, ready: ready.map((r) => r.job), pixels };
  }

  async #infer(batch: PreparedBatch, spec: InputSpec): Promise<void> {
    if (batch.ready.length === 0) return;
    try {
      await this.inference.whenReady();
      const { vectors, executionProvider, providerNote } = await this.inference.request(
        'embedImages',
        { dir: this.model.dir, pixels: batch.pixels, count: batch.ready.length, size: spec.size },
      );
      this.options.onProvider?.({ executionProvider, providerNote });
      this.store.storeVectors(
        this.model.id,
        batch.ready.map((job, i) => ({ job, vector: vectors[i] ?? new Float32Array() })),
      );
      await this.options.inputs.remove(
        spec.pixels,
        batch.ready.map((j) => j.fingerprint),
      );
    } catch (error) {
      // See [Note: Disk full]: the vectors could not be stored, the photos are not at fault.
      if (isOutOfSpace(error)) throw error;
      const [only] = batch.ready;
      if (batch.ready.length === 1 && only) {
        this.store.failJob(
          this.model.id,
          only,
          `The model failed on this photo (${error instanceof Error ? error.message : String(error)}).`,
        );
        await this.options.inputs.remove(spec.pixels, [only.fingerprint]);
        return;
      }
      // Find the photo that broke the batch: one at a time (a photo that fails is retried once at most).
      for (const job of batch.ready) await this.#infer(await this.#prepare([job], spec), spec);
    }
  }

  /** The photo's model input: see [Note: Embedding input]. */
  async #input(job: EmbedJob, spec: ModelInputSpec): Promise<Buffer> {
    const made = await this.options.inputs.read(spec, job.fingerprint);
    if (made) return made;
    return renderModelInput(await decodeFile(job, this.options.helpers), spec);
  }
}
