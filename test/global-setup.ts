/**
 * @file Builds the Node bundles before the tests (tests spawn the real worker and CLI, so
 * they must run current code), and the renderer when it has never been built.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildNode } from '../scripts/build-node.mjs';

const root = path.resolve(import.meta.dirname, '..');

export default async function setup(): Promise<void> {
  await (buildNode as () => Promise<void>)();
  if (!existsSync(path.join(root, 'dist/renderer/index.html'))) {
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }
}
