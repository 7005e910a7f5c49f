/**
 * Every main screen and open dialog in every shipped language fits: no page-wide horizontal
 * scroll, no label or heading cut off, no button or tab wrapped onto a second line, nothing
 * pushed off the window, and paths, file names and model ids isolated left to right inside
 * Arabic text (see [Note: Paths in right-to-left text]). Screenshots of the main screens in
 * English, German, Japanese and Arabic are written to test-results/screenshots/ (and to
 * docs/screenshots/ by `npm run screenshots`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { type ServeProcess, indexAndServe } from '../test/helpers/cli';
import { colours, writeColourPhoto } from '../test/helpers/colour-photos';

const languages = ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'zh-CN', 'ja', 'ar'] as const;
/** "red" in each language (words models/test-tiny knows), searched with a year. */
const red: Record<(typeof languages)[number], string> = {
  en: 'red',
  de: 'rot',
  fr: 'rouge',
  es: 'rojo',
  it: 'rosso',
  pt: 'vermelho',
  ru: 'красный',
  'zh-CN': '红',
  ja: '赤',
  ar: 'أحمر',
};
const screenshotLanguages = new Set(['en', 'de', 'ja', 'ar']);
const docsDir = process.env.FOTOGLOT_SCREENSHOTS_DIR;
const screenshotDir = docsDir ?? path.resolve('test-results', 'screenshots');
/** For the docs (`npm run screenshots`): the main screens at 1400×900 only, to keep the folder small. */
const docsScreens = new Set([
  'library',
  'selection',
  'search',
  'viewer',
  'people',
  'places',
  'tags',
  'duplicates',
  'settings',
]);

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
  // The same file in a second folder, so Duplicates shows a group with each copy's folder.
  mkdirSync(path.join(photos, 'Kopien'));
  copyFileSync(path.join(photos, 'photo-00.jpg'), path.join(photos, 'Kopien', 'photo-00.jpg'));
  // A problem entry, so the status bar shows its problems button.
  writeFileSync(path.join(photos, 'broken.jpg'), Buffer.from('this is not a JPEG'));
  served = await indexAndServe(path.join(root, 'home'), photos);
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
    /**
     * On how many lines the element's text lies: the most of any one of its text boxes (a
     * card-like button may put a name and a count in two boxes, one line each).
     */
    const textLines = (el: Element): number => {
      const tops = new Map<Element, number[]>();
      const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let t = texts.nextNode(); t; t = texts.nextNode()) {
        if (!t.textContent?.trim()) continue;
        let box = t.parentElement ?? el;
        while (box !== el && getComputedStyle(box).display === 'inline')
          box = box.parentElement ?? el;
        const seen = tops.get(box) ?? [];
        tops.set(box, seen);
        const range = document.createRange();
        range.selectNodeContents(t);
        for (const r of Array.from(range.getClientRects())) {
          if (r.width < 1) continue;
          if (!seen.some((top) => Math.abs(top - r.top) < r.height / 2)) seen.push(r.top);
        }
      }
      return Math.max(0, ...Array.from(tops.values(), (seen) => seen.length));
    };
    /** Inside the photo grid, whose names may ellipsize. */
    const inGrid = (el: Element) => el.closest('[role="listbox"]') !== null;
    // A box that scrolls (the main area scrolls down) must not scroll sideways either.
    for (const el of Array.from(document.querySelectorAll('*'))) {
      if (!(el instanceof HTMLElement) || inGrid(el)) continue;
      const o = getComputedStyle(el).overflowX;
      if ((o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        found.push(
          `${el.tagName.toLowerCase()}.${el.className} scrolls sideways (${String(el.scrollWidth)} > ${String(el.clientWidth)} px)`,
        );
    }
    const controls = document.querySelectorAll(
      'button, a, label, [role="tab"], h1, h2, h3, summary, th, legend, select, option',
    );
    for (const el of Array.from(controls)) {
      if (!(el instanceof HTMLElement) || el.tagName === 'OPTION') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || !el.checkVisibility()) continue;
      if (inGrid(el)) continue;
      const style = getComputedStyle(el);
      // Cut off: its text is wider than its box and the box hides the rest.
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible')
        found.push(
          `${describe(el)} is cut off (${String(el.scrollWidth)} > ${String(el.clientWidth)} px)`,
        );
      // A button or tab whose label wraps: labels stay on one line (rows wrap whole items).
      if (el.matches('button, [role="tab"]') && el.textContent.trim() !== '') {
        const lines = textLines(el);
        if (lines > 1) found.push(`${describe(el)} wraps onto ${String(lines)} lines`);
      }
      if (box.right > width + 1 || box.left < -1)
        found.push(
          `${describe(el)} is outside the window (${String(box.left)}…${String(box.right)})`,
        );
    }
    return found;
  });
}

/**
 * Paths, file names and model ids shown in the page that are not isolated left to right
 * (bdi, dir, or Unicode isolates): `pattern` matches them.
 */
async function unisolatedPaths(page: Page, pattern: RegExp): Promise<string[]> {
  return page.evaluate(
    ({ source, flags }) => {
      const bad: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(new RegExp(source, flags))) {
          const before = text.slice(0, match.index);
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
          if (!isolatedByText && !isolatedByMarkup)
            bad.push(`"${match[0]}" in "${text.trim().slice(0, 80)}"`);
        }
      }
      return bad;
    },
    {
      source: pattern.source,
      flags: pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    },
  );
}

/** What a path, a file name of the test photos or the model id looks like in the page. */
const pathLike = (photosDir: string) =>
  new RegExp(`${photosDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|[\\w-]+\\.jpg|test-tiny`, 'g');

/** The screen fits (and, in Arabic, isolates its paths); soft, so one run reports every screen. */
async function expectFits(page: Page, lang: string, screen: string): Promise<void> {
  expect.soft(await layoutProblems(page), `${lang} ${screen}`).toEqual([]);
  if (lang === 'ar')
    expect
      .soft(await unisolatedPaths(page, pathLike(photos)), `paths in Arabic text: ${screen}`)
      .toEqual([]);
  if (screenshotLanguages.has(lang) && (!docsDir || docsScreens.has(screen))) {
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

      // A selected photo: the selection bar with its actions.
      await page.getByRole('listbox').getByRole('option').first().click();
      await expect(page.locator('.selection-bar')).toBeVisible();
      await expectFits(page, lang, `selection${suffix}`);
      await page.keyboard.press('Escape');
      await expect(page.locator('.selection-bar')).toBeHidden();

      // The problems popover from the status bar.
      await page.locator('.problems > button').click();
      await expect(page.locator('.problems-panel')).toBeVisible();
      await expectFits(page, lang, `problems${suffix}`);
      await page.keyboard.press('Escape');
      await expect(page.locator('.problems-panel')).toBeHidden();

      await page.getByRole('searchbox').fill(`${red[lang]} 2014`);
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
      await expectFits(page, lang, `search${suffix}`);
      await page.getByRole('listbox').getByRole('option').first().dblclick();
      const viewer = page.locator('.viewer');
      await expect(viewer).toBeVisible();
      await expect(viewer.locator('.viewer-info .path')).toBeVisible();
      await expectFits(page, lang, `viewer${suffix}`);

      // The viewer's "Set date…" dialog; Esc closes it, then the viewer.
      await viewer.locator('.viewer-info .link-button').click();
      await expect(page.locator('.modal')).toBeVisible();
      await expectFits(page, lang, `set-date${suffix}`);
      await page.keyboard.press('Escape');
      await expect(page.locator('.modal')).toBeHidden();
      await page.keyboard.press('Escape');
      await expect(viewer).toBeHidden();
      await page.getByRole('searchbox').fill('');

      for (const [index, screen] of [
        // The sidebar: library, people, places, tags, duplicates, settings.
        [1, 'people'],
        [2, 'places'],
        [3, 'tags'],
        [4, 'duplicates'],
        [5, 'settings'],
      ] as const) {
        await nav.nth(index).click();
        await expect(nav.nth(index)).toHaveAttribute('aria-current', 'page');
        await page.waitForLoadState('networkidle');
        await expect(page.locator('.loading')).toHaveCount(0);
        if (screen === 'settings')
          await expect(page.locator('.folder-list li').first()).toBeVisible();
        if (screen === 'duplicates')
          await expect(page.locator('.duplicate-group .copy-folder').first()).toBeVisible();
        await expectFits(page, lang, `${screen}${suffix}`);
      }

      // Settings → remove a folder: the confirmation; Esc keeps the folder.
      await page.locator('.folder-list button').first().click();
      await expect(page.locator('.confirm-dialog')).toBeVisible();
      await expectFits(page, lang, `remove-folder${suffix}`);
      await page.keyboard.press('Escape');
      await expect(page.locator('.confirm-dialog')).toBeHidden();
    }
  });
}
