import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerStatus } from '../../shared/worker-status';
import { bundlePaths } from '../bundle-paths';
import { InferenceClient, type WorkerCrash } from './inference-client';
import { nodeWorkerLauncher, type WorkerProcess } from './worker-launcher';

const root = path.resolve(import.meta.dirname, '../../..');
const realWorker = bundlePaths(path.join(root, 'dist/node')).workerScript;
const fixture = (name: string) => path.join(root, 'test/fixtures', name);

let client: InferenceClient | null = null;
afterEach(async () => {
  await client?.dispose();
  client = null;
});

function nextEvent<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  accept: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      if (!accept(value)) return;
      off();
      resolve(value);
    });
  });
}

describe('InferenceClient with the real worker', () => {
  it('starts the worker, which reports onnxruntime and its execution providers', async () => {
    client = new InferenceClient({ launch: nodeWorkerLauncher(realWorker) });
    client.start();
    const status = await client.whenReady();
    expect(status.state).toBe('ready');
    expect(status.onnxruntimeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.executionProviders).toContain('cpu');
    expect(status.pid).toBeGreaterThan(0);
    const ping = await client.request('ping', {});
    expect(ping.pid).toBe(status.pid);
  });

  it('sees a killed worker come back with a new process', async () => {
    client = new InferenceClient({ launch: nodeWorkerLauncher(realWorker), initialBackoffMs: 50 });
    const c = client;
    c.start();
    const before = await c.whenReady();
    const crashed = nextEvent<WorkerCrash>((l) => c.onCrash(l));
    const back = nextEvent<WorkerStatus>(
      (l) => c.onStatus(l),
      (s) => s.state === 'ready' && s.pid !== before.pid,
    );
    process.kill(before.pid ?? 0, 'SIGKILL');
    expect(await crashed).toMatchObject({ signal: 'SIGKILL', restartInMs: 50 });
    const after = await back;
    expect(after.restarts).toBe(1);
    expect(after.lastError).toMatch(/SIGKILL/);
    // The new process answers requests.
    expect((await c.request('ping', {})).pid).toBe(after.pid);
  });

  it('fails requests in flight when the worker dies, instead of hanging', async () => {
    client = new InferenceClient({ launch: nodeWorkerLauncher(realWorker), initialBackoffMs: 50 });
    client.start();
    const { pid } = await client.whenReady();
    const pending = client.request('ping', {});
    process.kill(pid ?? 0, 'SIGKILL');
    // Either the ping won the race or it fails with a clear "stopped" error; never a hang.
    await pending.then(
      (value) => {
        expect(value.pid).toBe(pid);
      },
      (error: unknown) => {
        expect(String(error)).toMatch(/stopped/);
      },
    );
  });

  it('stops for good on dispose and refuses further requests', async () => {
    client = new InferenceClient({ launch: nodeWorkerLauncher(realWorker) });
    client.start();
    const { pid } = await client.whenReady();
    await client.dispose();
    expect(client.status.state).toBe('stopped');
    expect(() => process.kill(pid ?? 0, 0)).toThrow(); // the process is gone
    await expect(client.request('ping', {})).rejects.toThrow(/not running/);
  });
});

describe('InferenceClient failure handling', () => {
  it('backs off exponentially while a worker keeps crashing', async () => {
    client = new InferenceClient({
      launch: nodeWorkerLauncher(fixture('crashing-worker.cjs')),
      initialBackoffMs: 10,
      maxBackoffMs: 40,
    });
    const delays: number[] = [];
    const c = client;
    const fourCrashes = new Promise<void>((resolve) => {
      c.onCrash((crash) => {
        delays.push(crash.restartInMs);
        if (delays.length === 4) resolve();
      });
    });
    c.start();
    await fourCrashes;
    expect(delays).toEqual([10, 20, 40, 40]);
    expect(c.status.state).toBe('restarting');
    expect(c.status.lastError).toMatch(/code 3/);
  });

  it('kills and restarts a worker that stops answering pings', async () => {
    client = new InferenceClient({
      launch: nodeWorkerLauncher(fixture('hung-worker.cjs')),
      requestTimeoutMs: 200,
      initialBackoffMs: 10,
    });
    const c = client;
    const crashed = nextEvent<WorkerCrash>((l) => c.onCrash(l));
    c.start();
    expect((await crashed).signal).toBe('SIGKILL');
    await expect(c.whenReady(100)).rejects.toThrow(/did not become ready/);
  });

  it("keeps the host's reason for a crash (Electron's oom, crashed…) in the crash record", async () => {
    // A stand-in process that dies at once, as the Electron launcher reports an out-of-memory exit.
    const launch = (): WorkerProcess => ({
      pid: 7,
      send: () => undefined,
      onMessage: () => undefined,
      onExit: (listener) => {
        queueMicrotask(() => {
          listener({ code: 133, signal: null, reason: 'oom' });
        });
      },
      kill: () => undefined,
    });
    client = new InferenceClient({ launch, initialBackoffMs: 10_000 });
    const c = client;
    const crashed = nextEvent<WorkerCrash>((l) => c.onCrash(l));
    c.start();
    expect(await crashed).toEqual({ code: 133, signal: null, reason: 'oom', restartInMs: 10_000 });
    expect(c.status.lastError).toBe('exited with code 133 (oom)');
  });

  it('reports a worker script that cannot start', async () => {
    client = new InferenceClient({
      launch: nodeWorkerLauncher(fixture('does-not-exist.cjs')),
      initialBackoffMs: 10,
    });
    const c = client;
    const crashed = nextEvent<WorkerCrash>((l) => c.onCrash(l));
    c.start();
    expect((await crashed).code).not.toBe(0);
  });
});
