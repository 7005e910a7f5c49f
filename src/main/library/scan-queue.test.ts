/**
 * @file Scans asked for while another scan runs ([Note: Scan queue]): no folder is left out,
 * none is scanned twice for nothing, and each caller resolves when its own folders are done.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../../test/helpers/library';
import type { AppEvent } from '../../shared/events';
import { LibraryDatabase } from '../db/library-database';
import { DecodeHelpers } from './decode-image';
import { LibraryService } from './library-service';

/** Enough files that folder A's scan is still running well after its first progress event (at 100). */
const bigFolderFiles = 400;

let root: string;
let db: LibraryDatabase;
let helpers: DecodeHelpers;
let library: LibraryService;
let onEvent: (event: AppEvent) => void;

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-scanq-')));
  const home = path.join(root, 'home');
  mkdirSync(home);
  db = LibraryDatabase.open(path.join(home, 'library.db'));
  helpers = new DecodeHelpers();
  onEvent = () => undefined;
  // Built here rather than with openTestLibrary: the test needs the events as they happen.
  library = new LibraryService({
    helpers,
    db: db.db,
    home,
    thumbsDir: path.join(home, 'thumbs'),
    emit: (event) => {
      onEvent(event);
    },
  });
});

afterEach(async () => {
  await library.dispose();
  await helpers.dispose();
  db.close();
  rmSync(root, { recursive: true, force: true });
});

/** A folder of `count` real JPEGs; `same` writes one picture under many names (cheap to ingest). */
async function photoFolder(name: string, count: number, seed: number, same = false) {
  const dir = path.join(root, name);
  mkdirSync(dir);
  const shared = await makeJpeg(seed);
  for (let i = 0; i < count; i++)
    writeFileSync(path.join(dir, `img-${String(i)}.jpg`), same ? shared : await makeJpeg(seed + i));
  return dir;
}

/** Resolves at the scan's first progress event: a scan is running and has files still to go. */
function scanUnderway(): Promise<void> {
  return new Promise((resolve) => {
    onEvent = (event) => {
      if (event.type === 'job:progress' && event.job === 'scan') resolve();
    };
  });
}

/** Starts scanning folder A (many files) and resolves while that scan is still running. */
async function startBigScan() {
  const folderA = await library.addFolder(await photoFolder('a', bigFolderFiles, 100, true), false);
  const underway = scanUnderway();
  let done = false;
  const scanA = library.scan([folderA.id]).finally(() => {
    done = true;
  });
  await underway;
  return { folderA, scanA, running: () => !done };
}

/** Ready photos whose file lies in `dir`. */
const photosIn = (dir: string) =>
  library.store
    .photos(10_000, 0, true)
    .filter((p) => p.path?.startsWith(dir + path.sep) && p.state === 'ready');

describe('scan queue', () => {
  it("scans a folder added while another folder's scan is running", async () => {
    const { scanA, running } = await startBigScan();
    const dirB = await photoFolder('b', 3, 1);
    const folderB = await library.addFolder(dirB, false);
    // The point of the test: B is asked for while A is still being scanned.
    expect(running()).toBe(true);
    const scanB = library.scan([folderB.id]);

    const [, statsB] = await Promise.all([scanA, scanB]);
    await library.runJobs();

    expect(statsB.map((s) => s.added)).toEqual([3]);
    expect(photosIn(dirB)).toHaveLength(3);
    expect(library.store.folder(folderB.id)?.lastScanAt).not.toBeNull();
  });

  it('scans every folder asked for during a running scan, a queued one only once', async () => {
    const { folderA, scanA, running } = await startBigScan();
    const dirB = await photoFolder('b', 2, 10);
    const dirC = await photoFolder('c', 2, 20);
    const folderB = await library.addFolder(dirB, false);
    const folderC = await library.addFolder(dirC, false);
    expect(running()).toBe(true);
    // Two callers, as two added folders (or a burst and an added folder) would ask.
    const scans = [
      library.scan([folderB.id]),
      library.scan([folderC.id]),
      library.scan([folderB.id, folderC.id]),
    ];

    const [forB = [], forC = [], both] = await Promise.all(scans);
    const [statsB] = forB;
    const [statsC] = forC;
    await scanA;
    await library.runJobs();

    expect(photosIn(dirB)).toHaveLength(2);
    expect(photosIn(dirC)).toHaveLength(2);
    // B and C were queued when asked again: the callers share one scan of each.
    expect(both).toEqual([statsB, statsC]);
    expect(library.store.folder(folderB.id)?.scanGeneration).toBe(1);
    expect(library.store.folder(folderC.id)?.scanGeneration).toBe(1);
    expect(library.store.folder(folderA.id)?.scanGeneration).toBe(1);
  });

  it('scans a folder again when it is asked for while being scanned', async () => {
    const { folderA, scanA, running } = await startBigScan();
    expect(running()).toBe(true);
    // The running scan may already have passed this change, so it cannot answer for it.
    const dirA = folderA.path;
    writeFileSync(path.join(dirA, 'late.jpg'), await makeJpeg(7));
    const again = library.scan();

    await Promise.all([scanA, again]);
    await library.runJobs();

    expect(library.store.folder(folderA.id)?.scanGeneration).toBe(2);
    expect(photosIn(dirA).some((p) => p.path === path.join(dirA, 'late.jpg'))).toBe(true);
  });
});
