/**
 * Issue 17's "done when", in the UI: the library's places on the map in German, Japanese and
 * Arabic (a photo known only to its region on it too, marked approximate), "Strand Italien
 * 2019" found, five photos without GPS given a place in the Arabic UI, a position from an XMP
 * sidecar named as such; and online map tiles: none requested while the setting is off (the
 * default), requested from the tile server (intercepted here: no network) once it is on.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ExifTool } from 'exiftool-vendored';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

const samples = path.resolve('..', 'shared', 'data', 'photos', 'exif-samples', 'jpg', 'gps');
/** Arezzo, Italy, 2008 (their EXIF GPS). */
const arezzo2008 = ['DSCN0010.jpg', 'DSCN0012.jpg'];
/** Arezzo too, its date moved to a summer day of 2019. */
const beach2019 = 'strand-2019.jpg';
/** No GPS and no camera: nothing to infer a place from. */
const unplaced = [1, 2, 3, 4, 5].map((n) => `ohne-ort-${String(n)}.jpg`);

let root: string;
let served: ServeProcess;
const errors: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-places-done-'));
  const photos = path.join(root, 'Urlaub');
  mkdirSync(photos);
  for (const file of arezzo2008) copyFileSync(path.join(samples, file), path.join(photos, file));
  copyFileSync(path.join(samples, 'DSCN0021.jpg'), path.join(photos, beach2019));
  // Its own exiftool: the module's shared one ends with the spec that ends it.
  const exiftool = new ExifTool();
  await exiftool.write(
    path.join(photos, beach2019),
    { AllDates: '2019:07:14 12:00:00' },
    { writeArgs: ['-overwrite_original'] },
  );
  // The Yukon wilderness: the region, no town within reach.
  await writeColourPhoto(path.join(photos, 'yukon.jpg'), colours.green, 20);
  await exiftool.write(
    path.join(photos, 'yukon.jpg'),
    { GPSLatitude: 64.0, GPSLatitudeRef: 'N', GPSLongitude: -139.0, GPSLongitudeRef: 'W' },
    { writeArgs: ['-overwrite_original'] },
  );
  // A position only in a sidecar (a geotagger's), Paris.
  await writeColourPhoto(path.join(photos, 'geotagged.jpg'), colours.blue, 21);
  await exiftool.write(
    path.join(photos, 'geotagged.jpg.xmp'),
    { 'XMP-exif:GPSLatitude': 48.8566, 'XMP-exif:GPSLongitude': 2.3522 } as never,
    { writeArgs: ['-overwrite_original'] },
  );
  await exiftool.end();
  for (const [i, file] of unplaced.entries())
    await writeColourPhoto(path.join(photos, file), colours.red, 30 + i);
  const home = path.join(root, 'home');
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  expect(indexed.code, indexed.stderr).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Opens the app in `lang` (Settings → language, so places are named in it), then `hash`. */
async function open(page: Page, lang: string, hash: string): Promise<void> {
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.openUrl}#/settings`);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/settings:set') && r.ok());
  await page.locator('select#language').selectOption(lang);
  await saved;
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

/** Records every request that leaves for another server than the app's own, and stops it. */
async function recordOutside(page: Page): Promise<string[]> {
  const outside: string[] = [];
  await page.route(
    (url) => url.origin !== served.origin,
    (route) => {
      outside.push(route.request().url());
      return route.abort();
    },
  );
  return outside;
}

const grid = (page: Page) => page.getByRole('listbox').first();

async function expectPhotos(page: Page, files: readonly string[]): Promise<void> {
  await expect(grid(page).getByRole('option')).toHaveCount(files.length);
  const shown = await grid(page)
    .getByRole('option')
    .evaluateAll((options) =>
      options.map((o) => (o.getAttribute('aria-label') ?? '').split(',')[0] ?? ''),
    );
  expect(shown.sort()).toEqual([...files].sort());
}

for (const { lang, map, arezzo, approximate } of [
  {
    lang: 'de',
    map: 'Weltkarte Ihrer Fotos',
    arezzo: /^Arezzo, Paris: 4 Fotos$/,
    approximate: 'ungefähr',
  },
  {
    lang: 'ja',
    map: '写真の世界地図',
    arezzo: /: 4 枚$/,
    approximate: 'おおよそ',
  },
  {
    lang: 'ar',
    map: 'خريطة العالم لصورك',
    arezzo: /: 4 صور$/,
    approximate: 'تقريبي',
  },
])
  test(`${lang}: the library's places on the offline map, the region-only photo approximate`, async ({
    page,
  }) => {
    const outside = await recordOutside(page);
    await open(page, lang, '#/places');
    const mapGroup = page.getByRole('group', { name: map });
    // The place database loads with the first visit (seconds on a busy machine).
    await expect(mapGroup.getByRole('button', { name: arezzo })).toBeVisible({ timeout: 30_000 });
    await expect(mapGroup.locator('path.map-country').first()).toBeAttached({ timeout: 30_000 });
    // Arezzo (3) and Paris (1, its position from a sidecar) share a circle at this zoom.
    // The Yukon photo: no town, drawn where it was taken as an open, dashed circle.
    const yukon = mapGroup.locator('.map-approximate');
    await expect(yukon).toHaveCount(1);
    await expect(yukon).toHaveAttribute('aria-label', new RegExp(approximate));
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

test('"Strand Italien 2019" finds the beach photo of 2019 in Italy', async ({ page }) => {
  await open(page, 'de', '#/library');
  await page.getByRole('searchbox').fill('Strand Italien 2019');
  await expect(page.locator('.chip-place')).toHaveText([/^Ort: Italien/], { timeout: 30_000 });
  await expect(page.locator('.chip-date')).toBeVisible();
  // Ranked by meaning among the photos of Italy in 2019: the only one, relevant or below the line.
  const more = page.getByRole('button', { name: /weitere Ergebnisse zeigen/ });
  if (await more.isVisible()) await more.click();
  await expectPhotos(page, [beach2019]);
});

test('a position read from an XMP sidecar is named and said to come from it', async ({ page }) => {
  await open(page, 'en', '#/library');
  await grid(page)
    .getByRole('option', { name: /^geotagged\.jpg/ })
    .dblclick();
  const info = page.getByRole('complementary', { name: 'Information' });
  await expect(info).toContainText('Paris');
  await expect(info).toContainText('from the XMP sidecar');
});

test('Arabic: five photos without GPS are given a place, which the map then shows', async ({
  page,
}) => {
  await open(page, 'ar', '#/library');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  for (const file of unplaced)
    await grid(page)
      .getByRole('option', { name: new RegExp(`^${file.replace('.', '\\.')}`) })
      .click({ modifiers: ['Control'] });
  const bar = page.getByRole('toolbar', { name: 'التحديد' });
  await bar.getByRole('button', { name: 'تحديد المكان…' }).click();
  const dialog = page.getByRole('dialog', { name: 'تحديد مكان 5 صور' });
  // Typed in Arabic; the first search loads the place database (seconds, cold).
  await dialog.getByRole('textbox').fill('روما');
  await expect(dialog.getByRole('radio').first()).toBeChecked({ timeout: 30_000 });
  await expect(dialog.getByRole('radio').first()).toHaveAccessibleName(/روما/);
  await dialog.getByRole('button', { name: 'تحديد المكان' }).click();
  await expect(bar.getByRole('status')).toHaveText('حُدِّد مكان 5 صور');
  await page.getByRole('navigation').getByRole('button', { name: 'الأماكن' }).click();
  await expect(
    page.getByRole('group', { name: 'خريطة العالم لصورك' }).getByRole('button', { name: /روما/ }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    page
      .getByRole('region', { name: 'الدول والمناطق والمدن' })
      .getByRole('heading', { name: /إيطاليا/ }),
  ).toContainText('8 صور');
  expect(errors).toEqual([]);
});

test('online map tiles: none while off (the default); turned on, the tiles are requested', async ({
  page,
}) => {
  const outside = await recordOutside(page);
  await open(page, 'en', '#/places');
  const mapGroup = page.getByRole('group', { name: 'World map of your photos' });
  await expect(mapGroup.locator('path.map-country').first()).toBeAttached({ timeout: 30_000 });
  await expect(mapGroup.locator('image.map-tile')).toHaveCount(0);
  expect(outside).toEqual([]);

  // The tile server, intercepted and answered here (a 1-pixel PNG): nothing leaves the machine.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const tiles: string[] = [];
  await page.route('https://tile.openstreetmap.org/**', (route) => {
    tiles.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: png });
  });
  await page.evaluate(() => {
    location.hash = '#/settings';
  });
  await expect(
    page.getByText(/sees which part of the map you look at and your IP address/),
  ).toBeVisible();
  const reloaded = page.waitForEvent('load');
  // Saved, then the page loads again (its Content-Security-Policy now names the tile server).
  const checkbox = page.getByRole('checkbox', { name: 'Show online map tiles on the Places map' });
  await checkbox.click();
  await reloaded;
  await expect(checkbox).toBeChecked();
  await page.evaluate(() => {
    location.hash = '#/places';
  });
  await expect(mapGroup.locator('image.map-tile').first()).toBeAttached({ timeout: 30_000 });
  await expect.poll(() => tiles.length).toBeGreaterThan(0);
  expect(
    tiles.every((u) => /^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/.test(u)),
  ).toBe(true);
  await expect(page.getByText('Map tiles © OpenStreetMap contributors')).toBeVisible();
  // Only the tile server: nothing else left.
  expect(outside.filter((u) => !u.startsWith('https://tile.openstreetmap.org/'))).toEqual([]);
  expect(errors).toEqual([]);
});
