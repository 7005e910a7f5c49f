/** @file An in-process core over the built worker and the bundled test-tiny model. */
import path from 'node:path';
import { Core, type CoreOptions } from '../../src/main/core';
import { nodeWorkerLauncher } from '../../src/main/inference/worker-launcher';
import { repoRoot } from '../../test/helpers/cli';

export function openTortureCore(
  home: string,
  options: Pick<CoreOptions, 'library' | 'inference'> = {},
  workerEnv: NodeJS.ProcessEnv = process.env,
): Core {
  return Core.open({
    home,
    launchWorker: nodeWorkerLauncher(path.join(repoRoot, 'dist/node/worker.cjs'), workerEnv),
    bundledModelsDir: path.join(repoRoot, 'models'),
    ...options,
  });
}
