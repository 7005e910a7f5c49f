/**
 * Text in photos against the real `fotoglot serve`: photos with rendered text, their lines put
 * in the library through the real TextStore (the text stage's store; [Note: Text store]), then
 * found by a search typed in the UI with the matched words on the tile, and in the viewer the
 * boxes over the photo (T), the lines selectable and copied, the info panel's Text section,
 * right to left in Arabic.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import type { TextLine } from '../src/shared/text-schemas';
import { homeLayout } from '../src/main/app-home';
import { LibraryDatabase } from '../src/main/db/library-database';
import { TextStore } from '../src/main/text/text-store';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;

/** A 600×300 photo with `lines` written on it, and the lines with their boxes as a reader gives them. */
async function writeTextPhoto(file: string, lines: readonly string[]): Promise<TextLine[]> {
  const rows = lines.map((text, i) => ({ text, y: 70 + i * 90 }));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">
    <rect width="600" height="300" fill="#f4f1ea"/>
    ${rows.map((r) => `<text x="40" y="${String(r.y)}" font-family="Noto Sans CJK JP, Noto Sans, sans-serif" font-size="48" fill="#111">${r.text}</text>`).join('')}
  </svg>`;
  await sharp(Buffer.from(svg)).jpeg().toFile(file);
  return rows.map((r) => {
    const [left, right, top, bottom] = [40 / 600, 560 / 600, (r.y - 48) / 300, (r.y + 12) / 300];
    return {
      text: r.text,
      box: [left, top, right, top, right, bottom, left, bottom],
      confidence: 0.97,
      words: [],
      reader: 'e2e',
    };
  });
}

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-text-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  const receipt = await writeTextPhoto(path.join(photos, 'receipt.jpg'), [
    'MIGROS Zürich',
    'Quittung 12.80 CHF',
  ]);
  const sign = await writeTextPhoto(path.join(photos, 'sign.jpg'), ['東京駅 切符売り場']);
  await writeColourPhoto(path.join(photos, 'blue.jpg'), colours.blue, 1);
  await writeColourPhoto(path.join(photos, 'unread.jpg'), colours.red, 2);
  const home = path.join(root, 'home');
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  expect(indexed.code, indexed.stderr).toBe(0);
  const database = LibraryDatabase.open(homeLayout(home).database);
  try {
    const store = new TextStore(database.db);
    const id = (name: string) =>
      (
        database.db
          .prepare('SELECT photo_id AS id FROM files WHERE path = ?')
          .get(path.join(photos, name)) as { id: number }
      ).id;
    store.save(id('receipt.jpg'), 'e2e', receipt);
    store.save(id('sign.jpg'), 'e2e', sign);
    store.save(id('blue.jpg'), 'e2e', []);
    // The text stage read it while indexing (no text): here it stands for a photo the stage
    // has not reached yet.
    database.db.prepare('DELETE FROM photo_text WHERE photo_id = ?').run(id('unread.jpg'));
  } finally {
    database.close();
  }
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

async function open(page: Page, lang: string): Promise<void> {
  await page.addInitScript((l) => {
    localStorage.setItem('fotoglot.language', l);
  }, lang);
  await page.goto(served.openUrl);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  // The library is listed: a search typed now is not overtaken by the first listing.
  await expect(options(page)).toHaveCount(4);
}

const options = (page: Page) => page.getByRole('listbox').first().getByRole('option');

test('a search finds the photo by its text; the viewer draws, lists and copies its lines', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, 'en');
  await page.getByRole('searchbox').fill('migros');
  await expect(options(page)).toHaveCount(1);
  const tile = options(page).first();
  await expect(tile).toHaveAttribute('aria-label', /^receipt\.jpg, .*Text: MIGROS$/);
  await expect(tile.locator('.cell-text-match')).toHaveText('MIGROS');
  // A text: filter, a substring of a word: the chip and the same photo.
  await page.getByRole('searchbox').fill('text:"12.8"');
  await expect(page.locator('.chip-text')).toHaveText([/^Text: 12\.8/]);
  await expect(options(page)).toHaveCount(1);
  await expect(options(page).first().locator('.cell-text-match')).toHaveText('12.80');
  await page.getByRole('searchbox').fill('東京');
  await expect(options(page)).toHaveCount(1);
  await expect(options(page).first()).toHaveAttribute('aria-label', /^sign\.jpg/);

  await page.getByRole('searchbox').fill('migros');
  await expect(options(page)).toHaveCount(1);
  await expect(options(page).first()).toHaveAttribute('aria-label', /^receipt\.jpg/);
  await options(page).first().dblclick();
  const viewer = page.getByRole('dialog', { name: 'receipt.jpg' });
  await expect(viewer).toBeVisible();
  // The info panel: the lines, the matched word marked, and a copy of them all.
  const section = viewer.getByRole('region', { name: 'Text' });
  await expect(section.getByRole('listitem')).toHaveText(['MIGROS Zürich', 'Quittung 12.80 CHF']);
  await expect(section.locator('mark')).toHaveText(['MIGROS']);
  await section.getByRole('button', { name: 'Copy text' }).click();
  await expect(section.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'MIGROS Zürich\nQuittung 12.80 CHF',
  );

  // T shows the boxes over the photo, where the text is, as text the user can select.
  const boxes = viewer.getByRole('group', { name: 'Text in the photo' });
  await expect(boxes).toHaveCount(0);
  await viewer.press('t');
  await expect(viewer.getByRole('button', { name: 'Text boxes' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(boxes.locator('polygon')).toHaveCount(2);
  const line = boxes.locator('.text-line').first();
  await expect(line).toHaveText('MIGROS Zürich');
  const photo = await viewer.locator('.viewer-photo').boundingBox();
  const box = await line.boundingBox();
  expect(photo && box).toBeTruthy();
  if (photo && box) {
    // 40 px of 600 from the left, 22 px of 300 from the top.
    expect(Math.abs(box.x - photo.x - (photo.width * 40) / 600)).toBeLessThan(3);
    expect(Math.abs(box.y - photo.y - (photo.height * 22) / 300)).toBeLessThan(3);
  }
  await line.selectText();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('MIGROS Zürich');
  await viewer.press('t');
  await expect(boxes).toHaveCount(0);
});

test('the Text section says when a photo has no text or was not read yet', async ({ page }) => {
  await open(page, 'en');
  await page.getByRole('option', { name: /^blue\.jpg/ }).dblclick();
  const viewer = page.getByRole('dialog', { name: 'blue.jpg' });
  await expect(viewer.getByRole('region', { name: 'Text' })).toHaveText(
    /No text found in this photo\./,
  );
  await viewer.press('Escape');
  await page.getByRole('option', { name: /^unread\.jpg/ }).dblclick();
  await expect(
    page.getByRole('dialog', { name: 'unread.jpg' }).getByRole('region', { name: 'Text' }),
  ).toHaveText(/has not been read yet/);
});

test('Arabic: the Text section in Arabic, right to left, the lines in their own direction', async ({
  page,
}) => {
  await open(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('searchbox').fill('text:切符');
  await expect(options(page)).toHaveCount(1);
  await expect(options(page).first()).toHaveAttribute('aria-label', /النص: 切符/);
  await options(page).first().dblclick();
  const section = page.getByRole('dialog', { name: 'sign.jpg' }).getByRole('region', {
    name: 'النص',
  });
  await expect(section.getByRole('listitem')).toHaveText(['東京駅 切符売り場']);
  await expect(section.getByRole('listitem').first()).toHaveAttribute('dir', 'auto');
  await expect(section.getByRole('button', { name: 'نسخ النص' })).toBeVisible();
});
