/**
 * @file Launches the inference process as an Electron `utilityProcess`
 * (see [Note: One worker, two launchers]), and keeps why it died.
 */
import { app, utilityProcess, type Details } from 'electron';
import type { WorkerExit, WorkerLauncher } from '../inference/worker-launcher';

/** The name Electron gives the process (task managers, `child-process-gone`). */
const serviceName = 'Fotoglot inference';

/**
 * How long an exit waits for `child-process-gone`: Electron sends it apart from the
 * process's own `exit` and in no promised order, and only the former says why (oom, crashed…).
 */
export const goneGraceMs = 500;

/** Launches `scriptPath` in a utility process; its exits carry Electron's reason. */
export function utilityWorkerLauncher(scriptPath: string): WorkerLauncher {
  return () => {
    const child = utilityProcess.fork(scriptPath, [], { serviceName, stdio: 'inherit' });
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    let gone: Details | null = null;
    /** Undefined while the process runs. */
    let exitCode: number | null | undefined;
    let killed = false;
    let reported = false;
    let grace: NodeJS.Timeout | undefined;

    const report = () => {
      if (reported || exitCode === undefined) return;
      reported = true;
      clearTimeout(grace);
      app.off('child-process-gone', onGone);
      const exit: WorkerExit = { code: exitCode, signal: null };
      if (gone) exit.reason = gone.reason;
      for (const listener of exitListeners) listener(exit);
    };
    // One inference process runs at a time (the next starts after this one's exit is
    // reported), so a utility process by our name that goes while we listen is this one.
    const onGone = (_event: unknown, details: Details) => {
      if (details.type !== 'Utility' || details.name !== serviceName || gone) return;
      gone = details;
      report();
    };
    app.on('child-process-gone', onGone);
    child.once('exit', (code) => {
      exitCode = code;
      // A process we killed ourselves needs no reason; don't hold up dispose or a restart.
      if (gone || killed) report();
      else grace = setTimeout(report, goneGraceMs);
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
        exitListeners.push(listener);
      },
      kill: () => {
        killed = true;
        child.kill();
      },
    };
  };
}
