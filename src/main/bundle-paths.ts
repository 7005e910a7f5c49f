/**
 * @file Where the built pieces sit relative to the running bundle. Every Node-side entry
 * (cli, electron-main, preload, worker) is bundled into `dist/node/`, the renderer into
 * `dist/renderer/`, so one base directory locates them all.
 */
import path from 'node:path';

/**
 * The built Node bundle's folder: this module's, in the app's CommonJS bundles; in the ESM
 * bundles of scripts and benchmarks (scripts/run-ts.mjs, which has no __dirname) the
 * repository's dist/node, as they run from the repository root.
 */
const ownDir = (): string =>
  typeof __dirname === 'string' ? __dirname : path.resolve('dist', 'node');

/**
 * `file` where native code can open it: inside a packaged Electron app a path into app.asar
 * names the copy electron-builder unpacked to app.asar.unpacked (asarUnpack). Electron's fs
 * reads through the archive, but onnxruntime, SQLite and libvips open files themselves and
 * see app.asar as the single file it is. Other paths are returned as they are.
 */
export function unpackedPath(file: string): string {
  return file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

export function bundlePaths(nodeBundleDir: string = ownDir()) {
  return {
    workerScript: path.join(nodeBundleDir, 'worker.cjs'),
    preloadScript: path.join(nodeBundleDir, 'preload.cjs'),
    rendererDir: path.join(nodeBundleDir, '..', 'renderer'),
    /**
     * Models shipped with this build (catalog.json, and test-tiny in development): the
     * repository's models/, or `FOTOGLOT_BUNDLED_MODELS` (tests run a library that starts
     * with no model at all).
     */
    bundledModelsDir:
      process.env.FOTOGLOT_BUNDLED_MODELS ||
      unpackedPath(path.join(nodeBundleDir, '..', '..', 'models')),
    /**
     * The photos of every model's self-test ([Note: Model self-test]); app assets, so not moved
     * by FOTOGLOT_BUNDLED_MODELS.
     */
    selfTestPhotosDir: unpackedPath(path.join(nodeBundleDir, '..', '..', 'models', 'self-test')),
  };
}
