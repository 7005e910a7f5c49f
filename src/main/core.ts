/**
 * @file The core services of one running Fotoglot, shared by every host (Electron, server,
 * CLI): the library database, the inference process and the event stream.
 */
import { mkdirSync } from 'node:fs';
import type { AppEvent } from '../shared/events';
import { Emitter } from '../shared/emitter';
import { homeLayout } from './app-home';
import { LibraryDatabase } from './db/library-database';
import { InferenceClient, type InferenceClientOptions } from './inference/inference-client';
import { bundlePaths } from './bundle-paths';
import { EmbeddingService } from './embeddings/embedding-service';
import { DecodeHelpers } from './library/decode-image';
import { LibraryService, type LibraryServiceOptions } from './library/library-service';
import { ModelManager } from './models/model-manager';
import type { WorkerLauncher } from './inference/worker-launcher';

export interface CoreOptions {
  home: string;
  launchWorker: WorkerLauncher;
  inference?: Omit<InferenceClientOptions, 'launch'>;
  library?: Pick<LibraryServiceOptions, 'concurrency' | 'watcher'>;
  /** Where bundled models (test-tiny) are; default: beside the built app. */
  bundledModelsDir?: string;
}

const fsProblems: Record<string, string> = {
  ENOTDIR: 'part of that path is a file, not a folder',
  EEXIST: 'a file with that name is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
};

function ensureDataDir(home: string): void {
  try {
    mkdirSync(home, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = fsProblems[code] ?? (error instanceof Error ? error.message : String(error));
    throw new Error(
      `Cannot use ${home} as the data directory: ${why}. Choose another with --home or FOTOGLOT_HOME.`,
    );
  }
}

export class Core {
  readonly home: string;
  readonly db: LibraryDatabase;
  readonly inference: InferenceClient;
  readonly library: LibraryService;
  readonly embeddings: EmbeddingService;
  readonly models: ModelManager;
  readonly #events = new Emitter<AppEvent>();
  /** One exiftool process and one set of HEIC threads for ingest, previews and embedding. */
  readonly #helpers = new DecodeHelpers();
  readonly #disposers: (() => void)[] = [];

  private constructor(options: CoreOptions) {
    this.home = options.home;
    ensureDataDir(options.home);
    this.db = LibraryDatabase.open(homeLayout(options.home).database);
    this.inference = new InferenceClient({ ...options.inference, launch: options.launchWorker });
    const emit = (event: AppEvent) => {
      this.emit(event);
    };
    this.models = new ModelManager(
      this.db.db,
      options.home,
      options.bundledModelsDir ?? bundlePaths().bundledModelsDir,
    );
    this.embeddings = new EmbeddingService({
      helpers: this.#helpers,
      db: this.db.db,
      inference: this.inference,
      thumbsDir: homeLayout(options.home).thumbs,
      activeModel: () => this.models.active(),
      emit,
    });
    this.library = new LibraryService({
      ...options.library,
      helpers: this.#helpers,
      db: this.db.db,
      home: options.home,
      thumbsDir: homeLayout(options.home).thumbs,
      emit,
      // Every ingest is followed by embedding, so search covers new photos.
      onIngested: () => this.embeddings.run(),
    });
    this.#disposers.push(
      this.inference.onStatus((status) => {
        this.#events.emit({ type: 'worker:status', status });
      }),
    );
  }

  /** Opens the database and starts the inference process. */
  static open(options: CoreOptions): Core {
    const core = new Core(options);
    core.inference.start();
    return core;
  }

  /** Publishes an event to every `app:events` subscriber. */
  emit(event: AppEvent): void {
    this.#events.emit(event);
  }

  /**
   * Subscribes to everything `app:events` streams. With `replay`, the listener first gets the
   * current state (worker status), so a client that connects late misses nothing.
   */
  onEvent(listener: (event: AppEvent) => void, options: { replay?: boolean } = {}): () => void {
    if (options.replay) listener({ type: 'worker:status', status: this.inference.status });
    return this.#events.on(listener);
  }

  async dispose(): Promise<void> {
    for (const dispose of this.#disposers.splice(0)) dispose();
    await this.library.dispose();
    await this.embeddings.dispose();
    await this.#helpers.dispose();
    await this.inference.dispose();
    this.db.close();
    this.#events.dispose();
  }
}
