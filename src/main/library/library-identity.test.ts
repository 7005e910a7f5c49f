/** Identity (renames, deletes, edits), nested folders and watching, with real files in temp folders. */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  realpathSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  makeJpeg,
  openTestLibrary,
  sharedPhotos,
  type TestLibrary,
} from '../../../test/helpers/library';
import { TagStore } from '../tagging/tag-store';
import { fingerprintFile } from './fingerprint';
import { thumbPath } from './thumbnails';

let lib: TestLibrary;
let photos: string;

beforeEach(() => {
  lib = openTestLibrary({ watcher: { stabilityMs: 300, pollIntervalMs: 100 } });
  photos = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-photos-')));
});
afterEach(async () => {
  await lib.close();
  rmSync(photos, { recursive: true, force: true });
});

const listed = () => lib.library.store.photos(1000, 0, true);
const byName = (name: string) =>
  listed().find((p) => p.path !== null && path.basename(p.path) === name);

async function index(): Promise<void> {
  await lib.library.index([photos], false);
}

describe('photo identity', () => {
  it('keeps the id and the tags when a file is renamed or moved', async () => {
    writeFileSync(path.join(photos, 'beach.jpg'), await makeJpeg(1));
    await index();
    const before = byName('beach.jpg');
    expect(before?.state).toBe('ready');
    const tags = new TagStore(lib.db.db);
    tags.accept(before?.id ?? 0, 'Strand');

    mkdirSync(path.join(photos, '2021'));
    renameSync(path.join(photos, 'beach.jpg'), path.join(photos, '2021', 'holiday.jpg'));
    await index();
    const after = byName('holiday.jpg');
    expect(after?.id).toBe(before?.id);
    expect(after?.missing).toBe(false);
    expect(tags.photoTags(after?.id ?? 0)).toContainEqual(
      expect.objectContaining({ name: 'Strand', source: 'user', state: 'accepted' }),
    );
    expect(listed()).toHaveLength(1);
  });

  it('marks a deleted photo missing with its tags, and brings it back when the file returns', async () => {
    const file = path.join(photos, 'cat.jpg');
    writeFileSync(file, await makeJpeg(2));
    await index();
    const id = byName('cat.jpg')?.id ?? 0;
    const tags = new TagStore(lib.db.db);
    tags.accept(id, 'Katze');

    const bytes = await makeJpeg(2);
    unlinkSync(file);
    const gone = await lib.library.index([photos], false);
    expect(gone.missing).toBe(1);
    expect(gone.photos).toBe(0);
    expect(listed().find((p) => p.id === id)?.missing).toBe(true);
    expect(lib.library.photos(100, 0).photos).toHaveLength(0);

    writeFileSync(path.join(photos, 'cat-restored.jpg'), bytes);
    await index();
    const back = listed().find((p) => p.id === id);
    expect(back?.missing).toBe(false);
    expect(tags.photoTags(id)).toContainEqual(
      expect.objectContaining({ name: 'Katze', source: 'user', state: 'accepted' }),
    );
  });

  it('re-processes a file whose content changed, keeping its id and dropping the old thumbnails', async () => {
    const file = path.join(photos, 'edit.jpg');
    writeFileSync(file, await makeJpeg(3, 64, 48));
    await index();
    const before = listed()[0];
    const thumbs = path.join(lib.home, 'thumbs');
    expect(existsSync(thumbPath(thumbs, before?.fingerprint ?? '', 'grid'))).toBe(true);

    writeFileSync(file, await makeJpeg(4, 40, 80)); // an edit: new pixels, new size
    await index();
    const after = listed()[0];
    expect(after?.id).toBe(before?.id);
    expect(after?.fingerprint).not.toBe(before?.fingerprint);
    expect([after?.width, after?.height]).toEqual([40, 80]);
    expect(existsSync(thumbPath(thumbs, before?.fingerprint ?? '', 'grid'))).toBe(false);
    expect(existsSync(thumbPath(thumbs, after?.fingerprint ?? '', 'grid'))).toBe(true);
  });

  it('counts a photo once when nested folders are added in either order', async () => {
    mkdirSync(path.join(photos, 'inner'));
    writeFileSync(path.join(photos, 'inner', 'a.jpg'), await makeJpeg(5));
    writeFileSync(path.join(photos, 'b.jpg'), await makeJpeg(6));
    await lib.library.index([path.join(photos, 'inner')], false);
    await lib.library.index([photos], false);
    expect(lib.library.folders().map((f) => f.path)).toEqual([photos]);
    await lib.library.index([path.join(photos, 'inner'), photos], false);
    expect(lib.library.folders()).toHaveLength(1);
    expect(listed()).toHaveLength(2);
    expect(lib.library.folders()[0]?.photoCount).toBe(2);
  });

  it('removes a folder, then forgets it for good, without touching the files', async () => {
    writeFileSync(path.join(photos, 'keep.jpg'), await makeJpeg(7));
    await index();
    const folder = lib.library.folders()[0];
    expect((await lib.library.removeFolder(folder?.id ?? 0)).removedPhotos).toBe(1);
    // Set aside, not forgotten ([Note: Removed folders]): forgetting is a second step.
    expect(listed()).toHaveLength(1);
    expect(await lib.library.forgetFolder(folder?.id ?? 0)).toBe(1);
    expect(listed()).toHaveLength(0);
    expect(existsSync(path.join(photos, 'keep.jpg'))).toBe(true);
    expect(await lib.library.sweepThumbnails()).toBe(0); // removal already deleted its thumbnails
  });

  it('reports empty files, odd names and unreadable folders, and skips hidden ones and its own data', async () => {
    writeFileSync(path.join(photos, 'empty.jpg'), '');
    writeFileSync(
      Buffer.concat([
        Buffer.from(`${photos}/bad-`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('.jpg'),
      ]),
      await makeJpeg(8),
    );
    writeFileSync(path.join(photos, 'fake.jpg'), 'this is not a jpeg at all');
    writeFileSync(path.join(photos, 'no-extension'), await makeJpeg(9)); // found by content
    mkdirSync(path.join(photos, '.hidden'));
    writeFileSync(path.join(photos, '.hidden', 'secret.jpg'), await makeJpeg(10));
    const summary = await lib.library.index([photos], false);
    const reasons = Object.fromEntries(
      summary.problems.map((p) => [path.basename(p.path), p.reason]),
    );
    expect(reasons['empty.jpg']).toMatch(/empty/);
    expect(reasons['fake.jpg']).toMatch(/not an image/);
    expect(Object.entries(reasons).find(([name]) => name.startsWith('bad-'))?.[1]).toMatch(/UTF-8/);
    expect(listed().map((p) => path.basename(p.path ?? ''))).toEqual(['no-extension']);
    expect(summary.photos).toBe(1);
    // A data directory inside a photo folder is never scanned.
    await expect(lib.library.addFolder(lib.home, true)).rejects.toThrow(/data folder/);
  });
});

describe('watching', () => {
  // Each wait below ends on an event the library emits (`library:changed` once the watcher's
  // change has been processed), never on a timer.

  it('picks up added, changed and deleted photos while running', async () => {
    await lib.library.addFolder(photos, true);
    await lib.library.start();
    await lib.library.watchersReady();
    expect(lib.library.folders()[0]?.watchMode).toBe('native');

    writeFileSync(path.join(photos, 'new.jpg'), await makeJpeg(11, 64, 48));
    await lib.until(() => byName('new.jpg')?.state === 'ready');

    writeFileSync(path.join(photos, 'new.jpg'), await makeJpeg(12, 30, 90));
    await lib.until(() => byName('new.jpg')?.width === 30);

    unlinkSync(path.join(photos, 'new.jpg'));
    await lib.until(() => lib.library.photos(10, 0).photos.length === 0);
    expect(listed()[0]?.missing).toBe(true);
  });

  it('does not ingest a photo until it has finished being written', async () => {
    await lib.library.addFolder(photos, true);
    await lib.library.start();
    await lib.library.watchersReady();
    const bytes = await makeJpeg(13, 400, 300);
    const file = path.join(photos, 'slow-copy.jpg');
    writeFileSync(file, bytes.subarray(0, 200)); // the copy has begun
    // The copier is slow, on purpose (not a wait for the app): the rest arrives within the
    // watcher's stability time (300 ms here), so the half file must never be ingested.
    await new Promise((r) => setTimeout(r, 150));
    writeFileSync(file, bytes); // and finished
    await lib.until(() => byName('slow-copy.jpg')?.state === 'ready');
    expect(lib.library.problems()).toEqual([]);
    expect(byName('slow-copy.jpg')?.width).toBe(400);
  });

  it('falls back to polling when the OS watch limit is hit, says so, and still sees changes', async () => {
    await lib.close();
    lib = openTestLibrary({
      watcher: { stabilityMs: 300, pollIntervalMs: 100, simulateWatchLimit: true },
      reconcileIntervalMs: 500,
    });
    await lib.library.addFolder(photos, true);
    await lib.library.start();
    await lib.library.watchersReady();
    expect(lib.library.folders()[0]?.watchMode).toBe('polling');
    expect(lib.events).toContainEqual(
      expect.objectContaining({
        type: 'library:watchMode',
        mode: 'polling',
        reason: expect.stringMatching(/limit on watched folders/) as unknown,
      }),
    );
    copyFileSync(
      path.join(sharedPhotos, 'exif-samples/jpg/gps/DSCN0010.jpg'),
      path.join(photos, 'gps.jpg'),
    );
    await lib.until(() => byName('gps.jpg')?.state === 'ready');
    expect(byName('gps.jpg')?.gps?.lat).toBeCloseTo(43.4674, 3);
  });
});

describe('jobs', () => {
  it('does not strand work queued while a run is finishing', async () => {
    const file = path.join(photos, 'late.jpg');
    writeFileSync(file, await makeJpeg(40));
    const folder = await lib.library.addFolder(photos, false);
    const handle = await open(file, 'r');
    const size = (await handle.stat()).size;
    const fingerprint = await fingerprintFile(handle, size);
    const mtimeMs = Math.trunc((await handle.stat()).mtimeMs);
    await handle.close();
    // The first run finds nothing synchronously and is about to end…
    const first = lib.library.runJobs();
    // …when a watcher event queues a photo and asks for a run.
    lib.library.store.recordFile({
      path: file,
      folderId: folder.id,
      size,
      mtimeMs,
      fingerprint,
      format: 'jpeg',
      generation: 1,
    });
    const second = lib.library.runJobs();
    await Promise.all([first, second]);
    expect(lib.library.store.countJobs()).toEqual({ pending: 0, done: 1, failed: 0 });
  });

  it('pause holds the pipeline and resume finishes it, with progress events along the way', async () => {
    for (let i = 0; i < 12; i++)
      writeFileSync(path.join(photos, `p${String(i)}.jpg`), await makeJpeg(20 + i));
    await lib.library.addFolder(photos, false);
    await lib.library.scan();
    lib.gate.pause();
    // Every ingest lane stops at the gate before its first photo.
    const waiting = new Promise<void>((resolve) => {
      const off = lib.gate.onWaiting(() => {
        off();
        resolve();
      });
    });
    let finished = false;
    const run = lib.library.runJobs().then(() => (finished = true));
    await waiting;
    expect(finished).toBe(false);
    expect(lib.library.store.countJobs().pending).toBe(12);
    lib.gate.resume();
    await run;
    expect(lib.library.store.countJobs()).toEqual({ pending: 0, done: 12, failed: 0 });
    const progress = lib.events.filter((e) => e.type === 'job:progress' && e.job === 'ingest');
    expect(progress.at(-1)).toMatchObject({ done: 12, total: 12 });
  });
});
