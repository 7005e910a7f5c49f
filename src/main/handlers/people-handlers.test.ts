/**
 * The People view's channels (people:faces|photos|split|move|notThis|cover, photos:faces)
 * through dispatch against the real core: real LFW photos of ../shared/data/faces indexed by the
 * real faces stage, decisions that hold through re-clustering, a restart and a database recovery
 * (replayed from the persons journal), and bad arguments
 * refused with a clear error.
 */
import { closeSync, copyFileSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelArgs, ChannelValue, Channel } from '../../shared/contract';
import type { PersonSummary } from '../../shared/people-schemas';
import { createHandlers, type Handlers } from '../app-handlers';
import { dispatch } from '../dispatch';
import { openCoreAt, openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { sharedData } from '../../../test/helpers/face-descriptors';

const identities = ['Colin_Powell', 'Tony_Blair', 'Vladimir_Putin'];
let t: TestCore;
let home: string;
let handlers: Handlers;

/** Calls a channel as a host does (validated by zod); throws the core's error message. */
async function call<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<ChannelValue<C>> {
  const result = await dispatch(handlers, channel, args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as ChannelValue<C>;
}

/** The identity a photo id was copied from (its folder). */
function identityOf(photoId: number): string {
  const file = t.core.db.db
    .prepare('SELECT path FROM files WHERE photo_id = ?')
    .pluck()
    .get(photoId) as string;
  return path.basename(path.dirname(file));
}

/** The person (main list) whose photos are of `identity`. */
async function personOf(identity: string): Promise<PersonSummary> {
  const { persons } = await call('people:list', {});
  for (const p of persons) {
    const { photos } = await call('people:photos', { id: p.id });
    if (photos[0] && identityOf(photos[0].id) === identity) return p;
  }
  throw new Error(`no person for ${identity}`);
}

beforeAll(async () => {
  t = openTestCore();
  home = path.join(t.root, 'data');
  for (const id of identities) {
    mkdirSync(path.join(t.photos, id));
    for (const n of ['0001', '0002', '0003'])
      copyFileSync(
        path.join(sharedData, 'faces/lfw_krasserm', id, `${id}_${n}.jpg`),
        path.join(t.photos, id, `${id}_${n}.jpg`),
      );
  }
  handlers = createHandlers(t.core);
  await t.core.library.index([t.photos], false);
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('people channels', () => {
  it("people:faces and people:photos give a person's faces (boxes in the photo) and photos", async () => {
    const powell = await personOf('Colin_Powell');
    const { faces } = await call('people:faces', { id: powell.id });
    expect(faces).toHaveLength(powell.faces);
    for (const f of faces) {
      expect(f.personId).toBe(powell.id);
      const [x, y, w, h] = f.box;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(1.001);
      expect(y + h).toBeLessThanOrEqual(1.001);
    }
    // Best first: the cover the list shows is the first face of the page.
    expect(faces[0]?.id).toBe(powell.cover);
    const { photos } = await call('people:photos', { id: powell.id });
    expect(photos.map((p) => identityOf(p.id))).toEqual(Array(3).fill('Colin_Powell'));
    expect(new Set(faces.map((f) => f.photoId))).toEqual(new Set(photos.map((p) => p.id)));
  });

  it("photos:faces gives a photo's faces with their person's name once named", async () => {
    const blair = await personOf('Tony_Blair');
    await call('people:name', { id: blair.id, name: 'Tony Blair' });
    const { photos } = await call('people:photos', { id: blair.id });
    const { faces } = await call('photos:faces', { id: photos[0]?.id ?? 0 });
    expect(faces.filter((f) => f.personId === blair.id)).toMatchObject([
      { personName: 'Tony Blair' },
    ]);
  });

  it('people:split makes a new person of the chosen faces; the rest stays', async () => {
    const putin = await personOf('Vladimir_Putin');
    const { faces } = await call('people:faces', { id: putin.id });
    const chosen = faces.at(-1);
    const split = await call('people:split', { faceIds: [chosen?.id ?? 0] });
    expect(split).toMatchObject({ faces: 1, photos: 1, name: null });
    expect(split.id).not.toBe(putin.id);
    expect((await call('people:faces', { id: putin.id })).faces).toHaveLength(faces.length - 1);
    // A hard constraint: clustering everything again does not put it back.
    t.core.people.recluster();
    expect((await call('people:faces', { id: split.id })).faces.map((f) => f.id)).toEqual([
      chosen?.id,
    ]);
  });

  it('people:move by name: an existing name (any case) moves there, a new one makes a person', async () => {
    const blair = await personOf('Tony_Blair');
    const powell = await personOf('Colin_Powell');
    const [face] = (await call('people:faces', { id: powell.id })).faces;
    const moved = await call('people:move', { faceIds: [face?.id ?? 0], name: ' tony BLAIR ' });
    expect(moved).toMatchObject({ id: blair.id, name: 'Tony Blair', photos: 4 });
    const made = await call('people:move', { faceIds: [face?.id ?? 0], name: 'Anna Strand' });
    expect(made).toMatchObject({ name: 'Anna Strand', faces: 1 });
    expect((await call('people:faces', { id: blair.id })).faces).toHaveLength(3);
    // By id: back to the person it came from.
    const back = await call('people:move', { faceIds: [face?.id ?? 0], person: powell.id });
    expect(back).toMatchObject({ id: powell.id, faces: 3 });
  });

  it('people:notThis takes the faces out for good; people:cover picks the face shown', async () => {
    const powell = await personOf('Colin_Powell');
    const { faces } = await call('people:faces', { id: powell.id });
    const [, second, third] = faces;
    const cover = await call('people:cover', { person: powell.id, face: second?.id ?? 0 });
    expect(cover).toMatchObject({ cover: second?.id, coverBy: 'user' });
    await call('people:notThis', { faceIds: [third?.id ?? 0], person: powell.id });
    t.core.people.recluster();
    const after = (await call('people:faces', { id: powell.id })).faces.map((f) => f.id);
    expect(after).not.toContain(third?.id);
    expect(after).toContain(second?.id);
    // A face not of this person cannot be its cover.
    await expect(call('people:cover', { person: powell.id, face: third?.id ?? 0 })).rejects.toThrow(
      /invalid-argument/,
    );
  });

  it('refuses bad arguments with a clear error and changes nothing', async () => {
    const before = await call('people:list', {});
    const bad: [Channel, unknown][] = [
      ['people:split', { faceIds: [] }],
      ['people:split', { faceIds: [1, 1] }],
      ['people:move', { faceIds: [1] }],
      ['people:move', { faceIds: [1], person: 1, name: 'Anna' }],
      ['people:move', { faceIds: [1], name: 'a\u0000b' }],
      ['people:notThis', { faceIds: [1], person: -1 }],
      ['people:cover', { person: 1 }],
      ['photos:faces', { id: 'x' }],
    ];
    for (const [channel, args] of bad) {
      const result = await dispatch(handlers, channel, args);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    const missing = await dispatch(handlers, 'people:split', { faceIds: [999_999] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('people:list', {})).toEqual(before);
  });

  it('every decision survives a restart', async () => {
    const before = await call('people:list', {});
    await t.core.dispose();
    t = { ...t, core: openCoreAt(home) };
    handlers = createHandlers(t.core);
    t.core.people.recluster();
    expect(await call('people:list', {})).toEqual(before);
  }, 60_000);

  it('every decision comes back after the database was damaged and the photos indexed again', async () => {
    const shape = async () =>
      [...(await call('people:list', {})).persons]
        .map((p) => `${p.name ?? '-'}:${String(p.faces)}:${String(p.photos)}`)
        .sort();
    const before = await shape();
    expect(before).toEqual(expect.arrayContaining(['Tony Blair:3:3']));
    await t.core.dispose();
    const db = path.join(home, 'library.db');
    const fd = openSync(db, 'r+');
    const length = Math.min(8192, statSync(db).size - 4096);
    writeSync(fd, Buffer.alloc(length, 0xab), 0, length, 4096);
    closeSync(fd);
    t = { ...t, core: openCoreAt(home) };
    handlers = createHandlers(t.core);
    expect(t.core.recovery).not.toBeNull();
    await t.core.library.index([t.photos], false);
    expect(await shape()).toEqual(before);
  }, 120_000);
});
