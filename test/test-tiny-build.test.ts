/** The committed models/test-tiny is exactly what its builder produces: deterministic and in sync. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFiles } from '../src/shared/model-config';

const root = path.resolve(import.meta.dirname, '..');
const committed = path.join(root, 'models/test-tiny');

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, base) : [path.relative(base, full)];
  });
}

describe('models/test-tiny', () => {
  it('has the full CLIP layout and stays under 1 MB', () => {
    const present = files(committed);
    for (const file of [...modelFiles, 'textual/special_tokens_map.json'])
      expect(present, file).toContain(file);
    const bytes = present.reduce((sum, f) => sum + statSync(path.join(committed, f)).size, 0);
    expect(bytes).toBeLessThan(1024 * 1024);
  });

  it('is reproduced byte for byte by scripts/test-tiny/build-test-tiny.ts', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-tiny-'));
    try {
      const run = spawnSync(
        process.execPath,
        ['scripts/run-ts.mjs', 'scripts/test-tiny/build-test-tiny.ts', out],
        { cwd: root, encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(files(out).sort()).toEqual(files(committed).sort());
      for (const file of files(committed)) {
        expect(
          readFileSync(path.join(out, file)).equals(readFileSync(path.join(committed, file))),
          file,
        ).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
