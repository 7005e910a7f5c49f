/**
 * Dropping folders on the window. In the desktop app the preload tells the page where a
 * dropped folder is (Electron's webUtils); the Electron binary is absent here, so that one
 * function is stood in for, and everything after it is real: the drop handling, the core's
 * checks, the scan and the grid. In a plain browser the page says how to add a folder instead.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-drop-'));
  const first = path.join(root, 'first');
  const dropped = path.join(root, 'dropped');
  mkdirSync(first);
  mkdirSync(dropped);
  await writeColourPhoto(path.join(first, 'red-0.jpg'), colours.red, 0);
  for (let i = 0; i < 2; i++)
    await writeColourPhoto(path.join(dropped, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
  writeFileSync(path.join(root, 'notes.txt'), 'not a folder');
  const home = path.join(root, 'home');
  expect((await runFotoglot(['--home', home, 'index', first, '--no-watch'])).code).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Drags entries named `names` over the window and drops them, as the OS would. */
async function dropOnWindow(page: Page, names: string[]): Promise<void> {
  const files = JSON.stringify(names);
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    for (const name of ${files}) data.items.add(new File(['x'], name));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
  })()`);
  await expect(page.getByText('Drop folders to add them to your library')).toBeVisible();
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    for (const name of ${files}) data.items.add(new File(['x'], name));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  })()`);
  await expect(page.getByText('Drop folders to add them to your library')).toBeHidden();
}

test('in a browser, a dropped folder gets directions instead', async ({ page }) => {
  await page.goto(served.openUrl);
  await expect(page.getByRole('option')).toHaveCount(1);
  await dropOnWindow(page, ['dropped']);
  await expect(page.getByRole('status').filter({ hasText: 'In a browser' })).toContainText(
    'Add it by its path in Settings',
  );
  await expect(page.getByRole('option')).toHaveCount(1);
});

test('in the desktop app, dropped folders join the library; a dropped file is explained', async ({
  page,
}) => {
  // The preload's webUtils.getPathForFile, stood in for: dropped entries live in `root`.
  await page.addInitScript(
    `window.fotoglotHost = { pathForFile: (file) => ${JSON.stringify(root)} + '/' + file.name };`,
  );
  await page.goto(served.openUrl);
  await expect(page.getByRole('option')).toHaveCount(1);
  await dropOnWindow(page, ['dropped', 'notes.txt']);
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toContainText(
    'is a file, not a folder',
  );
  await expect(
    page.getByRole('status').filter({ hasText: 'Adding to your library' }),
  ).toContainText(path.join(root, 'dropped'));
  // Scanned and indexed in the background; the grid follows.
  await expect(page.getByRole('option', { name: /^blue-1\.jpg/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('option')).toHaveCount(3);
});
