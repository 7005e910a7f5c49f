/**
 * The same file in several places, and "not duplicates", through the handlers every host
 * binds, against a real core: the copies are listed with every path and stay one photo with
 * its tags; the desktop trashes the chosen copies, the server marks them; a dismissal is
 * remembered in the library across a restart (see [Note: Near-duplicates]).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCoreAt, openTestCore, repoRoot } from '../../../test/helpers/test-core';
import { channels, type Channel, type ChannelValue } from '../../shared/contract';
import type { Core } from '../core';
import { createHandlers } from '../app-handlers';
import { dispatch } from '../dispatch';
import type { HostActions } from '../handlers/handler-types';

const imagenet = path.join(repoRoot, '..', 'shared', 'data', 'imagenet-sample', 'images');
const base = (p: string | null) => path.basename(p ?? '');

let core: Core;
let root: string;
let home: string;
let photos: string;

const call = async <C extends Channel>(
  channel: C,
  args: unknown,
  host: HostActions = { kind: 'server' },
): Promise<ChannelValue<C>> => {
  const result = await dispatch(createHandlers(core, host), channel, args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return channels[channel].value.parse(result.value) as ChannelValue<C>;
};
const groups = async () => (await call('photos:duplicates', undefined)).groups;
const sameFile = async () => (await groups()).filter((g) => g.kind === 'same-file');

beforeAll(async () => {
  const t = openTestCore();
  ({ core, root, photos } = t);
  home = path.join(root, 'data');
  // One file, byte for byte, in three folders.
  for (const folder of ['2019', 'backup', 'phone']) {
    mkdirSync(path.join(photos, folder));
    copyFileSync(
      path.join(imagenet, 'n01440764_tench.JPEG'),
      path.join(photos, folder, 'tench.jpg'),
    );
  }
  // A picture and its resized copy (a near-duplicate pair), and a third file with the tench.
  mkdirSync(path.join(photos, 'misc'));
  copyFileSync(
    path.join(imagenet, 'n01530575_brambling.JPEG'),
    path.join(photos, 'misc', 'brambling.jpg'),
  );
  await sharp(path.join(imagenet, 'n01530575_brambling.JPEG'))
    .resize(200)
    .jpeg({ quality: 60 })
    .toFile(path.join(photos, 'misc', 'brambling-small.jpg'));
  await core.library.index([photos], false);
}, 120_000);
afterAll(async () => {
  await core.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('the same file in several places', () => {
  it('is one photo, listed as one group with every path and the copy to keep', async () => {
    const [group, ...more] = await sameFile();
    expect(more).toEqual([]);
    expect(group?.photos.map((p) => path.relative(photos, p.path ?? '')).sort()).toEqual(
      ['2019/tench.jpg', 'backup/tench.jpg', 'phone/tench.jpg'].map((p) => path.normalize(p)),
    );
    expect(new Set(group?.photos.map((p) => p.id))).toEqual(new Set([group?.bestId]));
    expect(group?.photos.filter((p) => p.match === null).map((p) => p.path)).toEqual([
      group?.bestPath,
    ]);
    expect(group?.similarity).toBeNull();
  });

  it('on the server, marks the chosen copies and never all of them', async () => {
    const [group] = await sameFile();
    const id = group?.bestId ?? 0;
    await core.tags.add(id, 'fish');
    const backup = path.join(photos, 'backup', 'tench.jpg');
    expect(await call('photos:trashCopies', { photoId: id, paths: [backup] })).toEqual({
      trashed: 0,
      marked: 1,
    });
    expect(existsSync(backup)).toBe(true);
    const [after] = await sameFile();
    expect(after?.photos.filter((p) => p.marked).map((p) => p.path)).toEqual([backup]);
    await expect(
      call('photos:trashCopies', { photoId: id, paths: group?.photos.map((p) => p.path) }),
    ).rejects.toThrow(/Choose one copy to keep/);
    await expect(
      call('photos:trashCopies', {
        photoId: id,
        paths: [path.join(photos, 'misc', 'brambling.jpg')],
      }),
    ).rejects.toThrow(/list the duplicates again/);
  });

  it('on the desktop, moves the chosen copy to the trash; the photo keeps its tags', async () => {
    const [group] = await sameFile();
    const id = group?.bestId ?? 0;
    const trash = path.join(root, 'trash');
    mkdirSync(trash);
    // The OS trash is the edge: a folder stands in for it.
    const desktop: HostActions = {
      kind: 'desktop',
      trash: (file) => {
        renameSync(
          file,
          path.join(trash, `${path.basename(path.dirname(file))}-${path.basename(file)}`),
        );
        return Promise.resolve();
      },
    };
    const phone = path.join(photos, 'phone', 'tench.jpg');
    expect(await call('photos:trashCopies', { photoId: id, paths: [phone] }, desktop)).toEqual({
      trashed: 1,
      marked: 0,
    });
    expect(existsSync(phone)).toBe(false);
    expect(existsSync(path.join(trash, 'phone-tench.jpg'))).toBe(true);
    const [after] = await sameFile();
    expect(after?.photos.map((p) => p.path).sort()).toEqual(
      [path.join(photos, '2019', 'tench.jpg'), path.join(photos, 'backup', 'tench.jpg')].sort(),
    );
    expect(after?.bestId).toBe(id);
    expect(core.tags.photoTags(id).map((tag) => tag.name)).toContain('fish');
  });
});

describe('not duplicates', () => {
  it('is remembered for a pair and for a file set, across a restart', async () => {
    const near = (await groups()).find((g) => g.kind === 'near');
    expect(near?.photos.map((p) => base(p.path)).sort()).toEqual([
      'brambling-small.jpg',
      'brambling.jpg',
    ]);
    await call('photos:dismissDuplicates', { photoIds: near?.photos.map((p) => p.id) });
    const [files] = await sameFile();
    await call('photos:dismissDuplicates', {
      photoId: files?.bestId,
      paths: files?.photos.map((p) => p.path),
    });
    expect(await groups()).toEqual([]);
    await core.dispose();
    core = openCoreAt(home);
    expect(await groups()).toEqual([]);
  }, 60_000);
});
