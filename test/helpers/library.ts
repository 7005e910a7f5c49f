/** @file Opens a real LibraryService over a real database in a temporary home, for tests. */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { LibraryDatabase } from '../../src/main/db/library-database';
import type { FolderWatcherOptions } from '../../src/main/library/folder-watcher';
import { DecodeHelpers } from '../../src/main/library/decode-image';
import { LibraryService } from '../../src/main/library/library-service';
import type { AppEvent } from '../../src/shared/events';

/** ../shared/data/photos by its real path: the library stores real paths (shared/ may be a link). */
export const sharedPhotos = realpathSync(
  path.resolve(import.meta.dirname, '../../../shared/data/photos'),
);

export interface TestLibrary {
  home: string;
  db: LibraryDatabase;
  library: LibraryService;
  events: AppEvent[];
  close(): Promise<void>;
}

export function openTestLibrary(
  options: { watcher?: FolderWatcherOptions; reconcileIntervalMs?: number } = {},
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
    emit: (e) => events.push(e),
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

/** A real JPEG of one flat colour, distinct per `seed`, with EXIF capture time. */
export async function makeJpeg(
  seed: number,
  width = 64,
  height = 48,
  date = '2021:07:14 09:30:00',
): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 53) % 256, g: (seed * 101) % 256, b: (seed * 197) % 256 },
    },
  })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'Fotoglot', Model: 'Test Camera' },
      IFD2: { DateTimeOriginal: date },
    })
    .toBuffer();
}
