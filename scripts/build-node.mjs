// @file Bundles every Node-side entry (CLI, worker, Electron main, preload) into dist/node/ with esbuild.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'dist/node',
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __FOTOGLOT_VERSION__: JSON.stringify(version) },
};

/** Builds dist/node/{cli,worker,electron-main,preload}.cjs. */
export async function buildNode() {
  await Promise.all([
    // Dependencies stay in node_modules: native addons (better-sqlite3, onnxruntime-node, sqlite-vec) cannot be bundled.
    build({
      ...common,
      entryPoints: {
        cli: 'src/main/cli/cli-main.ts',
        worker: 'src/worker/worker-main.ts',
        'electron-main': 'src/main/electron/electron-main.ts',
      },
      packages: 'external',
    }),
    // A sandboxed preload cannot require node_modules: bundle everything but electron.
    build({
      ...common,
      entryPoints: { preload: 'src/preload/preload.ts' },
      external: ['electron'],
    }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildNode();
}
