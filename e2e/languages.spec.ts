/**
 * Every main screen in every shipped language fits: no page-wide horizontal scroll, no button,
 * label, tab or heading cut off or wrapped onto a third line, nothing pushed off the window,
 * and paths isolated left to right inside Arabic text. Screenshots of the main screens in
 * English, German, Japanese and Arabic are written to test-results/screenshots/ (and to
 * docs/screenshots/ by `npm run screenshots`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runFotoglot, startServe, type ServeProcess } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

const languages = ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'zh-CN', 'ja', 'ar'] as const;
const screenshotLanguages = new Set(['en', 'de', 'ja', 'ar']);
const screenshotDir =
  process.env.FOTOGLOT_SCREENSHOTS_DIR ?? path.resolve('test-results', 'screenshots');

let root: string;
let photos: string;
let served: ServeProcess;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-e2e-languages-'));
  photos = path.join(root, 'Fotos Sommer');
  mkdirSync(photos);
  const shades = [colours.red, colours.blue, colours.green, colours.yellow] as const;
  for (let i = 0; i < 16; i++)
    await writeColourPhoto(
      path.join(photos, `photo-${String(i).padStart(2, '0')}.jpg`),
      shades[i % shades.length] ?? colours.red,
      i,
      { date: `20${String(10 + (i % 8))}:0${String(1 + (i % 9))}:1${String(i % 10)} 10:00:00` },
    );
  // A problem entry, so the status bar shows its problems button.
  writeFileSync(path.join(photos, 'broken.jpg'), Buffer.from('this is not a JPEG'));
  const home = path.join(root, 'home');
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  expect(indexed.code).toBe(0);
  served = await startServe(home);
});

test.afterAll(async () => {
  await served.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What does not fit on the current screen, as readable lines (empty when all fits). */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const html = document.documentElement;
    const width = html.clientWidth;
    if (html.scrollWidth > width + 1)
      found.push(`the page scrolls sideways (${String(html.scrollWidth)} > ${String(width)} px)`);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}"`;
    /** Inside a box that scrolls sideways on purpose (or the photo grid, whose names may ellipsize). */
    const scrollsOnPurpose = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (p.getAttribute('role') === 'listbox') return true;
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    const controls = document.querySelectorAll(
      'button, a, label, [role="tab"], h1, h2, h3, summary, th, legend, select, option',
    );
    for (const el of Array.from(controls)) {
      if (!(el instanceof HTMLElement) || el.tagName === 'OPTION') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || !el.checkVisibility()) continue;
      if (scrollsOnPurpose(el)) continue;
      const style = getComputedStyle(el);
      // Cut off: its text is wider than its box and the box hides the rest.
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible')
        found.push(
          `${describe(el)} is cut off (${String(el.scrollWidth)} > ${String(el.clientWidth)} px)`,
        );
      // A button or tab that wraps onto a third line.
      if (el.matches('button, [role="tab"]') && el.textContent.trim() !== '') {
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.25;
        const padding =
          parseFloat(style.paddingTop) +
          parseFloat(style.paddingBottom) +
          parseFloat(style.borderTopWidth) +
          parseFloat(style.borderBottomWidth);
        const lines = Math.round((box.height - padding) / lineHeight);
        if (lines > 2) found.push(`${describe(el)} wraps onto ${String(lines)} lines`);
      }
      if (box.right > width + 1 || box.left < -1)
        found.push(
          `${describe(el)} is outside the window (${String(box.left)}…${String(box.right)})`,
        );
    }
    return found;
  });
}

/** Paths shown in the page that are not isolated left to right (bdi, dir, or Unicode isolates). */
async function unisolatedPaths(page: Page, photosDir: string): Promise<string[]> {
  return page.evaluate((dir) => {
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const at = text.indexOf(dir);
      if (at < 0) continue;
      const before = text.slice(0, at);
      const isolatedByText =
        /[\u2066\u2068]$/.test(before) || /[\u2066\u2068][^\u2069]*$/.test(before);
      let isolatedByMarkup = false;
      for (let el = node.parentElement; el && el !== document.body; el = el.parentElement) {
        if (
          el.tagName === 'BDI' ||
          el.getAttribute('dir') === 'ltr' ||
          el.getAttribute('dir') === 'auto'
        ) {
          isolatedByMarkup = true;
          break;
        }
        if (getComputedStyle(el).display === 'block') break;
      }
      if (!isolatedByText && !isolatedByMarkup) bad.push(text.trim().slice(0, 80));
    }
    return bad;
  }, photosDir);
}

async function expectFits(page: Page, lang: string, screen: string): Promise<void> {
  expect(await layoutProblems(page), `${lang} ${screen}`).toEqual([]);
  if (screenshotLanguages.has(lang)) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${screen}-${lang}.png`) });
  }
}

for (const lang of languages) {
  test(`${lang}: the main screens fit at 1400×900 and at 1024×700`, async ({ page }) => {
    await page.addInitScript((l) => {
      localStorage.setItem('fotoglot.language', l);
    }, lang);
    for (const size of [
      { width: 1400, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      const suffix = size.width === 1400 ? '' : '-narrow';
      await page.goto(served.openUrl);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const nav = page.getByRole('navigation').first().getByRole('button');
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
      await expectFits(page, lang, `library${suffix}`);

      await page.getByRole('searchbox').fill('red 2012');
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
      await expectFits(page, lang, `search${suffix}`);
      await page.getByRole('listbox').getByRole('option').first().dblclick();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectFits(page, lang, `viewer${suffix}`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();
      await page.getByRole('searchbox').fill('');

      for (const [index, screen] of [
        [1, 'tags'],
        [2, 'duplicates'],
        [3, 'settings'],
      ] as const) {
        await nav.nth(index).click();
        await expect(nav.nth(index)).toHaveAttribute('aria-current', 'page');
        await page.waitForLoadState('networkidle');
        await expectFits(page, lang, `${screen}${suffix}`);
        if (screen === 'settings' && lang === 'ar')
          expect(await unisolatedPaths(page, photos), 'paths in Arabic text').toEqual([]);
      }
    }
  });
}
