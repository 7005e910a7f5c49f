/**
 * The electron-builder configuration, checked statically (Electron cannot be fetched here):
 * every native binary of the production dependencies is unpacked from the asar archive,
 * the built app, its worker and renderer, and the model catalog are packed, test-tiny is not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: { target: string; arch: string[] }[] };
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};

/** Files under `dir` (relative to the repo), following no links. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** electron-builder's rule: a file is packed if the last matching pattern includes it. */
function packed(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

const isNative = (file: string) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(file);

describe('electron-builder.yml', () => {
  it('unpacks every native binary of the production dependencies from the asar', () => {
    const natives = [
      ...new Set(
        [
          'better-sqlite3',
          'onnxruntime-node',
          'sharp',
          '@img',
          '@anush008',
          ...readdirSync(path.join(root, 'node_modules')).filter((d) => d.startsWith('sqlite-vec')),
        ]
          .filter((dir) =>
            statSync(path.join(root, 'node_modules', dir), { throwIfNoEntry: false }),
          )
          .flatMap((dir) => filesUnder(`node_modules/${dir}`))
          .filter(isNative),
      ),
    ];
    // This machine has them: better-sqlite3's addon, onnxruntime's binding and library, sqlite-vec, libvips.
    expect(natives.some((f) => f.endsWith('better_sqlite3.node'))).toBe(true);
    expect(natives.some((f) => f.includes('onnxruntime_binding.node'))).toBe(true);
    expect(natives.some((f) => /sqlite-vec-[^/]+\/vec0\.so$/.test(f))).toBe(true);
    expect(natives.some((f) => f.includes('@img/sharp'))).toBe(true);
    expect(
      natives.some((f) => /@anush008\/tokenizers-[^/]+\/tokenizers\.[^/]+\.node$/.test(f)),
    ).toBe(true);
    const stuck = natives.filter(
      (f) => !config.asarUnpack.some((glob) => minimatch(f, glob, { dot: true })),
    );
    expect(stuck).toEqual([]);
    for (const dep of ['better-sqlite3', 'onnxruntime-node', 'sharp', 'sqlite-vec'])
      expect(Object.keys(pkg.dependencies)).toContain(dep);
    expect(config.npmRebuild).toBe(true);
  });

  it('packs the built app, worker, preload, renderer and the model catalog, not test-tiny', () => {
    for (const file of [
      pkg.main,
      'dist/node/worker.cjs',
      'dist/node/preload.cjs',
      'dist/node/cli.cjs',
      'dist/renderer/index.html',
      'models/catalog.json',
      'package.json',
    ])
      expect(packed(file), file).toBe(true);
    for (const file of [
      'models/test-tiny/visual/model.onnx',
      'dist/node/worker.cjs.map',
      'src/main/core.ts',
      'test/packaging.test.ts',
    ])
      expect(packed(file), file).toBe(false);
    expect(pkg.main).toBe('dist/node/electron-main.cjs');
  });

  it('targets AppImage and deb, NSIS, and dmg for arm64 and x64', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
  });
});
