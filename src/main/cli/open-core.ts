/** @file Opens the core for CLI commands: the data directory's library and a forked worker. */
import { resolveHome } from '../app-home';
import { bundlePaths } from '../bundle-paths';
import { Core } from '../core';
import { nodeWorkerLauncher } from '../inference/worker-launcher';

export interface GlobalOptions {
  home?: string;
}

export function openCore(options: GlobalOptions): Core {
  return Core.open({
    home: resolveHome({ flag: options.home }),
    launchWorker: nodeWorkerLauncher(bundlePaths().workerScript),
  });
}

/** Runs `work` with an open core and always disposes it (worker stopped, database closed). */
export async function withCore<T>(
  options: GlobalOptions,
  work: (core: Core) => Promise<T> | T,
): Promise<T> {
  const core = openCore(options);
  try {
    return await work(core);
  } finally {
    await core.dispose();
  }
}
