/**
 * The model self-test from Settings against the real `fotoglot serve` ([Note: Model self-test]):
 * "Test test-tiny" shows it passing in every language, with a table per language; a model
 * imported from a folder is tested right after the import, and one that fails in the user's
 * language is flagged beside it with what to do, and in the status bar once it is in use
 * ([Note: Self-test verdict]).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot, runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-self-test-'));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  await writeColourPhoto(path.join(photos, 'red.jpg'), colours.red, 1);
  await writeColourPhoto(path.join(photos, 'blue.jpg'), colours.blue, 2);
  const home = path.join(root, 'home');
  expect((await runFotoglot(['--home', home, 'index', photos, '--no-watch'])).code).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

test('Test this model: test-tiny passes in every language, results in a table', async ({
  page,
}) => {
  await page.goto(`${served.openUrl}&dev=1`);
  await page.getByRole('button', { name: 'Settings' }).click();
  const row = page
    .getByRole('region', { name: 'Search model' })
    .getByRole('listitem', { name: 'test-tiny' });
  await row.getByRole('button', { name: 'Test test-tiny' }).click();
  await expect(
    row.getByRole('status').filter({ hasText: 'Self-test passed in every language.' }),
  ).toBeVisible();
  await expect(row.getByRole('alert')).toHaveCount(0);
  await row.getByText('Self-test results by language').click();
  const table = row.getByRole('table', { name: 'Self-test results by language' });
  await expect(table.getByRole('row')).toHaveCount(11);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Language',
    'Result',
    'Red',
    'Green',
    'Blue',
    'Yellow',
  ]);
  await expect(table.getByRole('row', { name: /^Japanese/ })).toHaveText(/^JapanesePassed(✓){4}$/);
  await expect(table.getByRole('row', { name: /^Arabic/ })).toContainText('Passed');
});

test('a model that fails in the user’s language is flagged after its import, and in the status bar', async ({
  page,
}) => {
  await page.goto(`${served.openUrl}&dev=1`);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Search model' });
  // test-tiny imported under another name is shown the real photos: it knows no astronaut.
  const form = section.getByRole('form', { name: 'Import from a folder' });
  await form.getByLabel('Model folder').fill(path.join(repoRoot, 'models', 'test-tiny'));
  await form.getByLabel(/^Name/).fill('colours-only');
  await form.getByRole('button', { name: 'Import' }).click();
  const row = section.getByRole('listitem', { name: 'colours-only' });
  await expect(row.getByRole('alert')).toHaveText(
    'This model failed its self-test in your language (English): search and tags will be unreliable. Pick a model that serves English.',
  );
  await row.getByText('Self-test results by language').click();
  const table = row.getByRole('table', { name: 'Self-test results by language' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Language',
    'Result',
    'Astronaut',
    'Cat',
    'Coffee',
    'Rocket',
  ]);
  await expect(table.getByRole('row', { name: /^English/ })).toContainText('Failed');

  await row.getByRole('button', { name: 'Use colours-only' }).click();
  await expect(
    page
      .getByRole('contentinfo')
      .getByRole('status')
      .filter({ hasText: 'colours-only failed its self-test in English' }),
  ).toBeVisible({ timeout: 30_000 });
});
