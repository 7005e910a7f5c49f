// @file `npm run build`: Node bundles with esbuild, then the renderer with Vite. `--node-only` skips the renderer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { buildNode } from './build-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
await buildNode();
if (!process.argv.includes('--node-only')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
console.log(`fotoglot: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
