/**
 * Folder removal and the status bar against the real `fotoglot serve`: removing a folder asks
 * first and says what is kept, Undo and "Removed folders" bring the photos back with their
 * tags; the status bar speaks in words for people, counts over the whole library, closes its
 * problems popover every usual way, and keeps to one line in English, German, Japanese and
 * Arabic, wide and narrow.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let photos: string;
let more: string;
let served: ServeProcess;
const errors: string[] = [];

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-folders-'));
  photos = path.join(root, 'photos');
  more = path.join(root, 'more');
  mkdirSync(photos);
  mkdirSync(more);
  await writeColourPhoto(path.join(photos, 'red.jpg'), colours.red, 1);
  await writeColourPhoto(path.join(photos, 'blue.jpg'), colours.blue, 2);
  await writeColourPhoto(path.join(photos, 'green.jpg'), colours.green, 3);
  writeFileSync(path.join(photos, 'broken.jpg'), Buffer.from('this is not a JPEG'));
  for (let i = 0; i < 3; i++)
    await writeColourPhoto(path.join(more, `yellow-${String(i)}.jpg`), colours.yellow, 10 + i);
  served = await indexAndServe(path.join(root, 'home'), photos);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A channel of the running server, as the web client calls it. */
async function api<T>(page: Page, channel: string, args: unknown = {}): Promise<T> {
  const response = await page.request.post(`${served.origin}/api/${channel}`, { data: args });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message ?? channel);
  return body.value;
}

async function openApp(page: Page): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(served.openUrl);
  await expect(page.getByRole('listbox', { name: 'Photos' })).toBeVisible();
}

const statusBar = (page: Page) => page.locator('footer.status-bar');

test('the status bar says what search runs on in words; versions are in Settings → About', async ({
  page,
}) => {
  await openApp(page);
  // A search loads the model; the bar then names it and the processor.
  await page.getByRole('searchbox', { name: 'Search photos' }).fill('red');
  await expect(page.getByRole('option', { name: /^red\.jpg/ })).toBeVisible();
  const search = page.getByRole('status', { name: 'Search', exact: true });
  await expect(search).toHaveText('Searching with: test-tiny on CPU', { timeout: 15_000 });
  await expect(statusBar(page)).not.toContainText(/onnxruntime|providers|sqlite-vec|worker/i);

  await page.getByRole('button', { name: 'Settings' }).click();
  const about = page.getByRole('region', { name: 'About' });
  await expect(about).toContainText(/Fotoglot \d+\.\d+/);
  await expect(about).toContainText(/onnxruntime \d+\.\d+\.\d+/);
  await expect(about).toContainText(/sqlite-vec v\d/);
  expect(errors).toEqual([]);
});

test('the problems popover closes with Esc, a click outside and its close button, inside the window', async ({
  page,
}) => {
  await openApp(page);
  const button = page.getByRole('button', { name: '1 file could not be read' });
  const popover = page.getByRole('dialog', { name: 'Files that could not be read' });
  const insideWindow = async () => {
    const box = await popover.boundingBox();
    const size = page.viewportSize();
    expect(box && size).toBeTruthy();
    if (!box || !size) return;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  };

  await button.click();
  await expect(popover).toContainText('broken.jpg');
  await insideWindow();
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(button).toBeFocused();

  await button.click();
  await expect(popover).toBeVisible();
  await page.getByRole('main').click({ position: { x: 20, y: 20 } });
  await expect(popover).toBeHidden();

  await button.click();
  await popover.getByRole('button', { name: 'Close' }).click();
  await expect(popover).toBeHidden();

  // Right to left, and in a narrow window, it stays inside the window too.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  for (const width of [1400, 480]) {
    await page.setViewportSize({ width, height: 900 });
    await statusBar(page).locator('.problems > button').click();
    const rtl = page.getByRole('dialog', { name: 'ملفات تعذرت قراءتها' });
    await expect(rtl).toBeVisible();
    const box = await rtl.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    await page.keyboard.press('Escape');
    await expect(rtl).toBeHidden();
  }
  await page.getByLabel('اللغة').selectOption('en');
});

test('removing a folder asks first, says what is kept, and Undo or Restore bring it back with its tags', async ({
  page,
}) => {
  await openApp(page);
  const red = await api<{ id: number }>(page, 'photos:resolve', {
    path: path.join(photos, 'red.jpg'),
  });
  await api(page, 'tags:add', { photoId: red.id, name: 'Urlaub' });
  const grid = page.getByRole('listbox', { name: 'Photos' });
  await expect(grid.getByRole('option')).toHaveCount(3);

  await page.getByRole('button', { name: 'Settings' }).click();
  const remove = page.getByRole('button', { name: `Remove folder ${photos}…` });
  await expect(remove).toHaveText('Remove folder…');

  // Cancel (and Esc) keep the folder.
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Remove this folder from the library?' });
  await expect(dialog).toContainText(photos);
  await expect(dialog).toContainText('Its 3 photos leave the library');
  await expect(dialog).toContainText('files on your disk are not touched');
  await expect(dialog).toContainText(
    /tags .*kept.*undo.*Removed folders.*add the same folder again/,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await remove.click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeVisible();

  // Remove, then Undo.
  await remove.click();
  await dialog.getByRole('button', { name: 'Remove folder' }).click();
  const toast = page.locator('.toast');
  await expect(toast).toContainText(`Removed ${photos}: 3 photos left the library.`);
  await expect(remove).toBeHidden();
  await expect(statusBar(page)).not.toContainText(/Importing|0 of 0|0 \/ 0/);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(remove).toBeVisible();
  await page.getByRole('button', { name: 'Library' }).click();
  await expect(grid.getByRole('option')).toHaveCount(3);

  // Remove, look at the empty library, then Restore from "Removed folders".
  await page.getByRole('button', { name: 'Settings' }).click();
  await remove.click();
  await dialog.getByRole('button', { name: 'Remove folder' }).click();
  await expect(toast).toBeVisible();
  await page.getByRole('button', { name: 'Library' }).click();
  await expect(page.getByRole('main')).toContainText('Your library is empty');
  await expect(statusBar(page)).not.toContainText(/Importing|file could not be read/);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Removed folders' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Removed folders' })).toContainText(
    '3 photos, kept with your tags',
  );
  await page.getByRole('button', { name: `Restore ${photos}` }).click();
  await expect(remove).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Removed folders' })).toBeHidden();
  await page.getByRole('button', { name: 'Library' }).click();
  await expect(grid.getByRole('option')).toHaveCount(3);
  const tags = await api<{ name: string; source: string }[]>(page, 'tags:forPhoto', {
    photoId: red.id,
  });
  expect(tags).toContainEqual(expect.objectContaining({ name: 'Urlaub', source: 'user' }));
  await expect(statusBar(page)).not.toContainText(/Importing/);
  expect(errors).toEqual([]);
});

/** No horizontal scroll anywhere, and no text in the status bar on a second line. */
async function expectOneLine(page: Page, label: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const bar = document.querySelector('footer.status-bar');
    const lines: string[] = [];
    if (bar) {
      const walker = document.createTreeWalker(bar, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.problems-panel')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (tops.size > 1) lines.push(node.textContent);
      }
    }
    return {
      scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      bodyScroll: document.body.scrollWidth - document.body.clientWidth,
      barHeight: bar?.getBoundingClientRect().height ?? 0,
      wrapped: lines,
    };
  });
  expect(layout.scroll, label).toBeLessThanOrEqual(0);
  expect(layout.bodyScroll, label).toBeLessThanOrEqual(0);
  expect(layout.wrapped, label).toEqual([]);
  expect(layout.barHeight, label).toBeLessThan(48);
}

test('the status bar keeps to one line with work in progress, in en, de, ja and ar, wide and narrow', async ({
  page,
}) => {
  await openApp(page);
  // Paused, an import of three more photos stays in the bar: counted over the whole library.
  await api(page, 'jobs:pause');
  await api(page, 'library:addFolder', { path: more, watch: false });
  const jobs = page.getByRole('list', { name: 'Activity' });
  await expect(jobs).toContainText('Importing');
  await expect(jobs).toContainText('3 of 6');
  await expect(statusBar(page).getByRole('button', { name: 'Resume' })).toBeVisible();

  const languages = [
    ['en', 'Language'],
    ['de', 'Sprache'],
    ['ja', '言語'],
    ['ar', 'اللغة'],
  ] as const;
  await page.getByRole('button', { name: 'Settings' }).click();
  let label = 'Language';
  for (const [lang, next] of languages) {
    await page.getByLabel(label).selectOption(lang);
    label = next;
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const width of [1400, 1024, 640]) {
      await page.setViewportSize({ width, height: 900 });
      await expectOneLine(page, `${lang} at ${String(width)}px`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  }
  await page.getByLabel(label).selectOption('en');

  // Resumed, the import finishes and leaves the bar: nothing stuck at "0 of 0".
  await statusBar(page).getByRole('button', { name: 'Resume' }).click();
  await expect(jobs).not.toContainText('Importing', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Library' }).click();
  await expect(page.getByRole('listbox', { name: 'Photos' }).getByRole('option')).toHaveCount(6);
  await expect(jobs.getByRole('listitem')).toHaveCount(0, { timeout: 30_000 });
  expect(errors).toEqual([]);
});
