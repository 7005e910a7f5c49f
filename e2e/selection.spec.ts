/**
 * Selecting photos against the real `fotoglot serve` over a library indexed with test-tiny:
 * the selected state drawn above the thumbnail, the selection bar and its actions (checked
 * through the core), Esc; and the sticky month header (opaque, naming the rows at the top,
 * also right after a timeline jump).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let photos: string;
let served: ServeProcess;
const errors: string[] = [];
const palette = [colours.red, colours.green, colours.blue, colours.yellow] as const;

// Months in three years, newest first in the grid: 2023 (eight months of one photo each),
// July 2019 (three red photos) and four months of 2018, enough rows below each year for a
// timeline jump to bring its first month to the top.
test.beforeAll(async () => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-select-')));
  photos = path.join(root, 'photos');
  mkdirSync(photos);
  let seed = 0;
  for (let m = 1; m <= 8; m++)
    await writeColourPhoto(
      path.join(photos, `y2023-m0${String(m)}.jpg`),
      palette[m % 4] ?? colours.red,
      seed++,
      { date: `2023:0${String(m)}:15 10:00:00` },
    );
  for (let i = 0; i < 3; i++)
    await writeColourPhoto(path.join(photos, `red-${String(i)}.jpg`), colours.red, seed++, {
      date: `2019:07:1${String(i)} 10:00:00`,
    });
  for (const m of ['06', '08', '10', '12'])
    await writeColourPhoto(path.join(photos, `y2018-m${m}.jpg`), colours.blue, seed++, {
      date: `2018:${m}:05 10:00:00`,
    });
  served = await indexAndServe(path.join(root, 'home'), photos);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Calls the core through the server's API, as any client with the token can. */
async function core<T>(channel: string, args: unknown): Promise<T> {
  const response = await fetch(`${served.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? 'failed'}`);
  return body.value as T;
}

const photoId = async (file: string) =>
  (await core<{ id: number }>('photos:resolve', { path: path.join(photos, file) })).id;
const tagsOf = async (file: string) =>
  core<{ key: string; state: string; source: string }[]>('tags:forPhoto', {
    photoId: await photoId(file),
    lang: 'en',
  });

async function openApp(page: Page): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.openUrl);
  await expect(page.getByRole('listbox', { name: 'Photos' })).toBeVisible();
}

/** What is drawn on top at a point (runs in the page: the e2e project has no DOM types). */
function hitAt(page: Page, x: number, y: number) {
  return page.evaluate<{
    tag: string;
    tint: boolean;
    check: boolean;
    option: string | null;
  }>(`(() => {
    const el = document.elementFromPoint(${String(x)}, ${String(y)});
    return {
      tag: el ? el.tagName : '',
      tint: Boolean(el && el.closest('.cell-tint')),
      check: Boolean(el && el.closest('.cell-check')),
      option: el && el.closest('[role=option]') ? el.closest('[role=option]').getAttribute('aria-label') : null,
    };
  })()`);
}

/** A grid tile by its file name (the grid's own name is translated). */
const option = (page: Page, name: string) =>
  page.getByRole('option', { name: new RegExp(`^${name.replace('.', '\\.')}`) });

test('a selected photo shows a check mark and a tint above its thumbnail', async ({ page }) => {
  await openApp(page);
  const cell = option(page, 'y2023-m08.jpg');
  // The thumbnail is loaded, so it would paint over anything drawn beneath it.
  await expect(cell.locator('img.thumb-image')).toHaveClass(/loaded/);
  const check = cell.locator('.cell-check');
  await expect(check).toHaveCSS('opacity', '0');
  await cell.click();
  await expect(cell).toHaveAttribute('aria-selected', 'true');
  await expect(check).toBeVisible();
  await expect(check).toHaveCSS('opacity', '1');
  await expect(cell.locator('.cell-tint')).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');

  const box = await cell.boundingBox();
  const badge = await check.boundingBox();
  if (!box || !badge) throw new Error('the tile has no layout');
  const centre = await hitAt(page, box.x + box.width / 2, box.y + box.height / 2);
  expect(centre).toMatchObject({ tint: true, option: expect.stringMatching(/^y2023-m08\.jpg/) });
  expect(centre.tag).not.toBe('IMG');
  expect(await hitAt(page, badge.x + badge.width / 2, badge.y + badge.height / 2)).toMatchObject({
    check: true,
  });

  // The check on another tile (shown on hover) adds it, keeping the first.
  const other = option(page, 'y2023-m07.jpg');
  await other.hover();
  await expect(other.locator('.cell-check')).toHaveCSS('opacity', '1');
  await other.locator('.cell-check').click();
  await expect(other).toHaveAttribute('aria-selected', 'true');
  await expect(cell).toHaveAttribute('aria-selected', 'true');
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await expect(bar).toContainText('2 selected');
  // Clicking the check again takes that photo out.
  await other.locator('.cell-check').click();
  await expect(other).toHaveAttribute('aria-selected', 'false');
  await expect(bar).toContainText('1 selected');
  expect(errors).toEqual([]);
});

test('the bar counts the selection, tags every selected photo, copies paths, Esc clears', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: served.origin,
  });
  await openApp(page);
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await expect(bar).toHaveCount(0);
  await page
    .getByRole('navigation', { name: 'Timeline' })
    .getByRole('button', { name: '2019' })
    .click();
  await option(page, 'red-2.jpg').click();
  await option(page, 'red-0.jpg').click({ modifiers: ['Shift'] });
  await expect(bar).toContainText('3 selected');

  // A tag in any language, on every selected photo.
  await bar.getByRole('button', { name: 'Add tag…' }).click();
  await bar.getByRole('textbox', { name: 'Tag for the selected photos' }).fill('Urlaub am Meer');
  await bar.getByRole('button', { name: 'Add tag', exact: true }).click();
  await expect(bar.getByRole('status')).toHaveText('Tagged 3 photos with “Urlaub am Meer”.');
  for (const file of ['red-0.jpg', 'red-1.jpg', 'red-2.jpg'])
    expect(await tagsOf(file), file).toContainEqual(
      expect.objectContaining({ key: 'Urlaub am Meer', state: 'accepted' }),
    );
  expect((await tagsOf('y2023-m05.jpg')).map((t) => t.key)).not.toContain('Urlaub am Meer');

  // Copy paths: one line per selected photo.
  await bar.getByRole('button', { name: 'Copy paths' }).click();
  await expect(bar.getByRole('status')).toHaveText('Copied 3 paths to the clipboard.');
  const copied = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(copied.split('\n').sort()).toEqual(
    ['red-0.jpg', 'red-1.jpg', 'red-2.jpg'].map((f) => path.join(photos, f)),
  );

  // Several photos: "find similar" needs one, and says so.
  await expect(bar.getByRole('button', { name: 'Find similar' })).toBeDisabled();
  // Desktop-only actions are not offered by the server.
  await expect(bar.getByRole('button', { name: 'Show in folder' })).toHaveCount(0);

  // Esc in a text field belongs to the field; elsewhere (here: a bar button) it clears.
  await page.getByRole('searchbox', { name: 'Search photos' }).focus();
  await page.keyboard.press('Escape');
  await expect(bar).toContainText('3 selected');
  await bar.getByRole('button', { name: 'Copy paths' }).focus();
  await page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await expect(page.locator('[role=option][aria-selected=true]')).toHaveCount(0);

  // Search results have the bar too; leaving them leaves their selection behind.
  const search = page.getByRole('searchbox', { name: 'Search photos' });
  await search.fill('rot');
  await expect(page.getByRole('status').filter({ hasText: 'relevant photo' })).toBeVisible();
  await page.getByRole('option').first().click();
  await expect(bar).toContainText('1 selected');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  await search.fill('');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Library');
  await expect(bar).toHaveCount(0);
});

test('accept or reject the suggested tags of a selection, mark for deletion, find similar', async ({
  page,
}) => {
  await openApp(page);
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  const suggested = async (file: string) =>
    (await tagsOf(file)).filter((t) => t.state === 'suggested').length;
  // test-tiny suggests each photo's colour.
  expect(await suggested('y2023-m08.jpg')).toBeGreaterThan(0);
  expect(await suggested('y2023-m07.jpg')).toBeGreaterThan(0);

  await option(page, 'y2023-m08.jpg').click();
  await bar.getByRole('button', { name: 'Accept suggested tags' }).click();
  await expect(bar.getByRole('status')).toHaveText(/^Accepted \d+ suggested tags?\.$/);
  expect(await suggested('y2023-m08.jpg')).toBe(0);
  expect((await tagsOf('y2023-m08.jpg')).filter((t) => t.source === 'auto')).not.toEqual([]);

  await option(page, 'y2023-m07.jpg').click();
  await expect(bar).toContainText('1 selected');
  await bar.getByRole('button', { name: 'Reject suggested tags' }).click();
  await expect(bar.getByRole('status')).toHaveText(/^Rejected \d+ suggested tags?\.$/);
  expect(await suggested('y2023-m07.jpg')).toBe(0);
  expect(await tagsOf('y2023-m07.jpg')).toEqual([]);
  expect(await suggested('y2023-m06.jpg')).toBeGreaterThan(0);

  // The server deletes nothing: it marks, as the duplicates view does.
  await option(page, 'y2023-m05.jpg').click();
  await bar.getByRole('button', { name: 'Mark for deletion' }).click();
  await expect(bar.getByRole('status')).toContainText('Marked 1 photos');
  expect((await tagsOf('y2023-m05.jpg')).map((t) => t.key)).toContain('marked-for-deletion');

  await option(page, 'y2023-m06.jpg').click();
  await bar.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Similar to y2023-m06.jpg');
  // A new view starts with nothing selected.
  await expect(bar).toHaveCount(0);
  await page.getByRole('option').first().click();
  await expect(bar).toContainText('1 selected');
});

test('the bar speaks the user’s language (German, Arabic plural forms)', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('button', { name: 'Fotos' }).click();
  await option(page, 'y2023-m08.jpg').click();
  await option(page, 'y2023-m06.jpg').click({ modifiers: ['Control'] });
  const bar = page.getByRole('toolbar', { name: 'Auswahl' });
  await expect(bar).toContainText('2 ausgewählt');
  await expect(bar.getByRole('button', { name: 'Pfade kopieren' })).toBeVisible();
  await bar.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await expect(bar).toHaveCount(0);

  await page.getByRole('button', { name: 'Einstellungen' }).click();
  await page.getByLabel('Sprache').selectOption('ar');
  await page.getByRole('button', { name: 'الصور' }).click();
  await option(page, 'y2023-m08.jpg').click();
  await option(page, 'y2023-m06.jpg').click({ modifiers: ['Control'] });
  await expect(page.getByRole('toolbar', { name: 'التحديد' })).toContainText('تم تحديد صورتين');
  await option(page, 'y2023-m05.jpg').click({ modifiers: ['Control'] });
  await expect(page.getByRole('toolbar', { name: 'التحديد' })).toContainText('تم تحديد 3 صور');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'الإعدادات' }).click();
  await page.getByLabel('اللغة').selectOption('en');
  await page.evaluate('localStorage.clear()');
});

test('the sticky month is opaque and names the rows at the top, also after a timeline jump', async ({
  page,
}) => {
  await openApp(page);
  const grid = page.getByRole('listbox', { name: 'Photos' });
  const sticky = page.locator('.grid-sticky');
  await expect(sticky).toHaveText('August 2023');
  // Opaque: thumbnails scrolled under it do not show through.
  await expect(sticky).toHaveCSS('background-color', /^rgb\(\d+, \d+, \d+\)$/);
  expect((await sticky.boundingBox())?.height).toBeGreaterThanOrEqual(30);

  const timeline = page.getByRole('navigation', { name: 'Timeline' });
  await timeline.getByRole('button', { name: '2019' }).click();
  await expect(sticky).toHaveText('July 2019');
  await expect(option(page, 'red-2.jpg')).toBeInViewport();
  // The month's first row lands just below the label, not under it.
  const label = await sticky.boundingBox();
  const firstOfMonth = await option(page, 'red-2.jpg').boundingBox();
  expect(firstOfMonth?.y).toBeGreaterThanOrEqual((label?.y ?? 0) + (label?.height ?? 0) - 1);
  await timeline.getByRole('button', { name: '2018' }).click();
  await expect(sticky).toHaveText('December 2018');
  await timeline.getByRole('button', { name: '2023' }).click();
  await expect(sticky).toHaveText('August 2023');

  // At any scroll position, the month of the row at the top edge of the grid.
  const gridBox = await grid.boundingBox();
  if (!gridBox) throw new Error('the grid has no layout');
  const monthAtTop = () =>
    page.evaluate<string | null>(`(() => {
      const el = document.elementFromPoint(${String(gridBox.x + 20)}, ${String(gridBox.y + 2)});
      const group = el && el.closest('[role=group]');
      if (group) return group.getAttribute('aria-label');
      const header = el && el.closest('.grid-header');
      return header ? header.textContent : null;
    })()`);
  for (const offset of [130, 470, 900, 1250, 1600]) {
    await grid.evaluate((el, top) => {
      (el as unknown as { scrollTop: number }).scrollTop = top;
    }, offset);
    await expect.poll(monthAtTop).not.toBeNull();
    const month = await monthAtTop();
    await expect(sticky, `scrolled to ${String(offset)}`).toHaveText(month ?? '');
  }
});
