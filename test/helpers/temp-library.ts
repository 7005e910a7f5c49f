/** @file Opens a real LibraryService over a real database in a temporary home (tests and benchmarks). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelInputCache } from '../../src/main/embeddings/model-input-cache';
import type { ModelInputSpec } from '../../src/main/inference/model-input';
import { PauseGate } from '../../src/main/jobs/pause-gate';
import { LibraryDatabase } from '../../src/main/db/library-database';
import { DecodeHelpers } from '../../src/main/library/decode-image';
import type { FolderWatcherOptions } from '../../src/main/library/folder-watcher';
import { LibraryService } from '../../src/main/library/library-service';
import { Emitter } from '../../src/shared/emitter';
import type { AppEvent } from '../../src/shared/events';

export interface TestLibrary {
  home: string;
  db: LibraryDatabase;
  library: LibraryService;
  /** The pause switch the library's ingest waits at ([Note: Pipeline]). */
  gate: PauseGate;
  events: AppEvent[];
  /**
   * Resolves once `check` passes: at once, or after one of the events the library emits
   * (a watcher change, progress, …). Tests wait with this, never with a sleep.
   */
  until(check: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export function openTestLibrary(
  options: {
    watcher?: FolderWatcherOptions;
    reconcileIntervalMs?: number;
    concurrency?: number;
    /** Benchmarks turn this off so kept events do not count in their memory figures. */
    recordEvents?: boolean;
    /** Also render this model input at ingest, as the app does for its active model. */
    modelInput?: ModelInputSpec;
  } = {},
): TestLibrary {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-lib-'));
  const db = LibraryDatabase.open(path.join(home, 'library.db'));
  const events: AppEvent[] = [];
  const emitted = new Emitter<AppEvent>();
  const helpers = new DecodeHelpers();
  const gate = new PauseGate();
  const library = new LibraryService({
    helpers,
    gate,
    db: db.db,
    home,
    thumbsDir: path.join(home, 'thumbs'),
    emit: (e) => {
      if (options.recordEvents !== false) events.push(e);
      emitted.emit(e);
    },
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.watcher ? { watcher: options.watcher } : {}),
    ...(options.reconcileIntervalMs ? { reconcileIntervalMs: options.reconcileIntervalMs } : {}),
    ...(options.modelInput
      ? {
          modelInput: {
            cache: new ModelInputCache(path.join(home, 'model-inputs'), Infinity),
            spec: () => options.modelInput ?? null,
          },
        }
      : {}),
  });
  return {
    home,
    db,
    library,
    gate,
    events,
    until: (check) =>
      new Promise((resolve) => {
        if (check()) {
          resolve();
          return;
        }
        const off = emitted.on(() => {
          if (!check()) return;
          off();
          resolve();
        });
      }),
    close: async () => {
      await library.dispose();
      emitted.dispose();
      await helpers.dispose();
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
