/**
 * `fotoglot folders remove / restore / forget` as a user runs them: removing says what happens
 * to the photos and their tags and how to undo it; restore brings the tags back; a folder
 * that is not in the library is a usage error that lists the ones that are.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFotoglot } from '../../../test/helpers/cli';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';

let root: string;
let home: string;
let photos: string;
const photo = () => path.join(photos, 'red.jpg');

beforeAll(async () => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-folders-')));
  home = path.join(root, 'data');
  photos = path.join(root, 'trip');
  mkdirSync(photos);
  await writeColourPhoto(photo(), colours.red, 1);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const fotoglot = (...args: string[]) => runFotoglot([...args, '--home', home]);

describe('fotoglot folders', () => {
  it('removes a folder saying what happens, and restores it with its tags', async () => {
    expect((await fotoglot('tag', photos)).code).toBe(0);
    const tagged = await fotoglot('tags', photo(), '--json');
    expect(tagged.stdout).toMatch(/"state":"accepted"/);

    const removed = await fotoglot('folders', 'remove', photos);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/1 photo left the library/);
    expect(removed.stdout).toMatch(/files on disk are untouched/);
    expect(removed.stdout).toMatch(/tags .* are kept/);
    expect(removed.stdout).toMatch(/fotoglot folders restore \d+/);
    expect((await fotoglot('folders')).stdout).toMatch(/No folders yet/);
    expect((await fotoglot('tags', photo())).code).toBe(1);
    const listed = JSON.parse((await fotoglot('folders', '--removed', '--json')).stdout) as {
      id: number;
      path: string;
      photoCount: number;
    }[];
    expect(listed).toEqual([expect.objectContaining({ path: photos, photoCount: 1 })]);

    const restored = await fotoglot('folders', 'restore', String(listed[0]?.id));
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toMatch(/Restored .* with 1 photo and their tags/);
    expect((await fotoglot('tags', photo(), '--json')).stdout).toBe(tagged.stdout);
  });

  it('answers a folder that is not in the library with exit code 2 and the ones that are', async () => {
    const wrong = await fotoglot('folders', 'remove', path.join(root, 'elsewhere'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(photos);
    const forget = await fotoglot('folders', 'forget', photos);
    expect(forget.code).toBe(2);
    expect(forget.stderr).toMatch(/remove it first/);
  });
});
