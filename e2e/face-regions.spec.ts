/**
 * Names from other apps against the real `fotoglot index` and `fotoglot serve`: a portrait whose
 * file names its face (MWG, as Lightroom writes it) comes out as a named person in `fotoglot
 * people`, a region with no face is reported; the Settings switch for writing named faces is off
 * by default, and once the user turns it on, naming the person writes the sidecar.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ExifTool } from 'exiftool-vendored';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { sharedData } from '../test/helpers/face-descriptors';

let root: string;
let photos: string;
let home: string;
let served: ServeProcess | undefined;
const portrait = () => path.join(photos, 'colin.jpg');

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-regions-'));
  photos = path.join(root, 'photos');
  home = path.join(root, 'home');
  mkdirSync(photos);
  copyFileSync(
    path.join(sharedData, 'faces/lfw_krasserm/Colin_Powell/Colin_Powell_0001.jpg'),
    portrait(),
  );
  // Its own exiftool: the module's shared one ends with the spec that ends it, and specs share a worker.
  const exiftool = new ExifTool();
  await exiftool.write(
    portrait(),
    {
      RegionInfo: {
        AppliedToDimensions: { W: 250, H: 250, Unit: 'pixel' },
        RegionList: [
          {
            Area: { X: 0.5, Y: 0.45, W: 0.35, H: 0.45, Unit: 'normalized' },
            Name: 'Colin Powell',
            Type: 'Face',
          },
          {
            Area: { X: 0.06, Y: 0.06, W: 0.08, H: 0.08, Unit: 'normalized' },
            Name: 'Ghost',
            Type: 'Face',
          },
        ],
      },
    },
    { writeArgs: ['-overwrite_original'] },
  );
  await exiftool.end();
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  expect(indexed.code, indexed.stderr).toBe(0);
});

test.afterAll(async () => {
  await served?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function api<T>(page: Page, channel: string, args: unknown = {}): Promise<T> {
  const response = await page.request.post(`${served?.origin ?? ''}/api/${channel}`, {
    data: args,
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message ?? channel);
  return body.value;
}

test('a name from the file, and named faces written to the sidecar once the user asks', async ({
  page,
}) => {
  const people = await runFotoglot(['--home', home, 'people']);
  expect(people.code, people.stderr).toBe(0);
  expect(people.stdout).toMatch(/Colin Powell {2}\(1 face in 1 photo\)/);
  expect(people.stdout).toContain('no face found there: Ghost (1 photo)');

  const server = await startServe(home);
  served = server;
  await page.goto(server.openUrl);
  await page.getByRole('button', { name: 'Settings' }).click();
  const write = page.getByRole('checkbox', { name: 'Write named faces to XMP sidecar files' });
  await expect(write).not.toBeChecked();

  const [person] = (await api<{ persons: { id: number }[] }>(page, 'people:list')).persons;
  await api(page, 'people:name', { id: person?.id, name: 'Colin Powell' });
  expect(existsSync(`${portrait()}.xmp`)).toBe(false);

  await write.check();
  await expect
    .poll(async () => (await api<{ xmpWriteFaces: boolean }>(page, 'settings:get')).xmpWriteFaces)
    .toBe(true);
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(write).toBeChecked();

  await api(page, 'people:name', { id: person?.id, name: 'Colin Luther Powell' });
  expect(existsSync(`${portrait()}.xmp`)).toBe(true);
  expect(existsSync(path.join(photos, 'colin.xmp'))).toBe(true);
});
