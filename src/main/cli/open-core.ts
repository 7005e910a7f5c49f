/**
 * @file Opens the core for CLI commands (the data directory's library and a forked worker)
 * and hands them the same handlers the desktop app and the server bind.
 */
import { createHandlers, type Handlers } from '../app-handlers';
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

/**
 * Runs `work` with the contract's handlers of an open core, as the other hosts call them,
 * and always disposes the core. `core` is there for its event stream (app:events) only.
 */
export function withHandlers<T>(
  options: GlobalOptions,
  work: (handlers: Handlers, core: Core) => Promise<T> | T,
): Promise<T> {
  return withCore(options, (core) => work(createHandlers(core), core));
}
