/**
 * The route in the URL (see [Note: Route in the hash]) against the real `fotoglot serve`:
 * Back/Forward between views, searches and opened photos; reload and bookmarks restore the
 * view, the query and the open photo; the search's chips never show where they do not apply.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-routing-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  for (let i = 0; i < 2; i++) {
    await writeColourPhoto(path.join(photos, `red-${String(i)}.jpg`), colours.red, i, {
      date: `2019:07:1${String(i)} 10:00:00`,
    });
    await writeColourPhoto(path.join(photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i, {
      date: `2021:08:0${String(i + 1)} 12:00:00`,
    });
    await writeColourPhoto(path.join(photos, `green-${String(i)}.jpg`), colours.green, 20 + i, {
      date: `2021:12:2${String(i)} 12:00:00`,
    });
  }
  served = await indexAndServe(path.join(root, 'home'), photos);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search photos' });
const chips = (page: Page) => page.getByRole('list', { name: 'Filters' });
const grid = (page: Page) => page.getByRole('listbox', { name: 'Photos' });
const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(served.openUrl + hash);
  await expect(heading(page)).toBeVisible();
}

test('Back and Forward move between views, searches and the opened photo', async ({ page }) => {
  await openApp(page);
  await expect(heading(page)).toHaveText('Library');
  await section(page, 'Tags').click();
  await expect(heading(page)).toHaveText('Tags');
  await section(page, 'Duplicates').click();
  await expect(heading(page)).toHaveText('Duplicates');
  await page.goBack();
  await expect(heading(page)).toHaveText('Tags');
  await expect(section(page, 'Tags')).toHaveAttribute('aria-current', 'page');
  await page.goBack();
  await expect(heading(page)).toHaveText('Library');
  await page.goForward();
  await expect(heading(page)).toHaveText('Tags');
  // Esc in the empty search box is no step at all: Back still returns to the library.
  await searchBox(page).press('Escape');
  await page.goBack();
  await expect(heading(page)).toHaveText('Library');

  // Typing is one step, not one per key: a single Back returns to where the search began.
  await searchBox(page).pressSequentially('blau', { delay: 30 });
  await expect(grid(page).getByRole('option')).toHaveCount(2);
  await grid(page)
    .getByRole('option', { name: /^blue-0\.jpg/ })
    .dblclick();
  const viewer = page.getByRole('dialog');
  await expect(viewer).toHaveAccessibleName('blue-0.jpg');
  // Back closes the viewer, Forward opens it again.
  await page.goBack();
  await expect(viewer).toBeHidden();
  await expect(searchBox(page)).toHaveValue('blau');
  await page.goForward();
  await expect(viewer).toHaveAccessibleName('blue-0.jpg');
  // Closing the viewer is that same step back: no entry is left to reopen it.
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await page.goBack();
  await expect(heading(page)).toHaveText('Library');
  await expect(searchBox(page)).toHaveValue('');
  await page.goForward();
  await expect(searchBox(page)).toHaveValue('blau');
  await expect(grid(page).getByRole('option')).toHaveCount(2);
});

test('reload keeps the view, the query and the open photo', async ({ page }) => {
  await openApp(page);
  await section(page, 'Settings').click();
  await page.reload();
  await expect(heading(page)).toHaveText('Settings');

  await searchBox(page).fill('rot');
  await expect(grid(page).getByRole('option')).toHaveCount(2);
  await grid(page)
    .getByRole('option', { name: /^red-1\.jpg/ })
    .dblclick();
  await expect(page.getByRole('dialog')).toHaveAccessibleName('red-1.jpg');
  await page.reload();
  await expect(page.getByRole('dialog')).toHaveAccessibleName('red-1.jpg');
  await expect(searchBox(page)).toHaveValue('rot');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(heading(page)).toHaveText('Search photos');
  await expect(grid(page).getByRole('option')).toHaveCount(2);
  for (const option of await grid(page).getByRole('option').all())
    await expect(option).toHaveAccessibleName(/^red-/);
});

test('a bookmarked URL with a query opens its results, through the ?token= address too', async ({
  page,
}) => {
  // The printed address with a route: the token becomes a cookie, the route stays.
  await openApp(page, '#/search?q=blau');
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect(new URL(page.url()).hash).toBe('#/search?q=blau');
  await expect(searchBox(page)).toHaveValue('blau');
  await expect(grid(page).getByRole('option')).toHaveCount(2);
  for (const option of await grid(page).getByRole('option').all())
    await expect(option).toHaveAccessibleName(/^blue-/);

  // A bookmark without the token (the cookie holds it), with a kept filter.
  await page.goto(`${served.origin}/#/search?q=rot&chip=date:2019-01-01..2020-01-01`);
  await expect(searchBox(page)).toHaveValue('rot');
  await expect(chips(page)).toContainText('Date:');
  await expect(grid(page).getByRole('option')).toHaveCount(2);
  await page.goto(`${served.origin}/#/tags`);
  await expect(heading(page)).toHaveText('Tags');
});

test('chips go with the query and show only on search results', async ({ page }) => {
  await openApp(page);
  // A date and a folder from the query; removing the folder keeps the date as a chip.
  await searchBox(page).fill('blau 2021 in:photos');
  await expect(chips(page)).toContainText('Folder:');
  await page.getByRole('button', { name: /^Remove filter Folder/ }).click();
  await expect(searchBox(page)).toHaveValue('blau');
  await expect(chips(page)).toContainText('Date:');
  await expect(chips(page)).not.toContainText('Folder:');
  await expect(page).toHaveURL(/chip=date/);

  for (const name of ['Tags', 'Duplicates', 'Settings', 'Library']) {
    await section(page, name).click();
    await expect(heading(page)).toHaveText(name);
    await expect(chips(page)).toHaveCount(0);
    await expect(searchBox(page)).toHaveValue('');
  }
  // Back to the search: its chip comes back with it.
  for (let i = 0; i < 4; i++) await page.goBack();
  await expect(searchBox(page)).toHaveValue('blau');
  await expect(chips(page)).toContainText('Date:');

  // Clearing the query clears the kept chip too, and shows the library.
  await searchBox(page).fill('');
  await expect(chips(page)).toHaveCount(0);
  await expect(heading(page)).toHaveText('Library');
  await expect(grid(page).getByRole('option')).toHaveCount(6);
  // Typing again starts afresh: no chip from before.
  await searchBox(page).fill('rot');
  await expect(grid(page).getByRole('option')).toHaveCount(2);
  await expect(chips(page)).toHaveCount(0);
});

test('find similar shows no chips from the search before it', async ({ page }) => {
  await openApp(page);
  await searchBox(page).fill('blau 2021');
  await expect(chips(page)).toContainText('Date:');
  await grid(page)
    .getByRole('option', { name: /^blue-1\.jpg/ })
    .dblclick();
  await page.getByRole('dialog').getByRole('button', { name: 'Find similar' }).click();
  await expect(heading(page)).toHaveText('Similar to blue-1.jpg');
  await expect(grid(page).getByRole('option').first()).toHaveAccessibleName(/^blue-/);
  await expect(chips(page)).toHaveCount(0);
  await expect(searchBox(page)).toHaveValue('');
  // The similar photos are a place of their own: reload shows them again.
  await page.reload();
  await expect(heading(page)).toHaveText('Similar to blue-1.jpg');
  await expect(grid(page).getByRole('option').first()).toHaveAccessibleName(/^blue-/);
  // Back returns to the photo it was found from, over the search.
  await page.goBack();
  await expect(page.getByRole('dialog')).toHaveAccessibleName('blue-1.jpg');
  await expect(searchBox(page)).toHaveValue('blau 2021');
});
