// @file Bundles a TypeScript entry with esbuild (same settings as the app) and runs it: `node scripts/run-ts.mjs bench/ingest-bench.ts`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
const out = path.join(
  root,
  'node_modules',
  '.cache',
  'fotoglot-run',
  `${path.basename(entry, '.ts')}.mjs`,
);
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
await build({
  entryPoints: [path.resolve(root, entry)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: out,
  logLevel: 'warning',
  define: { __FOTOGLOT_VERSION__: JSON.stringify(version) },
  banner: {
    // The app's code is written for CommonJS bundles (require, __filename); give the ESM bundle the same.
    js: "import { createRequire as fotoglotCreateRequire } from 'node:module'; import { fileURLToPath as fotoglotPath } from 'node:url'; const require = fotoglotCreateRequire(import.meta.url); const __filename = fotoglotPath(import.meta.url);",
  },
});
const result = spawnSync(process.execPath, [out, ...process.argv.slice(3)], {
  stdio: 'inherit',
  cwd: root,
  env: process.env,
});
process.exit(result.status ?? 1);
