/**
 * The Duplicates view against the real `fotoglot serve` over real photos indexed with
 * test-tiny: a spinner while the groups load, each copy with its folder and file name, the
 * same file in two places with the choice of which copy to keep (the server marks the other),
 * and "Not duplicates" remembered across a reload (see [Note: Near-duplicates]).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { repoRoot, runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';

const imagenet = path.join(repoRoot, '..', 'shared', 'data', 'imagenet-sample', 'images');
let root: string;
let photos: string;
let served: ServeProcess;
const errors: string[] = [];

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-dups-'));
  photos = path.join(root, 'photos');
  // One file, byte for byte, in two folders.
  for (const folder of ['holiday', 'backup']) {
    mkdirSync(path.join(photos, folder), { recursive: true });
    copyFileSync(
      path.join(imagenet, 'n01440764_tench.JPEG'),
      path.join(photos, folder, 'tench.jpg'),
    );
  }
  // A picture and its resized, re-encoded copy; and pictures that are nobody's copy.
  const misc = path.join(photos, 'misc');
  mkdirSync(misc);
  copyFileSync(path.join(imagenet, 'n01530575_brambling.JPEG'), path.join(misc, 'brambling.jpg'));
  await sharp(path.join(imagenet, 'n01530575_brambling.JPEG'))
    .resize(200)
    .jpeg({ quality: 60 })
    .toFile(path.join(misc, 'brambling-small.jpg'));
  copyFileSync(path.join(imagenet, 'n03676483_lipstick.JPEG'), path.join(misc, 'lipstick.jpg'));
  copyFileSync(
    path.join(imagenet, 'n04023962_punching_bag.JPEG'),
    path.join(misc, 'punching-bag.jpg'),
  );
  const home = path.join(root, 'home');
  expect((await runFotoglot(['--home', home, 'index', photos, '--no-watch'])).code).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

async function openDuplicates(page: Page): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.openUrl);
  await expect(page.getByRole('listbox', { name: 'Photos' })).toBeVisible();
  await page.getByRole('button', { name: 'Duplicates' }).click();
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

test('a spinner while duplicates load, then each copy with its folder and file name', async ({
  page,
}) => {
  // Hold the answer until the spinner has been seen (the real answer, only later).
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/photos:duplicates', async (route) => {
    await held;
    await route.continue();
  });
  await openDuplicates(page);
  const spinner = page.getByRole('status', { name: 'Looking for duplicates…' });
  await expect(spinner).toBeVisible();
  await expect(spinner).toHaveAttribute('aria-busy', 'true');
  release();
  await expect(spinner).toBeHidden();

  const same = page.getByRole('region', { name: /^Same file in 2 places: / });
  await expect(same).toHaveCount(1);
  await expect(same).toContainText(path.join(photos, 'holiday'));
  await expect(same).toContainText(path.join(photos, 'backup'));
  await expect(same.getByText('tench.jpg', { exact: true })).toHaveCount(2);
  const near = page.getByRole('region', { name: /^Near-duplicates · \d+ ?% alike: / });
  await expect(near).toHaveCount(1);
  await expect(near).toContainText('brambling-small.jpg');
  await expect(near).toContainText(path.join(photos, 'misc'));
  // Different pictures are never offered as duplicates.
  await expect(page.getByRole('region').filter({ hasText: 'lipstick.jpg' })).toHaveCount(0);
  await expect(page.getByRole('region').filter({ hasText: 'punching-bag.jpg' })).toHaveCount(0);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('every language names the kinds honestly: same file in 2 places, near-duplicates', async ({
  page,
}) => {
  for (const lang of ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'zh-CN', 'ja', 'ar']) {
    const strings = JSON.parse(
      readFileSync(path.join(repoRoot, 'src/renderer/i18n/locales', `${lang}.json`), 'utf8'),
    ) as Record<string, string>;
    const text = (key: string) => strings[key] ?? `missing ${key}`;
    const sameFile = text(`duplicates.sameFile_${new Intl.PluralRules(lang).select(2)}`).replace(
      '{{count}}',
      '2',
    );
    await page.goto(served.openUrl);
    await page.evaluate((l) => {
      localStorage.setItem('fotoglot.language', l);
    }, lang);
    await page.reload();
    await page.getByRole('button', { name: text('nav.duplicates') }).click();
    const same = page.getByRole('region', { name: `${sameFile}: tench.jpg, tench.jpg` });
    await expect(same, lang).toBeVisible();
    await expect(same.getByRole('heading'), lang).toHaveText(sameFile);
    await expect(same, lang).toContainText(text('duplicates.about.sameFile'));
    const near = page.getByRole('region').filter({ hasText: 'brambling-small.jpg' });
    await expect(near.getByRole('heading'), lang).toContainText(text('duplicates.near'));
    await expect(near, lang).toContainText(text('duplicates.about.near'));
  }
  await page.evaluate('localStorage.clear()');
});

test('same file in two places: choose the copy to keep; the server marks the other', async ({
  page,
}) => {
  await openDuplicates(page);
  const same = page.getByRole('region', { name: /^Same file in 2 places: / });
  const copies = same.getByRole('listitem');
  await expect(copies).toHaveCount(2);
  // Keep the copy that is not suggested: the other one is marked.
  const other = copies.filter({
    has: page.getByRole('radio', { name: 'Keep this one', checked: false }),
  });
  const otherFolder = (await other.locator('.copy-folder').textContent()) ?? '';
  await other.getByRole('radio', { name: 'Keep this one' }).check();
  await same.getByRole('button', { name: 'Mark 1 copy for deletion' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Marked 1 file for deletion' }),
  ).toBeVisible();
  const marked = page
    .getByRole('region', { name: /^Same file in 2 places: / })
    .getByRole('listitem')
    .filter({ hasText: 'Marked for deletion' });
  await expect(marked).toHaveCount(1);
  await expect(marked).not.toContainText(otherFolder);
  // The server deletes nothing.
  for (const folder of ['holiday', 'backup'])
    expect(existsSync(path.join(photos, folder, 'tench.jpg'))).toBe(true);
  await expectAccessible(page);
});

test('"Not duplicates" hides the group, also after a reload', async ({ page }) => {
  await openDuplicates(page);
  const near = page.getByRole('region', { name: /^Near-duplicates/ });
  await expect(near).toHaveCount(1);
  await near.getByRole('button', { name: 'Not duplicates' }).click();
  await expect(near).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: 'will not be shown as duplicates again' }),
  ).toBeVisible();
  // The address keeps the view (see [Note: Route in the hash]): the reload opens Duplicates again.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Duplicates', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('region', { name: /^Same file in 2 places/ })).toHaveCount(1);
  await expect(page.getByRole('region', { name: /^Near-duplicates/ })).toHaveCount(0);
});
