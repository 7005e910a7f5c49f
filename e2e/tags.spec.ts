/**
 * The Tags view against the real `fotoglot serve` over a library indexed with test-tiny: tags
 * listed with cover photos and counts in the right plural form (English, Russian, Arabic),
 * file-keyword junk left out, suggestions reviewed photo by photo, a tag made from text with
 * wrong matches excluded, and a tag typed in another language kept as typed unless the user
 * picks the translation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;
const errors: string[] = [];

/** A sidecar with keywords, as digiKam or Lightroom would leave it. */
const sidecar = (keywords: string[]) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${k}</rdf:li>`).join('')}</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-tags-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  const keywords: Record<string, string[]> = {
    // Five, two and one photo: "5 фотографий", "2 фотографии", "1 фотография"; "5 صور", "صورتان", "صورة واحدة".
    'red-0.jpg': ['Sommerfest', '.jpg', 'IMG_0001'],
    'red-1.jpg': ['Sommerfest', 'SN 0412345678'],
    'red-2.jpg': ['Sommerfest', '2019'],
    'green-0.jpg': ['Sommerfest', 'Omas Garten'],
    'green-1.jpg': ['Sommerfest', 'Omas Garten'],
    'green-2.jpg': ['Familie Müller'],
  };
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(photos, `red-${String(i)}.jpg`), colours.red, i);
    await writeColourPhoto(path.join(photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
    await writeColourPhoto(path.join(photos, `green-${String(i)}.jpg`), colours.green, 20 + i);
  }
  for (const [file, words] of Object.entries(keywords))
    writeFileSync(path.join(photos, `${file}.xmp`), sidecar(words));
  served = await indexAndServe(path.join(root, 'home'), photos);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

async function openTags(page: Page, language = 'en'): Promise<Locator> {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript((lang) => {
    localStorage.setItem('fotoglot.language', lang);
  }, language);
  await page.goto(served.openUrl);
  const nav = page.getByRole('navigation').first();
  const tagsButton = nav.getByRole('button', {
    name: { en: 'Tags', ru: 'Теги', ar: 'الوسوم' }[language] ?? 'Tags',
    exact: true,
  });
  await tagsButton.click();
  return page.locator('ul.tag-rows');
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

const row = (list: Locator, name: string) =>
  list.getByRole('listitem').filter({ has: list.page().getByText(name, { exact: true }) });

test('tags are listed with a cover photo and counts in the right plural form, junk left out', async ({
  page,
}) => {
  const list = await openTags(page);
  await expect(row(list, 'Sommerfest')).toContainText('5 photos');
  await expect(row(list, 'Omas Garten')).toContainText('2 photos');
  await expect(row(list, 'Familie Müller')).toContainText('1 photo');
  await expect(row(list, 'Familie Müller')).not.toContainText('1 photos');
  await expect(row(list, 'blue')).toContainText('0 photos · 3 suggestions to review');
  // Every tag has a cover thumbnail that loads.
  const cover = row(list, 'Omas Garten').locator('img.thumb-image');
  await expect
    .poll(() => cover.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBeGreaterThan(0);
  // File-keyword junk never became a tag.
  const names = await list.locator('.tag-name').allTextContents();
  for (const junk of ['.jpg', 'IMG_0001', 'SN 0412345678', '2019'])
    expect(names).not.toContain(junk);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('counts in Russian and Arabic use each plural form', async ({ browser }) => {
  const expected: Record<string, [string, string][]> = {
    ru: [
      ['Sommerfest', '5 фотографий'],
      ['Omas Garten', '2 фотографии'],
      ['Familie Müller', '1 фотография'],
    ],
    ar: [
      ['Sommerfest', '5 صور'],
      ['Omas Garten', 'صورتان'],
      ['Familie Müller', 'صورة واحدة'],
    ],
  };
  for (const [language, rows] of Object.entries(expected)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const list = await openTags(page, language);
    for (const [name, count] of rows) await expect(row(list, name)).toContainText(count);
    await context.close();
  }
});

test('suggestions are reviewed photo by photo; excluded photos are rejected and stay rejected', async ({
  page,
}) => {
  const list = await openTags(page);
  await row(list, 'blue').getByRole('button', { name: 'Review suggestions of blue' }).click();
  const review = page.getByRole('region', { name: 'Suggested for “blue”' });
  const grid = review.getByRole('list', { name: 'Suggested for “blue”' });
  await expect(grid.getByRole('checkbox')).toHaveCount(3);
  for (const box of await grid.getByRole('checkbox').all()) await expect(box).toBeChecked();
  await grid.getByRole('checkbox', { name: 'Keep blue-2.jpg' }).uncheck();
  await expect(review.getByRole('status')).toHaveText('1 excluded photo will be rejected');
  await expectAccessible(page);
  await review.getByRole('button', { name: 'Accept 2 photos' }).click();

  await expect(row(list, 'blue')).toContainText('2 photos');
  await expect(row(list, 'blue')).not.toContainText('suggestion');
  await expect(row(list, 'blue').getByRole('button', { name: /^Review/ })).toHaveCount(0);
  // The rejection is the user's decision, kept after a reload.
  await page.reload();
  const again = await openTags(page);
  await expect(row(again, 'blue')).toContainText('2 photos');
  await expect(row(again, 'blue')).not.toContainText('suggestion');
});

test('a tag from text: wrong matches are excluded before creating it, and remembered', async ({
  page,
}) => {
  const list = await openTags(page);
  const custom = page.getByRole('region', { name: 'Create a tag from text' });
  const input = custom.getByRole('textbox', { name: 'Create a tag from text' });
  await input.fill('vert');
  await custom.getByRole('button', { name: 'Preview matches' }).click();
  const preview = custom.getByRole('list', { name: 'Preview matches' });
  await expect(preview.getByRole('checkbox')).toHaveCount(3);
  await preview.getByRole('checkbox', { name: 'Keep green-0.jpg' }).uncheck();
  await custom.getByRole('button', { name: 'Tag 2 photos' }).click();
  await expect(custom.getByRole('status')).toHaveText('Tagged 2 photos.');
  await expect(row(list, 'vert')).toContainText('2 photos');

  // The excluded photo is remembered: a new preview shows it unchecked.
  await input.fill('vert');
  await custom.getByRole('button', { name: 'Preview matches' }).click();
  await expect(preview.getByRole('checkbox', { name: 'Keep green-0.jpg' })).not.toBeChecked();
  await expect(preview.getByRole('checkbox', { name: 'Keep green-1.jpg' })).toBeChecked();
});

test('"Hund" typed in an English UI stays "Hund" unless the translation is picked', async ({
  page,
}) => {
  await openTags(page);
  await page.getByRole('navigation').first().getByRole('button', { name: 'Library' }).click();
  await page.getByRole('option', { name: /^red-0\.jpg/ }).dblclick();
  const tags = page.getByRole('dialog').getByRole('region', { name: 'Tags' });
  await tags.getByRole('textbox', { name: 'Add tag' }).fill('Hund');
  await tags.getByRole('button', { name: 'Add tag' }).click();
  await expect(tags.locator('.tag-list')).toContainText('Hund');
  await expect(tags.locator('.tag-list')).not.toContainText('dog');
  const offer = tags.getByRole('status');
  await expect(offer).toContainText('“Hund” was added as you typed it.');
  await expectAccessible(page);

  await offer.getByRole('button', { name: 'Use “dog” instead' }).click();
  await expect(tags.locator('.tag-list')).toContainText('dog');
  await expect(tags.locator('.tag-list')).not.toContainText('Hund');
  await expect(offer).toBeHidden();
});
