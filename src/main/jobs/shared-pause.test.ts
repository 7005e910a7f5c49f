/**
 * The user's pause is the library's, not one process's ([Note: Pipeline]): `fotoglot pause`
 * holds a `fotoglot index` started later until `fotoglot resume` from another terminal, and a
 * pause made by one process on the library is followed by another one (a running `serve`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runFotoglot } from '../../../test/helpers/cli';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';
import { openCoreAt } from '../../../test/helpers/test-core';

let root: string;
let photos: string;
beforeAll(async () => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-shared-pause-')));
  photos = path.join(root, 'photos');
  mkdirSync(photos);
  for (let i = 0; i < 3; i++)
    await writeColourPhoto(path.join(photos, `p${String(i)}.jpg`), colours.red, i);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('pause from the command line', () => {
  it('holds an index run until "fotoglot resume"', async () => {
    const home = path.join(root, 'cli');
    const paused = await runFotoglot(['pause', '--home', home]);
    expect(paused).toMatchObject({ code: 0 });
    expect(paused.stdout).toMatch(/paused/);
    const child = spawn(
      process.execPath,
      [cliPath, 'index', photos, '--no-watch', '--json', '--home', home],
      { cwd: repoRoot },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    // The run says it waits (and does): wait for that line, then resume from "another terminal".
    await new Promise<void>((resolve) => {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString('utf8');
        if (/paused: this waits until "fotoglot resume"/.test(stderr)) resolve();
      });
    });
    const status = JSON.parse((await runFotoglot(['status', '--json', '--home', home])).stdout) as {
      paused: boolean;
      stages: { name: string; done: number }[];
    };
    expect(status.paused).toBe(true);
    expect((await runFotoglot(['resume', '--home', home])).code).toBe(0);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { photos: number }).photos).toBe(3);
  }, 120_000);
});

describe('pause shared between processes on one library', () => {
  it('is followed by another process, and its resume wakes a waiting stage', async () => {
    const home = path.join(root, 'two');
    const serve = openCoreAt(home);
    const other = openCoreAt(home);
    try {
      other.pipeline.pause();
      expect(serve.pipeline.paused).toBe(true);
      const stopped = new Promise<void>((resolve) => {
        const off = serve.pipeline.gate.onWaiting(() => {
          off();
          resolve();
        });
      });
      const indexing = serve.library.index([photos], false);
      await stopped;
      other.pipeline.resume();
      const summary = await indexing;
      expect(summary.photos).toBe(3);
    } finally {
      await other.dispose();
      await serve.dispose();
    }
  }, 120_000);
});
