/**
 * @file The worker's side of the channel to its parent, whichever host started it.
 *
 * [Note: One worker, two launchers]
 * In the desktop app the worker is an Electron `utilityProcess`, which talks through
 * `process.parentPort`; under plain Node (CLI, headless server, tests) it is a
 * `child_process.fork` child, which talks through `process.send`. The worker code sees one
 * `ParentPort` either way, and the same zod-validated protocol flows over both.
 */

/** The part of Electron's `process.parentPort` we use, declared here because the worker never imports `electron`. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentPort {
  /** Which launcher started this process. */
  readonly kind: 'electron-utility' | 'node-fork';
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Finds the parent channel, or throws when the worker was started by hand. */
export function connectToParent(proc: NodeJS.Process = process): ParentPort {
  // Electron's typings declare parentPort on every process; at run time only a utility process has it.
  const electronPort = (proc as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      kind: 'electron-utility',
      send: (message) => {
        electronPort.postMessage(message);
      },
      onMessage: (listener) => {
        electronPort.on('message', (event) => {
          listener(event.data);
        });
      },
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    return {
      kind: 'node-fork',
      send: (message) => {
        send(message);
      },
      onMessage: (listener) => {
        proc.on('message', listener);
      },
    };
  }
  throw new Error(
    'The inference worker must be started by Fotoglot (utilityProcess or child_process.fork), not run directly.',
  );
}
