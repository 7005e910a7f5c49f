/** @file Opens a real LibraryService over a real database in a temporary home (tests and benchmarks). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryDatabase } from '../../src/main/db/library-database';
import { DecodeHelpers } from '../../src/main/library/decode-image';
import type { FolderWatcherOptions } from '../../src/main/library/folder-watcher';
import { LibraryService } from '../../src/main/library/library-service';
import type { AppEvent } from '../../src/shared/events';

export interface TestLibrary {
  home: string;
  db: LibraryDatabase;
  library: LibraryService;
  events: AppEvent[];
  close(): Promise<void>;
}

export function openTestLibrary(
  options: {
    watcher?: FolderWatcherOptions;
    reconcileIntervalMs?: number;
    concurrency?: number;
    /** Benchmarks turn this off so kept events do not count in their memory figures. */
    recordEvents?: boolean;
  } = {},
): TestLibrary {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-lib-'));
  const db = LibraryDatabase.open(path.join(home, 'library.db'));
  const events: AppEvent[] = [];
  const helpers = new DecodeHelpers();
  const library = new LibraryService({
    helpers,
    db: db.db,
    home,
    thumbsDir: path.join(home, 'thumbs'),
    emit: (e) => {
      if (options.recordEvents !== false) events.push(e);
    },
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.watcher ? { watcher: options.watcher } : {}),
    ...(options.reconcileIntervalMs ? { reconcileIntervalMs: options.reconcileIntervalMs } : {}),
  });
  return {
    home,
    db,
    library,
    events,
    close: async () => {
      await library.dispose();
      await helpers.dispose();
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
