/** The watcher over a real folder: a settled burst of changes is reported (so the folder is rescanned). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FolderWatcher } from './folder-watcher';

let dir: string;
let watcher: FolderWatcher | null = null;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-watch-'));
});
afterEach(async () => {
  await watcher?.close();
  watcher = null;
  rmSync(dir, { recursive: true, force: true });
});

it('reports a settled burst of changes once, and a few changes not at all', async () => {
  const upserts: string[] = [];
  let bursts = 0;
  watcher = new FolderWatcher(
    dir,
    new Set(),
    {
      onUpsert: (file) => upserts.push(file),
      onRemove: () => undefined,
      onModeChange: () => undefined,
      onBurstSettled: () => {
        bursts++;
      },
    },
    { stabilityMs: 100, burst: { events: 30, quietMs: 100 } },
  );
  await watcher.ready();
  for (let i = 0; i < 60; i++) writeFileSync(path.join(dir, `a-${String(i)}.jpg`), 'x');
  await expect.poll(() => bursts, { timeout: 10_000 }).toBe(1);
  await expect.poll(() => upserts.length, { timeout: 10_000 }).toBe(60);

  writeFileSync(path.join(dir, 'one-more.jpg'), 'x');
  await expect.poll(() => upserts.length, { timeout: 10_000 }).toBe(61);
  await new Promise((r) => setTimeout(r, 600));
  expect(bursts).toBe(1);
});
