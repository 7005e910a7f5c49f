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
  let quiets = 0;
  // Each wait below ends on a callback of the watcher, never on a timer.
  let recheck: () => void = () => undefined;
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      recheck = () => {
        if (check()) resolve();
      };
      recheck();
    });
  watcher = new FolderWatcher(
    dir,
    new Set(),
    {
      onUpsert: (file) => {
        upserts.push(file);
        recheck();
      },
      onRemove: () => undefined,
      onModeChange: () => undefined,
      onBurstSettled: () => {
        bursts++;
        recheck();
      },
      onQuiet: () => {
        quiets++;
        recheck();
      },
    },
    { stabilityMs: 100, burst: { events: 30, quietMs: 100 } },
  );
  await watcher.ready();
  for (let i = 0; i < 60; i++) writeFileSync(path.join(dir, `a-${String(i)}.jpg`), 'x');
  await until(() => bursts === 1 && upserts.length === 60);

  const quietsBefore = quiets;
  writeFileSync(path.join(dir, 'one-more.jpg'), 'x');
  // Settled after its few raw events: reported as quiet, not as a burst.
  await until(() => upserts.length === 61 && quiets > quietsBefore);
  expect(bursts).toBe(1);
});
