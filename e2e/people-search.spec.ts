/**
 * Search by person in the German, Japanese and Arabic UIs ([Note: Person names in queries]):
 * real LFW faces indexed by `fotoglot index` (the real faces stage), persons named with
 * `fotoglot people name` in Latin, Japanese and Arabic script; typing a name (with a date, or
 * two names joined by "und") shows a person chip and only that person's photos, the search
 * box offers the name as you type, and a reload keeps the chips.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { peopleListSchema } from '../src/shared/people-schemas';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { peoplePhotos, writePeoplePhotos } from '../test/helpers/people-photos';
import { expectPhotos, photoGrid as grid } from './people-page';

let root: string;
let served: ServeProcess;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-people-search-'));
  const photos = path.join(root, 'Familie');
  mkdirSync(photos);
  await writePeoplePhotos(photos);
  const home = path.join(root, 'home');
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  expect(indexed.code, indexed.stderr).toBe(0);
  const listed = await runFotoglot(['--home', home, 'people', '--json']);
  const people = peopleListSchema.parse(JSON.parse(listed.stdout));
  // Each identity has its own number of photos: Powell 5, Putin 3, Blair 2, Bush 1.
  const withPhotos = (n: number) => {
    const person = [...people.persons, ...people.singles].find((p) => p.photos === n);
    if (!person) throw new Error(`no person with ${String(n)} photos: ${listed.stdout}`);
    return String(person.id);
  };
  for (const [n, name] of [
    [peoplePhotos.powell.length, 'Anna'],
    [peoplePhotos.blair.length, 'Ben'],
    [peoplePhotos.putin.length, 'ユキ'],
    [peoplePhotos.bush.length, 'يوسف'],
  ] as const) {
    const named = await runFotoglot(['--home', home, 'people', 'name', withPhotos(n), name]);
    expect(named.code, named.stderr).toBe(0);
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
  await expect(grid(page).getByRole('option').first()).toBeVisible();
}

const personChips = (page: Page) => page.locator('.chip-person');

test('German: "Anna 2019", the date removed, "Anna und Ben", and a reload', async ({ page }) => {
  await open(page, 'de');
  const search = page.getByRole('searchbox');
  // The box offers the person's name while it is being typed.
  await search.fill('Strand an');
  await expect(page.locator('#search-suggestions option.person')).toHaveAttribute(
    'value',
    'Strand Anna',
  );
  await search.fill('Anna 2019');
  await expect(personChips(page)).toHaveText([/^Person: Anna/]);
  await expect(page.locator('.chip-date')).toBeVisible();
  await expectPhotos(
    page,
    peoplePhotos.powell.filter((f) => f.includes('2019')),
  );
  // Without the date: every photo of Anna, the person kept as a chip in the address.
  await page.locator('.chip-date button').click();
  await expect(search).toHaveValue('');
  await expectPhotos(page, peoplePhotos.powell);
  await expect(page).toHaveURL(/chip=person%3AAnna/);
  await page.reload();
  await expect(personChips(page)).toHaveText([/^Person: Anna/]);
  await expectPhotos(page, peoplePhotos.powell);

  await search.fill('anna und ben');
  await expect(personChips(page)).toHaveCount(2);
  await expectPhotos(page, ['powell-blair-2019-07.jpg']);
  await page.reload();
  await expect(search).toHaveValue('anna und ben');
  await expect(personChips(page)).toHaveCount(2);
  await expectPhotos(page, ['powell-blair-2019-07.jpg']);
});

test('Japanese: a name without spaces before a date, and a reload', async ({ page }) => {
  await open(page, 'ja');
  const search = page.getByRole('searchbox');
  await search.fill('ユキ2019年');
  await expect(personChips(page)).toHaveText([/^人物: ユキ/]);
  await expectPhotos(page, ['putin-2019-04.jpg']);
  await page.reload();
  await expect(personChips(page)).toHaveText([/^人物: ユキ/]);
  await expectPhotos(page, ['putin-2019-04.jpg']);
  // Half-width katakana is the same name.
  await search.fill('ﾕｷ');
  await expectPhotos(page, peoplePhotos.putin);
});

test('Arabic: a name in Arabic script, right to left, and a reload', async ({ page }) => {
  await open(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const search = page.getByRole('searchbox');
  await search.fill('يو');
  await expect(page.locator('#search-suggestions option.person')).toHaveAttribute('value', 'يوسف');
  await search.fill('يوسف');
  await expect(personChips(page)).toHaveText([/^شخص: يوسف/]);
  await expectPhotos(page, peoplePhotos.bush);
  await page.reload();
  await expect(personChips(page)).toHaveText([/^شخص: يوسف/]);
  await expectPhotos(page, peoplePhotos.bush);
});
