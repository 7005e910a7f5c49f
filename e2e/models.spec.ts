/**
 * Search models from the UI against the real `fotoglot serve` of a fresh install with no model
 * at all (FOTOGLOT_BUNDLED_MODELS: only the catalog), downloading from the Hugging Face
 * stand-in at HF_ENDPOINT: the welcome step and Settings show the catalog in plain words
 * (languages, download size, speed class, licence); an unreachable server gets advice the UI
 * can follow, never a command-line flag; download with progress, cancel, retry; search says
 * when there is no model and when the model does not understand the words; import a folder,
 * switch, and remove after asking. In German and English.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';
import { startMirror, type Mirror } from '../test/helpers/hf-mirror';

const tiny = path.join(repoRoot, 'models/test-tiny');
let root: string;
let photos: string;
let home: string;
let served: ServeProcess;
/** HF_ENDPOINT's port: nothing listens there until a test starts the stand-in on it. */
let port: number;
let mirror: Mirror | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

/** A promise the test settles when it chooses (the stand-in's held download). */
function gate(): { released: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { released, release };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-models-'));
  photos = path.join(root, 'Fotos');
  mkdirSync(photos);
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(photos, `rot-${String(i)}.jpg`), colours.red, i);
    await writeColourPhoto(path.join(photos, `blau-${String(i)}.jpg`), colours.blue, 10 + i);
    await writeColourPhoto(path.join(photos, `grün-${String(i)}.jpg`), colours.green, 20 + i);
  }
  const bundled = path.join(root, 'bundle');
  mkdirSync(bundled);
  copyFileSync(path.join(repoRoot, 'models/catalog.json'), path.join(bundled, 'catalog.json'));
  port = await freePort();
  home = path.join(root, 'home');
  served = await startServe(home, [], {
    ...process.env,
    FOTOGLOT_BUNDLED_MODELS: bundled,
    HF_ENDPOINT: `http://127.0.0.1:${String(port)}`,
  });
});

test.afterEach(async () => {
  await mirror?.close();
  mirror = null;
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

const searchFor = async (page: Page, label: string, query: string) => {
  await page.getByRole('searchbox', { name: label }).fill(query);
};

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('welcome: the catalog in plain words; offline, the advice needs no command line', async ({
    page,
  }) => {
    await page.goto(`${served.openUrl}&dev=1`);
    await expect(page.getByRole('dialog', { name: 'Willkommen bei Fotoglot' })).toBeVisible();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByLabel('Wo sind deine Fotos?').fill(photos);
    await page.getByRole('button', { name: 'Ordner hinzufügen' }).click();

    const choices = page.locator('.model-choices');
    const tinyChoice = choices.getByRole('listitem').filter({ hasText: 'test-tiny' });
    await expect(tinyChoice).toContainText('Versteht Englisch, Deutsch');
    await expect(tinyChoice).toContainText('Download: 36 kB');
    await expect(tinyChoice).toContainText('Schnell');
    await expect(tinyChoice).toContainText('Lizenz: Same as Fotoglot');
    const recommended = choices.getByRole('listitem').filter({ hasText: 'Empfohlen' });
    await expect(recommended).toContainText('Versteht viele Sprachen');
    await expect(recommended).toContainText(/Download: mehr als 1,1\s?GB/);
    await expect(recommended).toContainText('Ausgewogen');
    await expect(recommended).toContainText('Lizenz: Apache-2.0');
    await expect(
      choices.getByRole('listitem').filter({ hasText: 'ViT-B-32__openai' }),
    ).toContainText(/Versteht Englisch.*Download: etwa 607,2\s?MB/);
    // No benchmark jargon in the choices.
    await expect(choices).not.toContainText('Babel-ImageNet');

    // Nothing listens at HF_ENDPOINT: the download server cannot be reached.
    await page.getByRole('radio', { name: /test-tiny/ }).check();
    await page.getByRole('button', { name: 'Herunterladen und starten' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Der Download-Server ist nicht erreichbar');
    await expect(alert).toContainText('Modellordner');
    await expect(alert).not.toContainText('--');
    await page.getByRole('button', { name: 'Vorerst überspringen' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    // No model yet: search says so instead of listing the library as relevant.
    await searchFor(page, 'Fotos suchen', 'rot');
    await expect(
      page.getByRole('status').filter({ hasText: 'Noch kein Suchmodell' }),
    ).toContainText('wähle eines in den Einstellungen');
    await expect(page.getByRole('option')).toHaveCount(0);
  });

  test('settings: download with progress and cancel; retry installs and marks it in use', async ({
    page,
  }) => {
    await page.goto(`${served.openUrl}&dev=1`);
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    const section = page.getByRole('region', { name: 'Suchmodell' });
    const row = section.getByRole('listitem', { name: 'test-tiny' });
    await expect(row).toContainText('Download: 36 kB');

    // A download that hangs after 4 kB of the text tower: progress shows, Cancel stops it.
    mirror = await startMirror(tiny, {
      port,
      stall: { file: 'textual/model.onnx', afterBytes: 4000 },
    });
    await row.getByRole('button', { name: 'test-tiny herunterladen' }).click();
    const progress = row.getByRole('status', { name: 'test-tiny wird heruntergeladen' });
    await expect(progress).toContainText(/ von 36 kB/);
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await progress.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(section.getByRole('status').filter({ hasText: 'abgebrochen' })).toContainText(
      'Nichts wurde installiert',
    );
    await expect(row.getByRole('button', { name: 'test-tiny herunterladen' })).toBeVisible();
    await expect(row).not.toContainText('In Verwendung');
    expect(existsSync(path.join(home, 'models', 'test-tiny'))).toBe(false);
    await mirror.close();

    // Again, held mid-way until the test lets it finish: progress, then installed and in use.
    const { released, release } = gate();
    mirror = await startMirror(tiny, {
      port,
      stall: {
        file: 'textual/model.onnx',
        afterBytes: 4000,
        until: released,
      },
    });
    await row.getByRole('button', { name: 'test-tiny herunterladen' }).click();
    await expect(row.getByRole('progressbar')).toBeVisible();
    release();
    await expect(row.getByText('In Verwendung', { exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: 'test-tiny entfernen' })).toBeDisabled();
    await expect(row).toContainText('Wechsle zuerst zu einem anderen Modell');
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('search: photos by colour, and words the model does not know say so', async ({ page }) => {
    await page.goto(served.openUrl);
    await searchFor(page, 'Search photos', 'red');
    await expect(page.getByRole('option')).toHaveCount(3, { timeout: 30_000 });
    await expect(page.getByRole('option', { name: /^rot-0\.jpg/ })).toBeVisible();
    await searchFor(page, 'Search photos', 'Hund am Strand');
    await expect(page.getByRole('status').filter({ hasText: "doesn't understand" })).toContainText(
      "The search model doesn't understand these words",
    );
    await expect(page.getByRole('option')).toHaveCount(0);
    // The photos stay reachable, none of them called relevant.
    await page.getByRole('button', { name: 'Show 9 more results' }).click();
    await expect(page.getByRole('option')).toHaveCount(9);
    await expect(page.getByRole('status').filter({ hasText: "doesn't understand" })).toBeVisible();
  });

  test('settings: import a folder, switch to it, remove the other after asking', async ({
    page,
  }) => {
    await page.goto(`${served.openUrl}&dev=1`);
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Search model' });
    const form = section.getByRole('form', { name: 'Import from a folder' });
    await form.getByLabel('Model folder').fill(path.join(home, 'models', 'test-tiny'));
    await form.getByLabel(/^Name/).fill('tiny-copy');
    await form.getByRole('button', { name: 'Import' }).click();
    await expect(
      section.getByRole('status').filter({ hasText: 'tiny-copy was imported.' }),
    ).toBeVisible();

    const copy = section.getByRole('listitem', { name: 'tiny-copy' });
    await expect(copy).toContainText('Imported from a folder');
    await copy.getByRole('button', { name: 'Use tiny-copy' }).click();
    await expect(copy.getByText('In use', { exact: true })).toBeVisible();

    const original = section.getByRole('listitem', { name: 'test-tiny' });
    await original.getByRole('button', { name: 'Remove test-tiny' }).click();
    const ask = original.getByRole('alertdialog', { name: 'Remove test-tiny' });
    await expect(ask).toContainText('you can download it again later');
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await expect(ask).toBeHidden();
    expect(existsSync(path.join(home, 'models', 'test-tiny'))).toBe(true);
    await original.getByRole('button', { name: 'Remove test-tiny' }).click();
    await ask.getByRole('button', { name: 'Remove' }).click();
    await expect(
      section.getByRole('status').filter({ hasText: 'test-tiny was removed.' }),
    ).toBeVisible();
    await expect(original.getByRole('button', { name: 'Download test-tiny' })).toBeVisible();
    expect(existsSync(path.join(home, 'models', 'test-tiny'))).toBe(false);
  });
});
