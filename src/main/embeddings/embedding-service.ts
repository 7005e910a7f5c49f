/**
 * @file Which model the library embeds with, and keeping its vectors complete: after every
 * ingest, photos without a vector for the active model are embedded in the background.
 * Which model is active is ModelManager's decision.
 */
import type Database from 'better-sqlite3';
import type { AppEvent } from '../../shared/events';
import type { InferenceClient } from '../inference/inference-client';
import { DecodeHelpers } from '../library/decode-image';
import { EmbedRunner, type ModelRef } from './embed-runner';
import { EmbeddingStore } from './embedding-store';

export interface EmbeddingServiceOptions {
  db: Database.Database;
  inference: InferenceClient;
  thumbsDir: string;
  /** The model to embed with now (ModelManager decides). */
  activeModel: () => ModelRef | null;
  emit: (event: AppEvent) => void;
}

export interface ModelStatus {
  id: string;
  active: boolean;
  dimension: number;
  vectors: number;
}

export class EmbeddingService {
  readonly store: EmbeddingStore;
  readonly #helpers = new DecodeHelpers();
  #runner: EmbedRunner | null = null;
  #runnerModel = '';

  constructor(private readonly options: EmbeddingServiceOptions) {
    this.store = new EmbeddingStore(options.db);
  }

  /** Embeds every processed photo that lacks a vector for the active model. */
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
        this.#helpers,
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
    await this.#helpers.dispose();
  }
}
