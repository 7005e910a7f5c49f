/** The utilityProcess launcher against a stand-in `electron` module (the binary is absent here). */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerExit, WorkerProcess } from '../inference/worker-launcher';

/** Stand-in for a forked utility process. */
class FakeChild extends EventEmitter {
  readonly pid = 4242;
  readonly sent: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

// vi.mock's factory runs before this module's imports, so what it shares is made here.
const { app, forked } = await vi.hoisted(async () => {
  const events = await import('node:events');
  return {
    app: new events.EventEmitter(),
    forked: [] as { script: string; options: { serviceName?: string } }[],
  };
});
let child: FakeChild;

vi.mock('electron', () => ({
  app,
  utilityProcess: {
    fork: (script: string, _args: string[], options: { serviceName?: string }) => {
      forked.push({ script, options });
      return child;
    },
  },
}));

const { goneGraceMs, utilityWorkerLauncher } = await import('./utility-worker');

function exitOf(proc: WorkerProcess): Promise<WorkerExit> {
  return new Promise((resolve) => {
    proc.onExit(resolve);
  });
}

/** What Electron's `child-process-gone` carries for our worker. */
function gone(reason: string, exitCode: number, name = forked.at(-1)?.options.serviceName) {
  app.emit('child-process-gone', {}, { type: 'Utility', reason, exitCode, name });
}

beforeEach(() => {
  child = new FakeChild();
  forked.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
  // Every launch lets go of the app-wide event once its process has gone.
  expect(app.listenerCount('child-process-gone')).toBe(0);
});

describe('utilityWorkerLauncher', () => {
  it('forks the script under a service name and passes messages both ways', () => {
    const proc = utilityWorkerLauncher('/app/worker.js')();
    expect(forked).toHaveLength(1);
    expect(forked[0]?.script).toBe('/app/worker.js');
    expect(forked[0]?.options.serviceName).toBeTruthy();
    expect(proc.pid).toBe(4242);
    proc.send({ kind: 'ping' });
    expect(child.sent).toEqual([{ kind: 'ping' }]);
    const received: unknown[] = [];
    proc.onMessage((m) => received.push(m));
    child.emit('message', { kind: 'hello' });
    expect(received).toEqual([{ kind: 'hello' }]);
    proc.kill();
    child.emit('exit', 0);
  });

  it('reports the reason when child-process-gone comes before the exit', async () => {
    const proc = utilityWorkerLauncher('/app/worker.js')();
    const exit = exitOf(proc);
    gone('oom', 133);
    child.emit('exit', 133);
    expect(await exit).toEqual({ code: 133, signal: null, reason: 'oom' });
  });

  it('waits for child-process-gone when the exit comes first', async () => {
    const proc = utilityWorkerLauncher('/app/worker.js')();
    const exits: WorkerExit[] = [];
    proc.onExit((e) => exits.push(e));
    const exit = exitOf(proc);
    child.emit('exit', 11);
    expect(exits).toEqual([]);
    gone('crashed', 11);
    expect(await exit).toEqual({ code: 11, signal: null, reason: 'crashed' });
    expect(exits).toHaveLength(1);
  });

  it("ignores other processes' gone events and reports without a reason when none comes", async () => {
    vi.useFakeTimers();
    const proc = utilityWorkerLauncher('/app/worker.js')();
    const exit = exitOf(proc);
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 1 });
    gone('oom', 1, 'Network Service');
    child.emit('exit', 1);
    vi.advanceTimersByTime(goneGraceMs);
    expect(await exit).toEqual({ code: 1, signal: null });
  });

  it('reports a process it killed at once, without waiting for a reason', async () => {
    const proc = utilityWorkerLauncher('/app/worker.js')();
    const exit = exitOf(proc);
    proc.kill();
    expect(child.killed).toBe(true);
    child.emit('exit', 0);
    expect(await exit).toEqual({ code: 0, signal: null });
  });
});
