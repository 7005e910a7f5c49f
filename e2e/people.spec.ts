/**
 * People against the real `fotoglot serve`: real LFW photos of ../shared/data/faces indexed by
 * `fotoglot index` (the real faces stage and inference process), then in Chromium: see the
 * persons, name one, merge two by dragging, split one on its page, correct a face in the
 * viewer; merge a selection, choose a cover, "not this person", hide and show; every decision
 * survives a reload. The People view in Arabic, right to left, and a library without faces.
 */
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { runFotoglot, startServe, type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';
import { namePerson, personCard, personCards } from './people-page';

const faces = realpathSync(path.resolve(import.meta.dirname, '../../shared/data/faces'));
const identities = ['Colin_Powell', 'Tony_Blair', 'Vladimir_Putin'];
let root: string;
let served: ServeProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-people-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  for (const [i, id] of identities.entries())
    for (const [j, n] of ['0001', '0002', '0003'].entries()) {
      const file = path.join(photos, `${id}_${n}.jpg`);
      copyFileSync(path.join(faces, 'lfw_krasserm', id, `${id}_${n}.jpg`), file);
      // LFW photos carry no date: the file's time orders them (a day apart each).
      const when = new Date(Date.UTC(2019, i, j + 1, 12));
      utimesSync(file, when, when);
    }
  const home = path.join(root, 'home');
  served = await indexAndServe(home, photos);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

const people = personCards;
const card = personCard;

/** No serious or critical WCAG 2 A/AA violation on the page as it is now. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  ).toEqual([]);
}

async function openPeople(page: Page) {
  await page.goto(served.openUrl);
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'People' })
    .click();
  await expect(page).toHaveURL(/#\/people$/);
}

test('see persons, name one, merge two, split one, all surviving a reload', async ({ page }) => {
  await openPeople(page);
  // Three people of three photos each, unnamed, each shown by a face.
  await expect(people(page)).toHaveCount(3);
  await expect(people(page).getByText('3 photos')).toHaveCount(3);
  await expect(page.getByText('3 people')).toBeVisible();
  await expectAccessible(page);

  // Name one (Esc first cancels, Enter saves).
  const first = people(page).nth(0);
  await first.getByRole('button', { name: 'Add a name' }).click();
  await first.getByRole('textbox', { name: 'Name' }).fill('Nobody');
  await first.getByRole('textbox', { name: 'Name' }).press('Escape');
  await expect(first.getByRole('button', { name: 'Add a name' })).toBeVisible();
  await namePerson(first, 'Anna');
  await expect(card(page, 'Anna')).toHaveCount(1);
  // Named persons come first.
  await expect(
    people(page).first().getByRole('button', { name: 'Anna', exact: true }),
  ).toBeVisible();

  await namePerson(people(page).nth(1), 'Ben');
  await expect(card(page, 'Ben')).toHaveCount(1);

  // Drag the unnamed person onto Ben: asked first, naming both.
  await card(page, 'Unnamed').dragTo(card(page, 'Ben'));
  const dialog = page.getByRole('dialog', { name: 'Merge these people?' });
  // Names are isolated (U+2068…U+2069) so either script reads right in the sentence.
  await expect(dialog).toContainText(/\u2068Unnamed\u2069 will be merged into \u2068Ben\u2069\./);
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(people(page)).toHaveCount(2);
  await expect(card(page, 'Ben').getByText('6 photos')).toBeVisible();

  // Split three of Ben's six faces into a new person on Ben's page.
  await card(page, 'Ben').getByRole('button', { name: 'Ben', exact: true }).click();
  await expect(page).toHaveURL(/#\/people\/\d+$/);
  await expect(page.getByRole('heading', { name: '6 faces' })).toBeVisible();
  for (const n of [1, 2, 3])
    await page.getByRole('button', { name: new RegExp(`^Face ${String(n)}, `) }).click();
  await expect(page.getByText('3 faces selected')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Split into new person' }).click();
  await expect(page.getByRole('heading', { name: '3 faces' })).toBeVisible();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(3);

  // After a reload: Anna, Ben and the split-off person, three photos each.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ben' })).toBeVisible();
  await page.getByRole('button', { name: 'All people' }).click();
  await expect(people(page)).toHaveCount(3);
  await expect(card(page, 'Anna').getByText('3 photos')).toBeVisible();
  await expect(card(page, 'Ben').getByText('3 photos')).toBeVisible();
  await expect(card(page, 'Unnamed').getByText('3 photos')).toBeVisible();
});

test('correct a face in the viewer: boxes with names, renamed through the popover', async ({
  page,
}) => {
  await openPeople(page);
  await card(page, 'Anna').getByRole('button', { name: 'Anna', exact: true }).click();
  await page.getByRole('listbox').getByRole('option').first().dblclick();
  const viewer = page.getByRole('dialog').first();
  await expect(viewer).toBeVisible();
  const toggle = viewer.getByRole('button', { name: 'Faces' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await viewer.press('f');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const box = viewer.getByRole('button', { name: 'Face: Anna' });
  await expect(box).toBeVisible();
  // The box sits on the photo, inside its frame.
  const frame = await viewer.locator('.viewer-frame').boundingBox();
  const shown = await box.boundingBox();
  expect(frame && shown).toBeTruthy();
  if (frame && shown) {
    expect(shown.x).toBeGreaterThanOrEqual(frame.x - 1);
    expect(shown.x + shown.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
  }

  // Zoomed in, the box grows with the photo.
  const width = async () => (await box.boundingBox())?.width ?? 0;
  const before = await width();
  await viewer.press('+');
  await expect.poll(width).toBeGreaterThan(before * 1.4);
  await viewer.press('0');
  await expect.poll(width).toBeCloseTo(before, 0);

  // "This is Ben": an existing person's name moves the face there.
  await box.click();
  const popover = viewer.getByRole('dialog', { name: 'Who is this?' });
  await expect(popover.getByRole('button', { name: 'Not Anna' })).toBeVisible();
  await expectAccessible(page);
  await popover.getByRole('combobox', { name: 'Who is this?' }).fill('ben');
  await popover.getByRole('button', { name: 'Save' }).click();
  await expect(viewer.getByRole('button', { name: 'Face: Ben' })).toBeVisible();
  await viewer.press('Escape');

  await page.reload();
  await expect(page.getByText('2 photos')).toBeVisible();
  await page.getByRole('button', { name: 'All people' }).click();
  await expect(card(page, 'Anna').getByText('2 photos')).toBeVisible();
  await expect(card(page, 'Ben').getByText('4 photos')).toBeVisible();
});

test('Arabic: the People view right to left, with Arabic plurals', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('fotoglot.language', 'ar');
  });
  await page.goto(`${served.openUrl}#/people`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'الأشخاص' })).toBeVisible();
  await expect(card(page, 'Anna').getByText('صورتان')).toBeVisible();
  await expectAccessible(page);
});

test('merge a selection, choose the cover, "Not this person", hide and show', async ({ page }) => {
  await openPeople(page);
  await expect(people(page)).toHaveCount(3);
  await card(page, 'Unnamed').getByRole('checkbox', { name: 'Select Unnamed' }).check();
  await card(page, 'Anna').getByRole('checkbox', { name: 'Select Anna' }).check();
  const actions = page.getByRole('toolbar', { name: 'Selected people' });
  await expect(actions).toContainText('2 selected');
  // Cancelled: nothing changes.
  await actions.getByRole('button', { name: 'Merge 2 people' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge these people?' });
  // The named person keeps its name.
  await expect(dialog).toContainText(/\u2068Unnamed\u2069 will be merged into \u2068Anna\u2069\./);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(people(page)).toHaveCount(3);
  await actions.getByRole('button', { name: 'Merge 2 people' }).click();
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(people(page)).toHaveCount(2);
  await expect(card(page, 'Anna').getByText('5 photos')).toBeVisible();

  await card(page, 'Anna').getByRole('button', { name: 'Anna', exact: true }).click();
  await expect(page.getByRole('heading', { name: '5 faces' })).toBeVisible();
  const face = (n: number) =>
    page.getByRole('button', { name: new RegExp(`^Face ${String(n)}, `) });
  await face(2).click();
  await page.getByRole('button', { name: 'Use as cover' }).click();
  await expect(face(2)).toContainText('Cover');
  await expect(face(1)).not.toContainText('Cover');

  await face(1).click();
  await page.getByRole('button', { name: 'Not this person' }).click();
  await expect(page.getByRole('heading', { name: '4 faces' })).toBeVisible();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(4);

  await page.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Show', exact: true })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'All people' }).click();
  await expect(card(page, 'Anna')).toHaveCount(0);
  // Hidden persons are apart, folded away.
  const hidden = page.locator('details', { hasText: 'Hidden' });
  await expect(hidden).not.toHaveAttribute('open');
  await hidden.locator('summary').click();
  await hidden.getByRole('button', { name: 'Anna', exact: true }).click();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByRole('button', { name: 'All people' }).click();
  await expect(card(page, 'Anna').getByText('4 photos')).toBeVisible();
});

test('a library without faces says so', async ({ page }) => {
  const photos = path.join(root, 'no-faces');
  mkdirSync(photos);
  await writeColourPhoto(path.join(photos, 'blue.jpg'), colours.blue, 1);
  const home = path.join(root, 'home-no-faces');
  expect((await runFotoglot(['--home', home, 'index', photos, '--no-watch'])).code).toBe(0);
  const empty = await startServe(home);
  try {
    await page.goto(`${empty.openUrl}#/people`);
    await expect(page.locator('.empty-state')).toContainText('No people yet.');
  } finally {
    await empty.stop();
  }
});
