/**
 * The welcome steps on a fresh library: language, a folder (a wrong path is explained), a
 * model (test-tiny in developer mode), then indexing starts and the photos appear.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let photos: string;
let served: ServeProcess;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-welcome-'));
  photos = path.join(root, 'Urlaub');
  mkdirSync(photos);
  for (let i = 0; i < 2; i++)
    await writeColourPhoto(path.join(photos, `gelb-${String(i)}.jpg`), colours.yellow, i);
  served = await startServe(path.join(root, 'home'));
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

test('welcome: language, folder, model, then the photos are indexed', async ({ page }) => {
  await page.goto(`${served.openUrl}&dev=1`);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Fotoglot' });
  await expect(welcome).toBeVisible();
  await welcome.getByLabel('Language').selectOption('de');
  await expect(page.getByRole('dialog', { name: 'Willkommen bei Fotoglot' })).toBeVisible();
  await page.getByRole('button', { name: 'Weiter' }).click();

  const folder = page.getByLabel('Wo sind deine Fotos?');
  await folder.fill(path.join(root, 'nowhere'));
  await page.getByRole('button', { name: 'Ordner hinzufügen' }).click();
  await expect(page.getByRole('alert')).toContainText('nowhere');
  await folder.fill(photos);
  await page.getByRole('button', { name: 'Ordner hinzufügen' }).click();

  // Developer mode lists test-tiny, which is bundled (installed): no download needed.
  await page.getByRole('radio', { name: /test-tiny/ }).check();
  await page.getByRole('button', { name: 'Indexierung starten' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('option', { name: /^gelb-0\.jpg/ })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('searchbox', { name: 'Fotos suchen' }).fill('jaune');
  await expect(page.getByRole('option')).toHaveCount(2);
  await page.evaluate('localStorage.clear()');
});
