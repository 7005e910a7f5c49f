/**
 * @file Which model the library embeds with, and keeping its vectors complete: after every
 * ingest, photos without a vector for the active model are embedded in the background.
 * The active model is the one named by the `model.active` setting (installed under
 * `<home>/models/<id>`), else the bundled test-tiny model in development checkouts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { AppEvent } from '../../shared/events';
import type { InferenceClient } from '../inference/inference-client';
import { DecodeHelpers } from '../library/decode-image';
import { EmbedRunner, type ModelRef } from './embed-runner';
import { EmbeddingStore } from './embedding-store';

export interface EmbeddingServiceOptions {
  db: Database.Database;
  inference: InferenceClient;
  home: string;
  thumbsDir: string;
  /** Folder holding models that ship with this build (test-tiny in development). */
  bundledModelsDir: string;
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

  constructor(private readonly options: EmbeddingServiceOptions) {
    this.store = new EmbeddingStore(options.db);
  }

  /** The model new vectors are made with, or null when none is available. */
  activeModel(): ModelRef | null {
    const setting = this.options.db
      .prepare("SELECT value FROM settings WHERE key = 'model.active'")
      .get() as { value: string } | undefined;
    if (setting) {
      const id = JSON.parse(setting.value) as string;
      const dir = path.join(this.options.home, 'models', id);
      if (existsSync(path.join(dir, 'config.json'))) return { id, dir };
    }
    const bundled = path.join(this.options.bundledModelsDir, 'test-tiny');
    return existsSync(path.join(bundled, 'config.json')) ? { id: 'test-tiny', dir: bundled } : null;
  }

  /** Embeds every processed photo that lacks a vector for the active model. */
  run(): Promise<void> {
    const model = this.activeModel();
    if (!model) return Promise.resolve();
    if (this.#runner === null) {
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
    return this.#runner.run();
  }

  /** Every model with vectors (and the active one even before it has any). */
  models(): ModelStatus[] {
    const active = this.activeModel()?.id ?? null;
    const known = this.store.models().map((m) => ({ ...m, active: m.id === active }));
    return known;
  }

  async dispose(): Promise<void> {
    await this.#runner?.stop();
    await this.#helpers.dispose();
  }
}
