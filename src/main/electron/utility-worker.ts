/**
 * @file Launches the inference process as an Electron `utilityProcess`
 * (see [Note: One worker, two launchers]).
 */
import { utilityProcess } from 'electron';
import type { WorkerLauncher } from '../inference/worker-launcher';

export function utilityWorkerLauncher(scriptPath: string): WorkerLauncher {
  return () => {
    const child = utilityProcess.fork(scriptPath, [], {
      serviceName: 'Fotoglot inference',
      stdio: 'inherit',
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        child.postMessage(message);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        child.once('exit', (code) => {
          listener({ code, signal: null });
        });
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
