// @file Bundles a benchmark entry with esbuild (same settings as the app) and runs it: `node bench/run.mjs ingest`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2] ?? 'ingest';
const out = path.join(root, 'node_modules', '.cache', 'fotoglot-bench', `${name}-bench.mjs`);
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
await build({
  entryPoints: [path.join(root, 'bench', `${name}-bench.ts`)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: out,
  logLevel: 'warning',
  define: { __FOTOGLOT_VERSION__: JSON.stringify(version) },
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const result = spawnSync(process.execPath, [out], {
  stdio: 'inherit',
  cwd: root,
  env: process.env,
});
process.exit(result.status ?? 1);
