/** @file A real Core (database, forked inference worker, bundled test-tiny) in a temporary home. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { bundlePaths } from '../../src/main/bundle-paths';
import { Core, type CoreOptions } from '../../src/main/core';
import { nodeWorkerLauncher } from '../../src/main/inference/worker-launcher';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const builtPaths = bundlePaths(path.join(repoRoot, 'dist/node'));

export interface TestCore {
  core: Core;
  /** A temporary folder for this test's photos (created). */
  photos: string;
  root: string;
  close(): Promise<void>;
}

export function openTestCore(
  options: { env?: NodeJS.ProcessEnv } & Partial<Omit<CoreOptions, 'home' | 'launchWorker'>> = {},
): TestCore {
  const { env, ...rest } = options;
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-core-')));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  const core = Core.open({
    home: path.join(root, 'data'),
    launchWorker: nodeWorkerLauncher(builtPaths.workerScript, env),
    bundledModelsDir: path.join(repoRoot, 'models'),
    inference: { initialBackoffMs: 50 },
    ...rest,
  });
  return {
    core,
    photos,
    root,
    close: async () => {
      await core.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const colours = {
  red: [220, 20, 30],
  green: [30, 170, 40],
  blue: [25, 50, 220],
  yellow: [240, 220, 20],
} as const satisfies Record<string, readonly [number, number, number]>;

/**
 * A JPEG of one flat colour; `seed` changes its size so each is a distinct photo. EXIF date
 * (`YYYY:MM:DD hh:mm:ss`) and camera are optional.
 */
export async function writeColourPhoto(
  file: string,
  rgb: readonly [number, number, number],
  seed: number,
  exif: { date?: string; make?: string; model?: string } = {},
): Promise<void> {
  let image = sharp({
    create: {
      width: 96 + seed,
      height: 64,
      channels: 3,
      background: { r: rgb[0], g: rgb[1], b: rgb[2] },
    },
  }).jpeg();
  if (exif.date || exif.make)
    image = image.withExif({
      ...(exif.make ? { IFD0: { Make: exif.make, Model: exif.model ?? '' } } : {}),
      ...(exif.date ? { IFD2: { DateTimeOriginal: exif.date } } : {}),
    });
  await image.toFile(file);
}
