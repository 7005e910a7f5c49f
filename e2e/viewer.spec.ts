/**
 * The viewer against the real `fotoglot serve`: the icon toolbar and keyboard (mirrored right to
 * left), a tiny photo fitted to the screen, the grid's placeholder while the preview loads,
 * nonsense camera values hidden and an implausible date set aside, and setting a photo's date.
 */
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-viewer-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  // Newest first in the grid: c, b, a.
  for (const [i, name] of ['a', 'b', 'c'].entries())
    await writeColourPhoto(path.join(photos, `${name}.jpg`), colours.blue, i, {
      date: `2021:01:0${String(i + 1)} 12:00:00`,
    });
  // An 8×8 photo: a dot on the screen unless it is scaled up.
  await sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .jpeg()
    .withExif({ IFD2: { DateTimeOriginal: '2020:06:01 12:00:00' } })
    .toFile(path.join(photos, 'tiny.jpg'));
  // Pillow's test photo: a camera that wrote 2099 and an exposure of 4,294,967,295 s.
  const clock = path.join(photos, 'clock.jpg');
  copyFileSync(
    path.join(
      realpathSync(path.resolve(import.meta.dirname, '../../shared/data/photos')),
      'formats/pillow-tests/exif_gps.jpg',
    ),
    clock,
  );
  const copied = new Date('2016-04-10T12:00:00Z');
  utimesSync(clock, copied, copied);
  const home = path.join(root, 'home');
  expect((await runFotoglot(['--home', home, 'index', photos, '--no-watch'])).code).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

async function openPhoto(page: Page, name: string) {
  await page.goto(served.openUrl);
  await page.getByRole('option', { name: new RegExp(`^${name.replace('.', '\\.')}`) }).dblclick();
  const viewer = page.getByRole('dialog', { name });
  await expect(viewer).toBeVisible();
  return viewer;
}

test('keyboard and toolbar: ←/→ move, +/− zoom, 0 fits, Esc closes; icon buttons have names and tooltips', async ({
  page,
}) => {
  const viewer = await openPhoto(page, 'c.jpg');
  const toolbar = viewer.getByRole('toolbar', { name: 'Photo actions' });
  for (const name of [
    'Close',
    'Zoom in',
    'Zoom out',
    'Fit to screen',
    'Find similar',
    'Information',
  ])
    await expect(toolbar.getByRole('button', { name })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Zoom in' })).toHaveAttribute(
    'title',
    'Zoom in (+)',
  );
  // The first photo has no "previous" arrow; the "next" one sits at the screen's edge.
  await expect(viewer.getByRole('button', { name: 'Previous photo' })).toHaveCount(0);
  const next = viewer.getByRole('button', { name: 'Next photo' });
  const box = await next.boundingBox();
  const stage = await viewer.locator('.viewer-main').boundingBox();
  expect(box && stage && stage.x + stage.width - (box.x + box.width)).toBeLessThan(40);
  await next.click();
  await expect(page.getByRole('dialog', { name: 'b.jpg' })).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: 'a.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  const b = page.getByRole('dialog', { name: 'b.jpg' });
  await expect(b).toBeVisible();

  const photo = b.getByRole('img', { name: 'b.jpg' });
  const frame = b.locator('.viewer-frame');
  await page.keyboard.press('+');
  await expect(photo).toHaveAttribute('src', /\/media\/original\/\d+$/);
  await expect(frame).toHaveAttribute('style', /scale\(1\.5\)/);
  await page.keyboard.press('+');
  await page.keyboard.press('-');
  await expect(frame).toHaveAttribute('style', /scale\(1\.5\)/);
  await page.keyboard.press('0');
  await expect(frame).toHaveAttribute('style', /translate\(0px, 0px\) scale\(1\)/);
  await expect(photo).toHaveAttribute('src', /\/media\/preview\/\d+$/);
  await page.keyboard.press('Escape');
  await expect(b).toBeHidden();
});

test('an 8×8 photo is scaled up to fill the view, with crisp pixels', async ({ page }) => {
  const viewer = await openPhoto(page, 'tiny.jpg');
  const photo = viewer.getByRole('img', { name: 'tiny.jpg' });
  await expect(viewer.locator('.viewer-frame')).toHaveAttribute('data-loaded', 'true');
  const box = await photo.boundingBox();
  const stage = await viewer.locator('.viewer-main').boundingBox();
  expect(box?.width).toBeGreaterThan(300);
  // Fitted: as large as the stage allows, square, centred.
  expect(Math.round(box?.height ?? 0)).toBe(
    Math.round(Math.min(stage?.width ?? 0, stage?.height ?? 0)),
  );
  expect(await photo.evaluate((img) => getComputedStyle(img).imageRendering)).toBe('pixelated');
});

test('the grid’s thumbnail stands in while the preview loads, then the preview replaces it', async ({
  page,
}) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/media/preview/**', async (route) => {
    await released;
    await route.continue();
  });
  const viewer = await openPhoto(page, 'a.jpg');
  const frame = viewer.locator('.viewer-frame');
  const standIn = frame.locator('img.viewer-stand-in');
  await expect(frame).toHaveAttribute('data-loaded', 'false');
  await expect(standIn).toHaveAttribute('src', /\/media\/thumb\/\d+$/);
  await expect
    .poll(() => standIn.evaluate((img) => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  expect((await frame.boundingBox())?.width).toBeGreaterThan(300);
  await expect(standIn).toBeVisible();
  release();
  await expect(frame).toHaveAttribute('data-loaded', 'true');
  await expect(standIn).toHaveCount(0);
  await expect(viewer.getByRole('img', { name: 'a.jpg' })).toBeVisible();
});

test('a camera date in 2099 and a 4,294,967,295 s exposure are not shown as facts; the user sets the date', async ({
  page,
}) => {
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: 'Photos' });
  // Not on top of the timeline: the photo is in the month its file was copied.
  await expect(grid.getByRole('option').first()).toHaveAccessibleName(/^c\.jpg/);
  await expect(
    grid.getByRole('group', { name: 'April 2016' }).getByRole('option', { name: /^clock\.jpg/ }),
  ).toBeVisible();

  await grid.getByRole('option', { name: /^clock\.jpg/ }).dblclick();
  const viewer = page.getByRole('dialog', { name: 'clock.jpg' });
  const info = viewer.getByRole('complementary', { name: 'Information' });
  await expect(info).toContainText('File');
  await expect(info).not.toContainText('4,294,967,295');
  await expect(info).not.toContainText('Exposure');
  await expect(info).toContainText("Date from the file's modified time");
  await expect(info).toContainText(
    "The camera's date, 2099-09-29 10:10:10, lies in the future and was ignored.",
  );
  // The raw value is isolated left to right (see [Note: Paths in right-to-left text]).
  await expect(info.locator('bdi[dir="ltr"]', { hasText: '2099-09-29 10:10:10' })).toHaveCount(1);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  ).toEqual([]);

  await info.getByRole('button', { name: 'Set date…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set the date of 1 photo' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Date and time taken').fill('2004-05-06T10:00');
  await dialog.getByRole('button', { name: 'Set date' }).click();
  await expect(dialog).toBeHidden();
  await expect(info).toContainText('Date set by you');
  await expect(info).toContainText('May 6, 2004');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(
    grid.getByRole('group', { name: 'May 2004' }).getByRole('option', { name: /^clock\.jpg/ }),
  ).toBeVisible();
});

test('right to left (Arabic): ← goes to the next photo and → to the previous one', async ({
  page,
}) => {
  await page.goto(served.openUrl);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('button', { name: 'الصور' }).click();
  await page.getByRole('option', { name: /^c\.jpg/ }).dblclick();
  await expect(page.getByRole('dialog', { name: 'c.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('dialog', { name: 'b.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: 'c.jpg' })).toBeVisible();
  // The "next" arrow is at the left edge, pointing left.
  const next = page.getByRole('button', { name: 'الصورة التالية' });
  const stage = await page.locator('.viewer-main').boundingBox();
  expect(((await next.boundingBox())?.x ?? 999) - (stage?.x ?? 0)).toBeLessThan(40);
  await page.evaluate(() => {
    localStorage.clear();
  });
});
