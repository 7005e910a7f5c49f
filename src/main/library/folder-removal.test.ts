/**
 * Removing a folder through the channels every host uses, against a real core: its photos
 * leave the library, every decision the user made on them stays, and Undo (restore), adding
 * the folder again or a folder around it brings them back as they were, without importing
 * again (see [Note: Removed folders]). Jobs never end on a count that says work is left.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelValue } from '../../shared/contract';
import type { AppEvent } from '../../shared/events';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';
import { createHandlers, type Handlers } from '../app-handlers';
import { dispatch } from '../dispatch';

let t: TestCore;
let h: Handlers;
let trip: string;
let home: string;
const events: AppEvent[] = [];

/** A channel as a host calls it (validated arguments); its failure as an error. */
async function call<C extends Channel>(channel: C, args: unknown): Promise<ChannelValue<C>> {
  const result = await dispatch(h, channel, args);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ChannelValue<C>;
}
const idOf = (file: string) =>
  t.core.db.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(file) as number;
const visible = async () =>
  (await call('photos:list', { limit: 100, offset: 0 })).photos.map((p) => p.path).sort();
/** Everything the user decided about the trip's photos, and what ingest and embedding made. */
const decisions = () =>
  t.core.db.db
    .prepare(
      `SELECT f.path, t.name, t.source, t.state FROM photo_tags t JOIN files f ON f.photo_id = t.photo_id
        WHERE f.path LIKE ? ORDER BY f.path, t.name`,
    )
    .all(`${trip}%`);
const derived = () =>
  t.core.db.db
    .prepare(
      `SELECT p.id, p.updated_at, p.placeholder, p.captured_at FROM photos p JOIN files f ON f.photo_id = p.id
        WHERE f.path LIKE ? ORDER BY p.id`,
    )
    .all(`${trip}%`);
let tripId = 0;

beforeAll(async () => {
  t = openTestCore();
  trip = path.join(t.photos, 'trip');
  home = path.join(t.photos, 'home');
  mkdirSync(trip);
  mkdirSync(home);
  await writeColourPhoto(path.join(trip, 'red.jpg'), colours.red, 1);
  await writeColourPhoto(path.join(trip, 'blue.jpg'), colours.blue, 2);
  await writeColourPhoto(path.join(trip, 'yellow.jpg'), colours.yellow, 3);
  await writeColourPhoto(path.join(home, 'green.jpg'), colours.green, 4);
  t.core.updateSettings({ language: 'de' });
  h = createHandlers(t.core);
  t.core.onEvent((e) => events.push(e));
  await call('library:index', { folders: [trip, home], watch: false });
  await call('jobs:run', undefined);
  tripId = (await call('library:folders', undefined)).find((f) => f.path === trip)?.id ?? 0;
  // The user's own decisions: a tag added, a suggestion accepted, one rejected.
  await t.core.tags.add(idOf(path.join(trip, 'red.jpg')), 'Urlaub');
  await t.core.tags.accept(idOf(path.join(trip, 'blue.jpg')), 'blau');
  t.core.tags.reject(idOf(path.join(trip, 'yellow.jpg')), 'gelb');
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('removing a folder', () => {
  it('takes its photos out of the library and keeps every decision for a restore', async () => {
    const kept = decisions();
    const made = derived();
    expect(kept).toContainEqual(expect.objectContaining({ name: 'Urlaub', source: 'user' }));
    expect(kept).toContainEqual(expect.objectContaining({ name: 'blue', state: 'accepted' }));
    expect(kept).toContainEqual(expect.objectContaining({ name: 'yellow', state: 'rejected' }));

    const removed = await call('library:removeFolder', { id: tripId });
    expect(removed).toMatchObject({ removedPhotos: 3, folder: { path: trip, photoCount: 3 } });
    expect(await visible()).toEqual([path.join(home, 'green.jpg')]);
    expect((await call('library:folders', undefined)).map((f) => f.path)).toEqual([home]);
    expect(await call('library:removedFolders', undefined)).toEqual([
      expect.objectContaining({ id: tripId, path: trip, photoCount: 3 }),
    ]);
    // No stage counts the trip's photos as waiting, and none counts them as missing.
    const info = await call('app:info', undefined);
    expect(info.stages.find((s) => s.name === 'ingest')).toMatchObject({ done: 1, total: 1 });
    expect(t.core.library.store.photoCount()).toEqual({ visible: 1, missing: 0 });
    // Search and tags do not find them either.
    expect((await call('tags:list', undefined)).map((x) => x.name)).not.toContain('Urlaub');
    const found = await call('photos:search', { query: 'rot', all: true, language: 'de' });
    expect(found.results.map((r) => r.path)).not.toContain(path.join(trip, 'red.jpg'));
    // Nor does the Searchable count, a tag's review, a bookmark or a stale selection.
    expect(info.stages.find((s) => s.name === 'embed')).toMatchObject({ done: 1, total: 1 });
    for (const tag of ['blau', 'gelb', 'rot'])
      expect(
        (await call('tags:suggestions', { name: tag })).photos.map((x) => x.photoId),
      ).not.toContain(idOf(path.join(trip, 'red.jpg')));
    await expect(call('photos:get', { id: idOf(path.join(trip, 'red.jpg')) })).rejects.toThrow(
      /removed folder/,
    );
    expect(
      await call('tags:addMany', { photoIds: [idOf(path.join(trip, 'red.jpg'))], name: 'Strand' }),
    ).toEqual({ photos: 0 });

    const restored = await call('library:restoreFolder', { id: tripId });
    expect(restored).toMatchObject({ id: tripId, path: trip, photoCount: 3 });
    // Back at once, as they were: same photos, same decisions, nothing imported again.
    expect(await visible()).toHaveLength(4);
    expect(decisions()).toEqual(kept);
    expect(derived()).toEqual(made);
    expect(await call('library:removedFolders', undefined)).toEqual([]);
    await t.core.library.scan([tripId]);
    await t.core.library.runJobs();
    expect(derived()).toEqual(made);
  });

  it('brings the decisions back when the same folder, or one around it, is added again', async () => {
    const kept = decisions();
    await call('library:removeFolder', { id: tripId });
    const again = await call('library:addFolder', { path: trip, watch: false });
    await t.core.library.scan();
    expect(again.id).toBe(tripId);
    expect(decisions()).toEqual(kept);
    expect(await visible()).toHaveLength(4);

    await call('library:removeFolder', { id: tripId });
    await call('library:removeFolder', {
      id: (await call('library:folders', undefined))[0]?.id ?? 0,
    });
    expect(await visible()).toEqual([]);
    const around = await call('library:addFolder', { path: t.photos, watch: false });
    tripId = around.id;
    await t.core.library.scan();
    expect(await visible()).toHaveLength(4);
    expect(decisions()).toEqual(kept);
    expect(await call('library:removedFolders', undefined)).toEqual([]);
  });

  it('forgets a removed folder for good only when asked, and says what a wrong id needs', async () => {
    await expect(call('library:forgetFolder', { id: tripId })).rejects.toThrow(
      /remove the folder first/,
    );
    await expect(call('library:restoreFolder', { id: 999 })).rejects.toThrow(
      /fotoglot folders --removed/,
    );
    await call('library:removeFolder', { id: tripId });
    expect(await call('library:forgetFolder', { id: tripId })).toEqual({
      forgottenPhotos: 4,
    });
    expect(t.core.library.store.photos(100, 0, true)).toEqual([]);
  });
});

describe('job progress', () => {
  it('never reports a job with nothing to do, and ends every run on done = total', async () => {
    const again = path.join(t.photos, 'again');
    mkdirSync(again);
    await writeColourPhoto(path.join(again, 'red.jpg'), colours.red, 7);
    events.length = 0;
    await call('library:index', { folders: [again], watch: false });
    await call('jobs:run', undefined);
    // A rescan with nothing new, then runs with nothing pending.
    await t.core.library.scan();
    await t.core.library.runJobs();
    await t.core.embeddings.run();
    const progress = events.flatMap((e) => (e.type === 'job:progress' ? [e] : []));
    expect(progress.filter((e) => e.job === 'ingest').length).toBeGreaterThan(0);
    expect(progress.filter((e) => e.total === 0)).toEqual([]);
    for (const job of new Set(progress.map((e) => e.job))) {
      const last = progress.filter((e) => e.job === job).at(-1);
      expect(last && last.done >= last.total, job).toBe(true);
    }
  });
});
