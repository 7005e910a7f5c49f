/**
 * @file Which model the library embeds with, and keeping its vectors complete: after every
 * ingest, photos without a vector for the active model are embedded in the background.
 * Which model is active is ModelManager's decision.
 */
import type Database from 'better-sqlite3';
import type { AppEvent } from '../../shared/events';
import { readSetting } from '../db/settings';
import type { InferenceClient } from '../inference/inference-client';
import type { DecodeHelpers } from '../library/decode-image';
import { EmbedRunner, type LoadedModel, type ModelRef } from './embed-runner';
import { EmbeddingStore } from './embedding-store';

export interface EmbeddingServiceOptions {
  db: Database.Database;
  inference: InferenceClient;
  thumbsDir: string;
  /** The model to embed with now (ModelManager decides). */
  activeModel: () => ModelRef | null;
  emit: (event: AppEvent) => void;
  /** Shared with the library (one exiftool, one set of HEIC threads); not disposed here. */
  helpers: DecodeHelpers;
}

export const providerChoices = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export type ProviderChoice = (typeof providerChoices)[number];

export interface InferenceInfo {
  model: string;
  executionProvider: string;
  providerNote: string | null;
}

export interface ModelStatus {
  id: string;
  active: boolean;
  dimension: number;
  vectors: number;
}

export class EmbeddingService {
  readonly store: EmbeddingStore;
  #runner: EmbedRunner | null = null;
  #runnerModel = '';
  #inferenceInfo: InferenceInfo | null = null;

  constructor(private readonly options: EmbeddingServiceOptions) {
    this.store = new EmbeddingStore(options.db);
  }

  /** Embeds every processed photo that lacks a vector for the active model. */
  /** What the active model runs on, once it has been loaded (null before). */
  get inferenceInfo(): InferenceInfo | null {
    return this.#inferenceInfo;
  }

  /**
   * How to load models: `FOTOGLOT_PROVIDER` (auto, cpu, webgpu, cuda, dml, coreml) or the
   * `inference.provider` setting, and `inference.threads`; auto and cores − 1 by default.
   */
  loadOptions(): { provider: ProviderChoice; threads?: number } {
    const raw = process.env.FOTOGLOT_PROVIDER ?? readSetting(this.options.db, 'inference.provider');
    const provider = (providerChoices as readonly unknown[]).includes(raw)
      ? (raw as ProviderChoice)
      : 'auto';
    const threads = readSetting(this.options.db, 'inference.threads');
    return {
      provider,
      ...(typeof threads === 'number' && Number.isInteger(threads) && threads > 0
        ? { threads }
        : {}),
    };
  }

  /** Loads the active model now (the worker keeps it) and reports what it runs on. */
  async probe(): Promise<InferenceInfo | null> {
    const model = this.options.activeModel();
    if (!model) return null;
    await this.#load(model);
    return this.#inferenceInfo;
  }

  /** Loads `model` in the worker with the user's provider settings; remembers what it runs on. */
  async #load(model: ModelRef): Promise<LoadedModel> {
    await this.options.inference.whenReady();
    const info = await this.options.inference.request('loadModel', {
      dir: model.dir,
      ...this.loadOptions(),
    });
    this.#inferenceInfo = {
      model: model.id,
      executionProvider: info.executionProvider,
      providerNote: info.providerNote,
    };
    return info;
  }

  async run(): Promise<void> {
    const model = this.options.activeModel();
    if (!model) return;
    if (this.#runner !== null && this.#runnerModel !== `${model.id}\n${model.dir}`) {
      // The user switched models: the new one starts while the old vectors stay for search.
      await this.#runner.stop();
      this.#runner = null;
    }
    if (this.#runner === null) {
      this.#runnerModel = `${model.id}\n${model.dir}`;
      this.#runner = new EmbedRunner(
        this.store,
        this.options.inference,
        model,
        this.options.thumbsDir,
        this.options.helpers,
        (p) => {
          this.options.emit({
            type: 'job:progress',
            job: 'embed',
            done: p.done,
            total: p.total,
            rate: p.rate,
            etaSeconds: p.etaSeconds,
          });
        },
        () => this.#load(model),
      );
    }
    await this.#runner.run();
  }

  /** Every model with vectors in this library, the active one marked. */
  models(): ModelStatus[] {
    const active = this.options.activeModel()?.id ?? null;
    const known = this.store.models().map((m) => ({ ...m, active: m.id === active }));
    return known;
  }

  async dispose(): Promise<void> {
    await this.#runner?.stop();
  }
}
