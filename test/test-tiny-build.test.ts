/**
 * The committed models/test-tiny and models/test-variants/* are exactly what their builder
 * produces: deterministic and in sync.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variants } from '../scripts/test-tiny/variants';
import { modelFiles } from '../src/shared/model-config';

const root = path.resolve(import.meta.dirname, '..');
const models = path.join(root, 'models');
const folders = ['test-tiny', ...Object.keys(variants).map((name) => `test-variants/${name}`)];

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, base) : [path.relative(base, full)];
  });
}

let out: string;
let build: { status: number | null; stderr: string };

beforeAll(() => {
  out = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-tiny-'));
  build = spawnSync(
    process.execPath,
    ['scripts/run-ts.mjs', 'scripts/test-tiny/build-test-tiny.ts', out],
    { cwd: root, encoding: 'utf8' },
  );
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('models/test-tiny and its variants', () => {
  it('are built by scripts/test-tiny/build-test-tiny.ts, one committed folder per variant', () => {
    expect(build.status, build.stderr).toBe(0);
    expect(readdirSync(path.join(models, 'test-variants')).sort()).toEqual(
      Object.keys(variants).sort(),
    );
  });

  it.each(folders)('%s has the full CLIP layout and stays under 1 MB', (folder) => {
    const committed = path.join(models, folder);
    const present = files(committed);
    for (const file of [...modelFiles, 'textual/special_tokens_map.json'])
      expect(present, file).toContain(file);
    const bytes = present.reduce((sum, f) => sum + statSync(path.join(committed, f)).size, 0);
    expect(bytes).toBeLessThan(1024 * 1024);
  });

  it.each(folders)('%s is reproduced byte for byte', (folder) => {
    expect(build.status, build.stderr).toBe(0);
    const committed = path.join(models, folder);
    const built = path.join(out, folder);
    expect(files(built).sort()).toEqual(files(committed).sort());
    for (const file of files(committed)) {
      expect(
        readFileSync(path.join(built, file)).equals(readFileSync(path.join(committed, file))),
        `${folder}/${file}`,
      ).toBe(true);
    }
  });
});
