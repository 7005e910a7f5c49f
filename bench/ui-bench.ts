/// <reference lib="dom" />
/**
 * @file `npm run bench:ui`: the UI over a large library (BENCH_PHOTOS, default 100,000 photo
 * rows with thumbhash placeholders; no thumbnail files, so what is measured is the app, not
 * image decoding) through the real `fotoglot serve` in Debian's Chromium: time to the first
 * photos on screen, time until every page of the library is loaded, frames while scrolling
 * the whole grid, and the DOM size (virtualization keeps it constant). The baseline, in the
 * same browser, is the time to render the same number of plain <div>s without virtualization.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { LibraryDatabase } from '../src/main/db/library-database';
import { startServe } from '../test/helpers/cli';

const count = Number(process.env.BENCH_PHOTOS ?? 100_000);
const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-ui-'));

console.log(`building a library of ${String(count)} photos…`);
const database = LibraryDatabase.open(path.join(home, 'library.db'));
const db = database.db;
db.prepare("INSERT INTO folders (path, added_at) VALUES ('/bench', '2026-01-01')").run();
db.prepare("INSERT INTO settings (key, value) VALUES ('ui.firstRunDone', 'true')").run();
const photo = db.prepare(
  `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, width, height, placeholder, updated_at)
   VALUES (?, ?, 1000, 'jpeg', 'ready', ?, ?, 4000, 3000, 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG', '2026-01-01')`,
);
const file = db.prepare(
  'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1000, 0)',
);
db.transaction(() => {
  for (let i = 1; i <= count; i++) {
    const when = new Date(Date.UTC(2008, 0, 1) + i * 3_600_000 * 1.7);
    photo.run(i, `fp${String(i)}`, when.toISOString().slice(0, 19), when.getTime());
    file.run(`/bench/${String(when.getUTCFullYear())}/IMG_${String(i)}.jpg`, i);
  }
})();
database.close();

const served = await startServe(home);
const browser = await chromium.launch({
  executablePath: process.env.FOTOGLOT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const start = performance.now();
  await page.goto(served.openUrl);
  await page.getByRole('option').first().waitFor();
  const firstPaint = performance.now() - start;
  await page.getByText(`${String(count)} photos`).waitFor({ timeout: 300_000 });
  const allLoaded = performance.now() - start;

  // Scroll the whole grid in 60 steps and count animation frames meanwhile.
  const scroll = await page.evaluate(async () => {
    const grid = document.querySelector('.photo-grid');
    if (!grid) throw new Error('no grid');
    let frames = 0;
    let counting = true;
    const tick = () => {
      frames++;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    const steps = 60;
    for (let i = 1; i <= steps; i++) {
      grid.scrollTop = (grid.scrollHeight * i) / steps;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    counting = false;
    const seconds = (performance.now() - t0) / 1000;
    return { fps: frames / seconds, seconds, nodes: document.querySelectorAll('*').length };
  });
  const options = await page.getByRole('option').count();

  // Baseline: the same number of plain cells rendered at once, no virtualization.
  const baseline = await page.evaluate((n) => {
    const host = document.createElement('div');
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const cell = document.createElement('div');
      cell.textContent = String(i);
      host.appendChild(cell);
    }
    document.body.appendChild(host);
    if (host.offsetHeight < 0) throw new Error('unreachable'); // reading offsetHeight forces layout
    const ms = performance.now() - t0;
    host.remove();
    return ms;
  }, count);

  console.log(`  first photos on screen: ${firstPaint.toFixed(0)} ms`);
  console.log(`  whole library loaded (all pages): ${allLoaded.toFixed(0)} ms`);
  console.log(
    `  scrolling top to bottom in 60 jumps: ${scroll.fps.toFixed(0)} frames/s over ${scroll.seconds.toFixed(1)} s`,
  );
  console.log(`  DOM: ${String(scroll.nodes)} elements, ${String(options)} grid cells mounted`);
  console.log(
    `  baseline: ${String(count)} plain divs rendered at once: ${baseline.toFixed(0)} ms`,
  );
  console.log(
    `\n| photos | first photos | all loaded | scroll fps | DOM elements | plain-div baseline |\n|---|---|---|---|---|---|\n| ${String(count)} | ${firstPaint.toFixed(0)} ms | ${allLoaded.toFixed(0)} ms | ${scroll.fps.toFixed(0)} | ${String(scroll.nodes)} | ${baseline.toFixed(0)} ms |`,
  );
} finally {
  await browser.close();
  await served.stop();
  rmSync(home, { recursive: true, force: true });
}
