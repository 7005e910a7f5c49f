/**
 * @file How the core starts an inference process (see [Note: One worker, two launchers]).
 * The Electron host supplies a utilityProcess launcher; everything else forks under Node.
 */
import { fork } from 'node:child_process';

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /**
   * Why the host says the process went, where it says (Electron's `child-process-gone`:
   * oom, crashed, killed, …); Node gives only the code or signal.
   */
  reason?: string;
}

/** A started worker process, independent of which API started it. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has gone, for whatever reason. */
  onExit(listener: (exit: WorkerExit) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerProcess;

/** Launches the bundled worker script with `child_process.fork`. */
export function nodeWorkerLauncher(
  scriptPath: string,
  env: NodeJS.ProcessEnv = process.env,
): WorkerLauncher {
  return () => {
    const child = fork(scriptPath, [], {
      env,
      // Worker stdout/stderr go to ours so crashes are visible in logs.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let exited = false;
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    const reportExit = (code: number | null, signal: string | null) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener({ code, signal });
    };
    child.on('exit', reportExit);
    // A failed spawn emits 'error' without 'exit'.
    child.on('error', (error) => {
      console.error('[inference] worker process error:', error.message);
      reportExit(null, null);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (child.connected) child.send(message as object);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        exitListeners.push(listener);
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}
