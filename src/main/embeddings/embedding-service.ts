/**
 * @file Which model the library embeds with, and keeping its vectors complete: after every
 * ingest, photos without a vector for the active model are embedded in the background.
 * Which model is active is ModelManager's decision.
 */
import type { SearchGap } from '../search/search-gap';
import type Database from 'better-sqlite3';
import type { AppEvent } from '../../shared/events';
import { readSetting } from '../db/settings';
import type { InferenceClient } from '../inference/inference-client';
import type { DecodeHelpers } from '../library/decode-image';
import { EmbedRunner, type LoadedModel, type ModelRef } from './embed-runner';
import { EmbeddingStore } from './embedding-store';
import type { ModelInputCache } from './model-input-cache';
import { embedQuery } from './prompt-ensembles';
import { VectorIndex } from './vector-index';
import type { PauseGate } from '../jobs/pause-gate';

export interface EmbeddingServiceOptions {
  db: Database.Database;
  inference: InferenceClient;
  /** Model inputs made at ingest ([Note: Model input handoff]). */
  inputs: ModelInputCache;
  /** The model to embed with now (ModelManager decides). */
  activeModel: () => ModelRef | null;
  emit: (event: AppEvent) => void;
  /** Shared with the library (one exiftool, one set of HEIC threads); not disposed here. */
  helpers: DecodeHelpers;
  /** Where an installed model lives (null once removed). */
  modelDir: (id: string) => string | null;
  /** The pipeline's pause switch ([Note: Pipeline]). */
  gate?: PauseGate;
}

/** The model whose vectors answer queries, and the index of its vectors. */
export interface SearchModel extends ModelRef {
  dimension: number;
  index: VectorIndex;
}

/** Query vectors kept per (model, text): people retype and refine the same queries. */
const queryCacheSize = 256;

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
  #stopping: Promise<void> = Promise.resolve();
  readonly #queryCache = new Map<string, Float32Array>();
  /** One index per vector table, so its prepared statements outlive a query. */
  readonly #indexes = new Map<string, VectorIndex>();
  #inferenceInfo: InferenceInfo | null = null;

  constructor(private readonly options: EmbeddingServiceOptions) {
    this.store = new EmbeddingStore(options.db);
  }

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
      ...(threads !== undefined ? { threads } : {}),
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

  /** Keeps status current when an accelerator fails while running ([Note: Accelerator fallback]). */
  #noteProvider(
    modelId: string,
    provider: { executionProvider: string; providerNote: string | null },
  ): void {
    if (this.#inferenceInfo?.model === modelId)
      this.#inferenceInfo = { model: modelId, ...provider };
  }

  async run(): Promise<void> {
    const model = this.options.activeModel();
    if (!model) return;
    const key = `${model.id}\n${model.dir}`;
    // Decided synchronously, so concurrent calls (ingest wakes us often) share one runner.
    if (this.#runner === null || this.#runnerModel !== key) {
      // The user switched models: the new one starts once the old one has stopped; the old
      // vectors stay for search until the new ones are complete.
      const previous = this.#runner;
      this.#stopping = previous ? previous.dispose() : Promise.resolve();
      this.#runnerModel = key;
      this.#runner = new EmbedRunner({
        store: this.store,
        inference: this.options.inference,
        model,
        inputs: this.options.inputs,
        helpers: this.options.helpers,
        onProgress: (p) => {
          this.options.emit({
            type: 'job:progress',
            job: 'embed',
            done: p.done,
            total: p.total,
            rate: p.rate,
            etaSeconds: p.etaSeconds,
          });
        },
        loadModel: () => this.#load(model),
        ...(this.options.gate ? { gate: this.options.gate } : {}),
        onProvider: (provider) => {
          this.#noteProvider(model.id, provider);
        },
      });
    }
    const runner = this.#runner;
    await this.#stopping;
    await runner.run();
  }

  /**
   * The model search uses: the active one once its vectors are complete; until then (a model
   * switch re-embeds in the background) the installed model with the most vectors.
   */
  searchModel(): SearchModel | null {
    const active = this.options.activeModel();
    // Every search and tagging pass asks: the usual answer must not count vectors (a vec0
    // count(*) reads every chunk), only probe the job index.
    const installed = (m: { id: string }) => this.options.modelDir(m.id) !== null;
    const activeKnown = active
      ? this.store.modelRows().find((m) => m.id === active.id && installed(m))
      : undefined;
    let pick = activeKnown && !this.store.hasPending(activeKnown.id) ? activeKnown : undefined;
    if (!pick) {
      const others = this.store
        .models()
        .filter((m) => m.id !== active?.id && m.vectors > 0 && installed(m))
        .sort((a, b) => b.vectors - a.vectors);
      pick = others[0] ?? activeKnown;
    }
    const dir = pick ? this.options.modelDir(pick.id) : null;
    if (!pick || !dir) return null;
    return { id: pick.id, dir, dimension: pick.dimension, index: this.#index(pick) };
  }

  /**
   * Why searchModel() is null: no model at all, or none of the installed models has vectors
   * yet (`embeddedWith`: models with vectors that are not installed, e.g. removed after a switch).
   */
  searchGap(): SearchGap {
    const active = this.options.activeModel();
    if (!active) return { kind: 'no-model' };
    const embeddedWith = this.store
      .models()
      .filter((m) => m.id !== active.id && m.vectors > 0)
      .map((m) => m.id);
    return { kind: 'not-embedded', model: active.id, embeddedWith };
  }

  /** The vector index of a model that has a table. */
  #index(model: { id: string; dimension: number }): VectorIndex {
    const table = this.store.table(model.id);
    let index = this.#indexes.get(table);
    if (!index) {
      index = new VectorIndex(this.options.db, {
        modelId: model.id,
        table,
        dimension: model.dimension,
      });
      this.#indexes.set(table, index);
    }
    return index;
  }

  /**
   * The unit-length vector of a query text in `language` (ISO 639-1) for `model`: a short
   * query through its language's prompt ensemble, a sentence as typed ([Note: Prompt
   * ensembles]); cached per (model, language, text).
   */
  async embedText(
    model: ModelRef,
    text: string,
    language: string | null = null,
  ): Promise<Float32Array> {
    const key = `${model.id}\n${language ?? ''}\n${text}`;
    const cached = this.#queryCache.get(key);
    if (cached) {
      // Re-insert: the Map's order is the recency order.
      this.#queryCache.delete(key);
      this.#queryCache.set(key, cached);
      return cached;
    }
    const vector = await embedQuery(
      (texts, languages) => this.embedTexts(model, texts, languages),
      text,
      language,
    );
    this.#queryCache.set(key, vector);
    if (this.#queryCache.size > queryCacheSize) {
      const oldest = this.#queryCache.keys().next().value;
      if (oldest !== undefined) this.#queryCache.delete(oldest);
    }
    return vector;
  }

  /**
   * Unit-length vectors of several texts in one request (tag prompts); not cached.
   * `languages[i]` is text i's language, which NLLB towers need (null: unknown).
   */
  async embedTexts(
    model: ModelRef,
    texts: readonly string[],
    languages: readonly (string | null)[] = texts.map(() => null),
  ): Promise<Float32Array[]> {
    await this.options.inference.whenReady();
    const { vectors, executionProvider, providerNote } = await this.options.inference.request(
      'embedTexts',
      { dir: model.dir, texts: [...texts], languages: [...languages] },
    );
    this.#noteProvider(model.id, { executionProvider, providerNote });
    return vectors;
  }

  /** Every model with vectors in this library, the active one marked. */
  models(): ModelStatus[] {
    const active = this.options.activeModel()?.id ?? null;
    const known = this.store.models().map((m) => ({ ...m, active: m.id === active }));
    return known;
  }

  async dispose(): Promise<void> {
    await this.#runner?.dispose();
  }
}
