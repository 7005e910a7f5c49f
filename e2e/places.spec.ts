/**
 * Places in the UI (issue 17): real GPS photos (Arezzo, Italy) and photos without GPS indexed
 * by `fotoglot index` (the real places stage and the shipped place database). Typing a place
 * name in English, German, Japanese or Arabic gives a place chip and only the photos taken
 * there, a reload keeps it; the viewer names the place (and marks an inferred one); the Places
 * view draws the offline map and the countries → regions → towns; "Set place…" places photos
 * without GPS, which then show there.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ExifTool } from 'exiftool-vendored';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';

const samples = path.resolve('..', 'shared', 'data', 'photos', 'exif-samples', 'jpg');
/** Taken in Arezzo, Italy (their EXIF GPS). */
const withGps = ['DSCN0010.jpg', 'DSCN0012.jpg', 'DSCN0021.jpg'];
/** A copy of one without its GPS tags: same camera, same time, so its place is inferred. */
const inferred = 'DSCN0010-ohne-GPS.jpg';
/** The photos placed in Arezzo. */
const arezzo = [...withGps, inferred];
/** No GPS, and other cameras than the Arezzo photos (so no place is inferred for them). */
const unplaced = ['Canon_40D.jpg', 'Nikon_D70.jpg'];

let root: string;
let served: ServeProcess;
const errors: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-places-'));
  const photos = path.join(root, 'Reisen');
  mkdirSync(photos);
  for (const file of withGps)
    copyFileSync(path.join(samples, 'gps', file), path.join(photos, file));
  copyFileSync(path.join(samples, 'gps', 'DSCN0010.jpg'), path.join(photos, inferred));
  // Its own exiftool: the module's shared one ends with the spec that ends it, and specs share a worker.
  const exiftool = new ExifTool();
  await exiftool.write(
    path.join(photos, inferred),
    {},
    {
      writeArgs: ['-gps:all=', '-overwrite_original'],
    },
  );
  await exiftool.end();
  for (const file of unplaced) copyFileSync(path.join(samples, file), path.join(photos, file));
  const home = path.join(root, 'home');
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  expect(indexed.code, indexed.stderr).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

/**
 * Opens the app in `lang` the way a user sets it (Settings → language), so the core names
 * places in it too (place names follow the UI language, as tag names do), then goes to `hash`.
 */
async function open(page: Page, lang: string, hash = ''): Promise<void> {
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.openUrl}#/settings`);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/settings:set') && r.ok());
  await page.locator('select#language').selectOption(lang);
  await saved;
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await page.evaluate((h) => {
    location.hash = h;
  }, hash || '#/library');
}

const grid = (page: Page) => page.getByRole('listbox').first();
const placeChips = (page: Page) => page.locator('.chip-place');

/** The photos shown are exactly `files` (their options are named after the file). */
async function expectPhotos(page: Page, files: readonly string[]): Promise<void> {
  await expect(grid(page).getByRole('option')).toHaveCount(files.length);
  const shown = await grid(page)
    .getByRole('option')
    .evaluateAll((options) =>
      options.map((o) => (o.getAttribute('aria-label') ?? '').split(',')[0] ?? ''),
    );
  expect(shown.sort()).toEqual([...files].sort());
}

test('a place typed in English, German or Japanese becomes a chip; a reload keeps it', async ({
  page,
}) => {
  await open(page, 'en');
  await expect(grid(page).getByRole('option')).toHaveCount(arezzo.length + unplaced.length);
  const search = page.getByRole('searchbox');
  await search.fill('Arezzo');
  await expect(placeChips(page)).toHaveText([/^Place: Arezzo, Italy/]);
  await expectPhotos(page, arezzo);
  // The chip comes from the words typed, which the address keeps.
  await expect(page).toHaveURL(/q=Arezzo/);
  await page.reload();
  await expect(placeChips(page)).toHaveText([/^Place: Arezzo, Italy/]);
  await expectPhotos(page, arezzo);

  await open(page, 'de');
  await page.getByRole('searchbox').fill('Italien');
  await expect(placeChips(page)).toHaveText([/^Ort: Italien/]);
  await expectPhotos(page, arezzo);

  await open(page, 'ja');
  await page.getByRole('searchbox').fill('イタリア');
  await expect(placeChips(page)).toHaveText([/^場所: イタリア/]);
  await expectPhotos(page, arezzo);
  await page.reload();
  await expect(placeChips(page)).toHaveText([/^場所: イタリア/]);
  await expectPhotos(page, arezzo);
  expect(errors).toEqual([]);
});

test('the viewer names the place in the UI language, next to the map link', async ({ page }) => {
  await open(page, 'de');
  await grid(page)
    .getByRole('option', { name: /^DSCN0010\.jpg/ })
    .dblclick();
  const info = page.getByRole('complementary', { name: 'Informationen' });
  await expect(info.getByRole('definition').filter({ hasText: 'Arezzo' })).toHaveText(
    /^Arezzo, Italien/,
  );
  await expect(info.getByRole('link', { name: /OpenStreetMap/ })).toBeVisible();
  // The copy without GPS: its place inferred from the photos taken around it, and said so.
  await page.keyboard.press('Escape');
  await grid(page)
    .getByRole('option', { name: /^DSCN0010-ohne-GPS\.jpg/ })
    .dblclick();
  await expect(info).toContainText('Arezzo, Italien');
  await expect(info).toContainText('abgeleitet aus Fotos kurz davor oder danach');
});

test('Places: the offline map and the list; a click searches that place', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, 'de', '#/places');
  const map = page.getByRole('group', { name: 'Weltkarte Ihrer Fotos' });
  await expect(map.locator('path.map-country').first()).toBeAttached();
  expect(await map.locator('path.map-country').count()).toBeGreaterThan(200);
  const circle = map.getByRole('button', { name: /Arezzo: 4 Fotos/ });
  await expect(circle).toBeVisible();
  // Nothing was asked of another server: no tiles.
  expect(requests.filter((u) => !u.startsWith(served.origin))).toEqual([]);
  // The wheel zooms around the pointer: the circle under it stays there; the page does not scroll.
  await circle.hover();
  const before = await circle.boundingBox();
  await page.mouse.wheel(0, -100);
  await expect(map).toHaveAttribute('data-zoom', '1.5');
  const after = await circle.boundingBox();
  expect(Math.abs((after?.x ?? 0) - (before?.x ?? 0))).toBeLessThan(2);
  expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(0);
  // The buttons zoom around the middle, and back to the whole world.
  await page.getByRole('button', { name: 'Vergrößern' }).click();
  await expect(map).toHaveAttribute('data-zoom', '3');
  await page.getByRole('button', { name: 'Ganze Welt' }).click();
  await expect(map).toHaveAttribute('data-zoom', '1');

  const list = page.getByRole('region', { name: 'Länder, Regionen und Orte' });
  await expect(list.getByRole('heading', { name: /Italien/ })).toContainText(
    '4 Fotos · 1 abgeleitet',
  );
  await expect(page.getByText('2 Fotos haben keinen Ort')).toBeVisible();
  await expect(page.locator('footer.attribution')).toHaveText(
    'Ortsnamen © GeoNames (CC BY 4.0); Grenzen Natural Earth',
  );
  await list.getByRole('button', { name: 'Arezzo' }).last().click();
  await expect(placeChips(page)).toHaveText([/^Ort: Arezzo, Italien/]);
  await expectPhotos(page, arezzo);

  await page.goBack();
  await circle.click();
  await expect(placeChips(page)).toHaveText([/^Ort: Arezzo, Italien/]);
  await expectPhotos(page, arezzo);
  expect(errors).toEqual([]);
});

test('Arabic: the places right to left, named in Arabic, and searched by an Arabic name', async ({
  page,
}) => {
  await open(page, 'ar', '#/places');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(
    page.getByRole('group', { name: 'خريطة العالم لصورك' }).getByRole('button', { name: /4 صور/ }),
  ).toBeVisible();
  const list = page.getByRole('region', { name: 'الدول والمناطق والمدن' });
  await expect(list.getByRole('heading', { name: /إيطاليا/ })).toContainText('4 صور');
  await page.getByRole('searchbox').fill('إيطاليا');
  await expect(placeChips(page)).toHaveText([/^المكان: إيطاليا/]);
  await expectPhotos(page, arezzo);
  expect(errors).toEqual([]);
});

test('Set place… places photos without GPS; they show in Places', async ({ page }) => {
  await open(page, 'en');
  for (const file of unplaced)
    await grid(page)
      .getByRole('option', { name: new RegExp(`^${file.replace('.', '\\.')}`) })
      .click({ modifiers: ['Control'] });
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Set place…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set the place of 2 photos' });
  const field = dialog.getByRole('textbox', { name: /Town, region or country/ });
  await field.fill('Xyzzyplugh');
  // The first search loads the place database and indexes its towns' names (seconds, cold).
  await expect(dialog.getByRole('status')).toHaveText('No town by that name.', {
    timeout: 30_000,
  });
  await expect(dialog.getByRole('button', { name: 'Set place' })).toBeDisabled();
  // A name in another language finds the town; the best match is picked.
  await field.fill('Париж');
  await expect(dialog.getByRole('radio', { name: /^Paris, (.+, )?France$/ }).first()).toBeChecked();
  await dialog.getByRole('button', { name: 'Set place' }).click();
  await expect(bar.getByRole('status')).toHaveText('Place set for 2 photos');

  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Places' })
    .click();
  const list = page.getByRole('region', { name: 'Countries, regions and towns' });
  await expect(list.getByRole('heading', { name: /France/ })).toContainText('2 photos');
  await expect(page.getByText(/have no place/)).toHaveCount(0);
  await list.getByRole('button', { name: 'Paris' }).last().click();
  await expectPhotos(page, unplaced);

  // A pasted position works as well, and the viewer says the user set it.
  await grid(page)
    .getByRole('option', { name: /^Nikon_D70\.jpg/ })
    .click();
  await bar.getByRole('button', { name: 'Set place…' }).click();
  await page.getByRole('dialog').getByRole('textbox').fill('43.4633, 11.8797');
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText(
    'Position 43.46330, 11.87970',
  );
  await page.getByRole('dialog').getByRole('button', { name: 'Set place' }).click();
  await expect(bar.getByRole('status')).toHaveText('Place set for 1 photo');
  // A new search from the library (not adding to the Paris chip): Arezzo has that photo now.
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Library' })
    .click();
  await page.getByRole('searchbox').fill('Arezzo');
  await expectPhotos(page, [...arezzo, 'Nikon_D70.jpg']);
  await grid(page)
    .getByRole('option', { name: /^Nikon_D70\.jpg/ })
    .dblclick();
  await expect(page.getByRole('complementary', { name: 'Information' })).toContainText(
    'set by you',
  );
  expect(errors).toEqual([]);
});
