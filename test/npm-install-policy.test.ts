/**
 * How `npm ci` treats install scripts: npm's own allowScripts policy in package.json, no
 * project configs npm does not know (they print a warning on every npm command and stop working
 * in npm's next major version).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli';

const run = promisify(execFile);

describe('npm install policy', () => {
  it('npm reads the project config without warnings', async () => {
    const { stderr } = await run('npm', ['config', 'list', '--location=project'], {
      cwd: repoRoot,
      env: { ...process.env, npm_config_loglevel: 'warn' },
    });
    expect(stderr).not.toMatch(/Unknown project config/);
  });

  it("skips onnxruntime-node's CUDA download, and the CPU binaries it needs ship in its package", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
    const bin = path.join(
      repoRoot,
      'node_modules/onnxruntime-node/bin/napi-v6',
      process.platform,
      process.arch,
    );
    expect(existsSync(path.join(bin, 'onnxruntime_binding.node'))).toBe(true);
  });
});
