/**
 * A damaged face model against the real `fotoglot serve` ([Note: Faces stage]): the status bar
 * says that people cannot be found and what to do, in English and in Arabic (right to left, the
 * file name kept left to right).
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot, runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

let root: string;
let served: ServeProcess;
const recognizer = 'face-recognition-dlib.onnx';

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-faces-'));
  // The bundled models, with a copy of faces/ whose recognizer is cut short.
  const bundled = path.join(root, 'bundle');
  mkdirSync(bundled);
  const models = path.join(repoRoot, 'models');
  for (const entry of readdirSync(models))
    if (entry !== 'faces') symlinkSync(path.join(models, entry), path.join(bundled, entry));
  cpSync(path.join(models, 'faces'), path.join(bundled, 'faces'), { recursive: true });
  const whole = readFileSync(path.join(models, 'faces', recognizer));
  writeFileSync(path.join(bundled, 'faces', recognizer), whole.subarray(0, whole.length / 3));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  await writeColourPhoto(path.join(photos, 'red.jpg'), colours.red, 1);
  const env = { ...process.env, FOTOGLOT_BUNDLED_MODELS: bundled };
  const home = path.join(root, 'home');
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch'], env);
  expect(indexed.code, indexed.stderr).toBe(0);
  served = await startServe(home, [], env);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

test('the status bar says a face model is damaged and what to do, in English and Arabic', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(served.openUrl);
  await expect(page.getByRole('listbox', { name: 'Photos' })).toBeVisible();
  // The serving core checks the models when its stage runs: ask it to, as "Run now" does.
  await page.request.post(`${served.origin}/api/jobs:run`, { data: {} });
  const bar = page.locator('footer.status-bar');
  const notice = bar.getByRole('status').filter({ hasText: 'People cannot be found' });
  await expect(notice).toContainText(`a face model is damaged (${recognizer})`);
  await expect(notice).toContainText('Reinstall Fotoglot');
  await expect(notice).toHaveAttribute('title', new RegExp(`${recognizer} cannot be loaded`));

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const arabic = bar.getByRole('status').filter({ hasText: 'لا يمكن التعرّف على الأشخاص' });
  await expect(arabic).toContainText('أحد نماذج الوجوه تالف');
  await expect(arabic.locator('bdi, [dir="ltr"]').first()).toHaveText(recognizer);
});
