/**
 * The UI against the real `fotoglot serve` over a library indexed with test-tiny: the grid,
 * search with chips and the relevance line, the viewer with tags and "find similar",
 * keyboard use, languages (Arabic right to left) and axe accessibility checks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;
const errors: string[] = [];

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-ui-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(photos, `red-${String(i)}.jpg`), colours.red, i, {
      date: `2019:07:1${String(i)} 10:00:00`,
      make: 'Google',
      model: 'Pixel 7',
    });
    await writeColourPhoto(path.join(photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i, {
      date: `2021:08:0${String(i + 1)} 12:00:00`,
    });
    await writeColourPhoto(path.join(photos, `green-${String(i)}.jpg`), colours.green, 20 + i, {
      date: `2021:12:2${String(i)} 12:00:00`,
    });
  }
  // Not a photo: reported with its reason, never shown, never a crash.
  writeFileSync(path.join(photos, 'broken.jpg'), Buffer.from('this is not a JPEG'));
  served = await indexAndServe(path.join(root, 'home'), photos);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

async function openApp(page: Page): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.openUrl);
  await expect(page.getByRole('listbox', { name: 'Photos' })).toBeVisible();
}

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

test('the library grid shows every photo by name, grouped by month, with thumbnails', async ({
  page,
}) => {
  await openApp(page);
  const grid = page.getByRole('listbox', { name: 'Photos' });
  await expect(grid.getByRole('option')).toHaveCount(9);
  await expect(grid.getByRole('option', { name: /^red-0\.jpg/ })).toBeVisible();
  await expect(grid.getByRole('group', { name: 'December 2021' }).first()).toBeVisible();
  // The month's header, and the sticky label over it while it is the top row.
  await expect(grid.getByText('December 2021')).toHaveCount(2);
  await expect(grid.getByText('December 2021').first()).toBeVisible();
  // Thumbnails load from /media by photo id.
  const firstThumb = grid.locator('img.thumb-image').first();
  await expect
    .poll(() =>
      firstThumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    )
    .toBeGreaterThan(0);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('search by meaning in another language, with a date chip that can be removed', async ({
  page,
}) => {
  await openApp(page);
  const search = page.getByRole('searchbox', { name: 'Search photos' });
  await search.fill('rot');
  const grid = page.getByRole('listbox', { name: 'Photos' });
  await expect(page.getByRole('status').filter({ hasText: '3 relevant photos' })).toBeVisible();
  await expect(grid.getByRole('option')).toHaveCount(3);
  for (const option of await grid.getByRole('option').all())
    await expect(option).toHaveAccessibleName(/^red-/);

  // "Show more" lists the rest below a line where relevance drops.
  await page.getByRole('button', { name: /Show 6 more results/ }).click();
  await expect(grid.getByRole('option')).toHaveCount(9);
  await expect(grid.getByText('Less relevant results')).toBeVisible();
  await expect(
    grid.getByRole('group', { name: 'Less relevant results' }).getByRole('option'),
  ).toHaveCount(6);

  // A date in the query becomes a chip; removing it widens the search again.
  await search.fill('blau 2021');
  await expect(page.getByRole('list', { name: 'Filters' })).toContainText('Date:');
  await expect(grid.getByRole('option')).toHaveCount(3);
  await search.fill('rot 2021');
  await expect(page.getByText(/Nothing matches “rot 2021”/)).toBeVisible();
  await page.getByRole('button', { name: /^Remove filter Date/ }).click();
  await expect(search).toHaveValue('rot');
  await expect(grid.getByRole('option')).toHaveCount(3);
  await expectAccessible(page);
});

test('keyboard: arrows move, Enter opens the viewer, tags can be accepted, Esc closes', async ({
  page,
}) => {
  await openApp(page);
  const grid = page.getByRole('listbox', { name: 'Photos' });
  await grid.getByRole('option').first().focus();
  await page.keyboard.press('End');
  await expect(grid.getByRole('option').last()).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(grid.getByRole('option').nth(1)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(grid.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  const viewer = page.getByRole('dialog');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('img')).toBeVisible();
  // test-tiny suggests the photo's colour; accept it.
  const tags = viewer.getByRole('region', { name: 'Tags' });
  const accept = tags.getByRole('button', { name: /^Accept tag / });
  await expect(accept).toBeVisible();
  await accept.click();
  await expect(tags.getByRole('button', { name: /^Accept tag / })).toHaveCount(0);
  // A tag of one's own, in any language.
  await tags.getByRole('textbox', { name: 'Add tag' }).fill('Urlaub');
  await tags.getByRole('button', { name: 'Add tag' }).click();
  await expect(tags).toContainText('Urlaub');
  await expectAccessible(page);

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});

test('zooming in past 100 % shows the photo itself; media answer only for known ids', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('option', { name: /^red-0\.jpg/ }).dblclick();
  const image = page.getByRole('dialog').getByRole('img', { name: 'red-0.jpg' });
  await expect(image).toHaveAttribute('src', /\/media\/preview\/\d+$/);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(image).toHaveAttribute('src', /\/media\/original\/\d+$/);
  const src = (await image.getAttribute('src')) ?? '';
  const original = await page.request.get(served.origin + src);
  expect(original.status()).toBe(200);
  expect(original.headers()['content-type']).toBe('image/jpeg');
  expect((await original.body()).equals(readFileSync(path.join(root, 'photos', 'red-0.jpg')))).toBe(
    true,
  );
  const preview = await page.request.get(served.origin + src.replace('/original/', '/preview/'));
  expect(preview.headers()['content-type']).toBe('image/webp');
  expect((await page.request.get(`${served.origin}/media/original/999999`)).status()).toBe(404);
  expect(
    (await page.request.get(`${served.origin}/media/original/..%2f..%2fetc%2fpasswd`)).status(),
  ).toBe(404);
});

test('find similar from the viewer lists the photos of the same colour first', async ({ page }) => {
  await openApp(page);
  await page.getByRole('option', { name: /^green-1\.jpg/ }).dblclick();
  await page.getByRole('dialog').getByRole('button', { name: 'Find similar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Similar to green-1.jpg');
  for (const i of [0, 1])
    await expect(page.getByRole('option').nth(i)).toHaveAccessibleName(/^green-/);
});

test('languages: German labels, Arabic right to left, dates formatted for the locale', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('de');
  await expect(page.getByRole('navigation', { name: 'Bereiche' })).toBeVisible();
  await page.getByRole('button', { name: 'Fotos' }).click();
  await expect(page.getByText('Dezember 2021').first()).toBeVisible();
  await page.getByRole('button', { name: 'Einstellungen' }).click();
  await page.getByLabel('Sprache').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expectAccessible(page);
  // The choice is remembered.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.evaluate('localStorage.clear()');
});

test('duplicates: groups with the best copy; the server marks chosen copies, deletes nothing', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Duplicates' }).click();
  // Flat colours of different sizes: the same picture resized (see [Note: Near-duplicates]).
  const groups = page.getByRole('region', { name: /^Near-duplicates · / });
  await expect(groups).toHaveCount(3);
  const red = groups.filter({ hasText: 'red-0.jpg' });
  await expect(red.getByText('Best copy')).toHaveCount(1);
  await red.getByRole('button', { name: 'Mark 2 copies for deletion' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marked 2 photos' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search photos' }).fill('tag:marked-for-deletion');
  await expect(page.getByRole('option')).toHaveCount(2);
  // Desktop-only actions are not offered by the server.
  await page.getByRole('option').first().dblclick();
  await expect(
    page.getByRole('dialog').getByRole('button', { name: 'Show in folder' }),
  ).toHaveCount(0);
  await expectAccessible(page);
});

test('settings: storage, preview cache, performance; problem files with reasons; the timeline', async ({
  page,
}) => {
  await openApp(page);
  const timeline = page.getByRole('navigation', { name: 'Timeline' });
  await expect(timeline.getByRole('button')).toHaveText(['2021', '2019']);
  await timeline.getByRole('button', { name: '2019' }).click();
  await expect(page.getByRole('option', { name: /^red-0\.jpg/ })).toBeInViewport();

  await page.getByRole('button', { name: '1 file could not be read' }).click();
  const problems = page.getByRole('dialog', { name: 'Files that could not be read' });
  await expect(problems).toContainText('broken.jpg');
  await expect(problems).toContainText(/not|JPEG|image/i);

  await page.getByRole('button', { name: 'Settings' }).click();
  const storage = page.getByRole('region', { name: 'Storage' });
  await expect(storage).toContainText('Thumbnails');
  await storage.getByRole('button', { name: 'Clear preview cache' }).click();
  await expect(storage.getByRole('status')).toContainText('Freed');
  const provider = page.getByLabel('Processor for indexing');
  await provider.selectOption('cpu');
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Processor for indexing')).toHaveValue('cpu');
  await expect(page.getByRole('region', { name: 'About' })).toContainText(/onnxruntime \d/);
  await expectAccessible(page);
});

test('drag-select: a band drawn over the grid selects the photos under it', async ({ page }) => {
  await openApp(page);
  const options = page.getByRole('listbox', { name: 'Photos' }).getByRole('option');
  const first = await options.nth(0).boundingBox();
  const third = await options.nth(2).boundingBox();
  if (!first || !third) throw new Error('grid cells have no layout');
  await page.mouse.move(first.x + 10, first.y + 10);
  await page.mouse.down();
  await page.mouse.move(third.x + 20, third.y + 20, { steps: 5 });
  await page.mouse.up();
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
});

test('a tag from the user’s own words: the preview shows the photos that match, then tags them', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  const custom = page.getByRole('region', { name: 'Create a tag from text' });
  await custom.getByRole('textbox', { name: 'Create a tag from text' }).fill('rot');
  await custom.getByRole('button', { name: 'Preview matches' }).click();
  const preview = custom.getByRole('list', { name: 'Preview matches' });
  await expect(preview.getByRole('checkbox')).toHaveCount(3);
  for (const box of await preview.getByRole('checkbox').all())
    await expect(box).toHaveAccessibleName(/^Keep red-/);
  await custom.getByRole('button', { name: 'Tag 3 photos' }).click();
  await expect(custom.getByRole('status')).toHaveText('Tagged 3 photos.');
  await expect(preview).toBeHidden();
  await expectAccessible(page);
});
