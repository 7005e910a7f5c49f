/** @file A real Core (database, forked inference worker, bundled test-tiny) in a temporary home. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundlePaths } from '../../src/main/bundle-paths';
import { Core, type CoreOptions } from '../../src/main/core';
import { nodeWorkerLauncher } from '../../src/main/inference/worker-launcher';
import { repoRoot } from './cli';

export { repoRoot };

export const builtPaths = bundlePaths(path.join(repoRoot, 'dist/node'));

export interface TestCore {
  core: Core;
  /** A temporary folder for this test's photos (created). */
  photos: string;
  root: string;
  close(): Promise<void>;
}

export type TestCoreOptions = { env?: NodeJS.ProcessEnv } & Partial<
  Omit<CoreOptions, 'home' | 'launchWorker'>
>;

/** A real Core with its data in `home`: the built worker (with `env`), the bundled test-tiny. */
export function openCoreAt(home: string, options: TestCoreOptions = {}): Core {
  const { env, ...rest } = options;
  return Core.open({
    home,
    launchWorker: nodeWorkerLauncher(builtPaths.workerScript, env),
    bundledModelsDir: path.join(repoRoot, 'models'),
    ...rest,
  });
}

export function openTestCore(options: TestCoreOptions = {}): TestCore {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-core-')));
  const photos = path.join(root, 'photos');
  mkdirSync(photos);
  const core = openCoreAt(path.join(root, 'data'), {
    inference: { initialBackoffMs: 50 },
    ...options,
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

export { colours, writeColourPhoto } from './colour-photos';
