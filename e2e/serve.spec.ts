/**
 * The first end-to-end test: the real `fotoglot serve` on a temporary home, opened in
 * Chromium through the printed URL, shows the app frame and the status of the real worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type ServeProcess } from '../test/helpers/cli';

let home: string;
let served: ServeProcess;

test.beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-'));
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(home, { recursive: true, force: true });
});

test('the printed URL opens the app frame with the live worker status', async ({ page }) => {
  // Any console error (a CSP violation, a failed load, a React warning) fails the test.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(served.openUrl);
  // The token moved into a cookie and out of the address bar.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);

  // A fresh library opens with the welcome steps; they can be skipped.
  const welcome = page.getByRole('dialog', { name: 'Welcome to Fotoglot' });
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Skip for now' }).click();
  await expect(welcome).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search photos' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Your library is empty');
  await expect(page.getByRole('main')).toContainText(home);

  const worker = page.getByRole('status', { name: 'Search', exact: true });
  await expect(worker).toContainText(/Search is ready|Searching with: test-tiny on CPU/);

  // Navigation between sections works; versions are in Settings → About.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  const about = page.getByRole('region', { name: 'About' });
  await expect(about).toContainText(/onnxruntime \d+\.\d+\.\d+/);
  await expect(about).toContainText(/sqlite-vec v\d/);
  await expect(about).toContainText(/cpu/);
  expect(consoleErrors).toEqual([]);
});

test('the status bar follows the worker through a crash and restart', async ({ page }) => {
  await page.goto(served.openUrl);
  const worker = page.getByRole('status', { name: 'Search', exact: true });
  await expect(worker).toContainText(/Search is ready|Searching with/);
  const info = (await (
    await page.request.post(`${served.origin}/api/app:info`, { data: {} })
  ).json()) as { value: { worker: { pid: number } } };
  process.kill(info.value.worker.pid, 'SIGKILL');
  // The crash and restart reach the page through the event stream, without a reload.
  await expect(worker).toContainText('restarted 1×');
  await expect(worker).toContainText(/Search is ready|Searching with/);
});

test('a request without the token is refused, and the page explains what to open', async ({
  browser,
}) => {
  const context = await browser.newContext(); // no cookie
  const page = await context.newPage();
  const response = await page.goto(served.origin);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('?token=');
  const api = await context.request.post(`${served.origin}/api/app:info`, { data: {} });
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  await context.close();
});
