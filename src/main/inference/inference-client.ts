/**
 * @file The one class that owns the inference process (§5.5): spawns it, health-checks it
 * with `ping`, restarts it with exponential backoff after a crash or hang, and answers
 * typed requests. Callers never see the process itself.
 */
import { Emitter } from '../../shared/emitter';
import { AppFailure } from '../../shared/result';
import {
  fromWorkerSchema,
  workerRequests,
  type WorkerPayloadIn,
  type WorkerRequestType,
  type WorkerValue,
} from '../../shared/worker-protocol';
import type { WorkerStatus } from '../../shared/worker-status';
import type { WorkerExit, WorkerLauncher, WorkerProcess } from './worker-launcher';

export interface InferenceClientOptions {
  launch: WorkerLauncher;
  /** Delay before the first restart; doubles per consecutive crash. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A worker that stayed ready this long resets the backoff. */
  stableAfterMs?: number;
  /** How long a quick request (ping, text) may take before the worker is deemed hung. */
  requestTimeoutMs?: number;
  /** The same for slow requests: loading a model, embedding a batch of images. */
  slowRequestTimeoutMs?: number;
  /** Interval of the background health ping; 0 disables it. */
  healthCheckIntervalMs?: number;
}

export interface WorkerCrash {
  code: number | null;
  signal: string | null;
  /** Why the host says the process went (Electron: oom, crashed, killed, …); null when it did not say. */
  reason: string | null;
  /** Milliseconds until the next start attempt. */
  restartInMs: number;
}

interface Pending {
  type: WorkerRequestType;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class InferenceClient {
  readonly #opts: Required<InferenceClientOptions>;
  readonly #statusEmitter = new Emitter<WorkerStatus>();
  readonly #crashEmitter = new Emitter<WorkerCrash>();
  readonly #pending = new Map<number, Pending>();
  #status: WorkerStatus = {
    state: 'stopped',
    pid: null,
    onnxruntimeVersion: null,
    executionProviders: [],
    restarts: 0,
    lastError: null,
    changedAt: Date.now(),
  };
  #proc: WorkerProcess | null = null;
  #nextId = 1;
  #consecutiveCrashes = 0;
  #readyAt = 0;
  #restartTimer: NodeJS.Timeout | null = null;
  #healthTimer: NodeJS.Timeout | null = null;
  #disposed = false;

  constructor(options: InferenceClientOptions) {
    this.#opts = {
      initialBackoffMs: 250,
      maxBackoffMs: 30_000,
      stableAfterMs: 60_000,
      requestTimeoutMs: 15_000,
      slowRequestTimeoutMs: 300_000,
      healthCheckIntervalMs: 30_000,
      ...options,
    };
  }

  get status(): WorkerStatus {
    return this.#status;
  }

  /** Fires on every status change (starting, ready, restarting, stopped). */
  onStatus(listener: (status: WorkerStatus) => void): () => void {
    return this.#statusEmitter.on(listener);
  }

  /** Fires when the worker died without being asked to. */
  onCrash(listener: (crash: WorkerCrash) => void): () => void {
    return this.#crashEmitter.on(listener);
  }

  /** Starts the worker (idempotent). Resolves immediately; use `whenReady` to wait. */
  start(): void {
    if (this.#disposed) throw new Error('InferenceClient is disposed');
    if (this.#proc || this.#restartTimer) return;
    this.#spawn();
    if (this.#opts.healthCheckIntervalMs > 0) {
      this.#healthTimer = setInterval(() => {
        this.#healthCheck();
      }, this.#opts.healthCheckIntervalMs);
      this.#healthTimer.unref();
    }
  }

  /** Resolves with the status once the worker has answered a ping. */
  whenReady(timeoutMs = 30_000): Promise<WorkerStatus> {
    if (this.#status.state === 'ready') return Promise.resolve(this.#status);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(
          new AppFailure(
            'unavailable',
            `The inference worker did not become ready within ${String(timeoutMs / 1000)} s` +
              (this.#status.lastError ? ` (last error: ${this.#status.lastError})` : '') +
              '.',
          ),
        );
      }, timeoutMs);
      const off = this.onStatus((status) => {
        if (status.state !== 'ready') return;
        clearTimeout(timer);
        off();
        resolve(status);
      });
    });
  }

  /** Sends one typed request to the worker and resolves with its validated answer. */
  request<T extends WorkerRequestType>(
    type: T,
    payload: WorkerPayloadIn<T>,
  ): Promise<WorkerValue<T>> {
    const proc = this.#proc;
    if (!proc) {
      return Promise.reject(new AppFailure('unavailable', 'The inference worker is not running.'));
    }
    const id = this.#nextId++;
    return new Promise<WorkerValue<T>>((resolve, reject) => {
      // Several texts (tag prompts) run one by one on a batch-1 text tower ([Note: Real model
      // contract]): seconds on a busy CPU, like a batch of images.
      const slow =
        type === 'loadModel' ||
        type === 'checkModel' ||
        type === 'embedImages' ||
        // A crowd's faces, each described, take seconds on a busy CPU.
        type === 'faces' ||
        // A page of text read line by line, and the first request loading the text models
        // ([Note: Reading text]).
        type === 'readText' ||
        type === 'lookForText' ||
        (type === 'embedTexts' && (payload as WorkerPayloadIn<'embedTexts'>).texts.length > 1);
      const timer = setTimeout(
        () => {
          this.#pending.delete(id);
          reject(
            new AppFailure(
              'unavailable',
              `The inference worker did not answer "${type}" in time (it seems stuck; it was restarted).`,
            ),
          );
          // A worker that does not answer is stuck on something (a poisonous image, a driver): replace it.
          if (proc === this.#proc) {
            // Not ready from now on: no caller sends work to the dying process before its exit lands.
            this.#setStatus({ state: 'restarting', lastError: `no answer to "${type}" in time` });
            proc.kill();
          }
        },
        slow ? this.#opts.slowRequestTimeoutMs : this.#opts.requestTimeoutMs,
      );
      this.#pending.set(id, {
        type,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      proc.send({ kind: 'request', id, type, payload });
    });
  }

  /** Stops the worker for good and fails whatever was still pending. */
  dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    if (this.#healthTimer) clearInterval(this.#healthTimer);
    this.#restartTimer = null;
    this.#healthTimer = null;
    const proc = this.#proc;
    const exited = new Promise<void>((resolve) => {
      if (!proc) {
        resolve();
        return;
      }
      proc.onExit(() => {
        resolve();
      });
    });
    proc?.kill();
    this.#proc = null;
    this.#failPending('The inference worker was stopped.');
    this.#setStatus({ state: 'stopped', pid: null });
    return exited.then(() => {
      this.#statusEmitter.dispose();
      this.#crashEmitter.dispose();
    });
  }

  #spawn(): void {
    this.#restartTimer = null;
    let proc: WorkerProcess;
    try {
      proc = this.#opts.launch();
    } catch (error) {
      this.#handleExit(null, { code: null, signal: null }, error);
      return;
    }
    this.#proc = proc;
    this.#setStatus({
      state: this.#status.restarts > 0 ? 'restarting' : 'starting',
      pid: proc.pid ?? null,
    });
    proc.onMessage((raw) => {
      this.#onMessage(proc, raw);
    });
    proc.onExit((exit) => {
      this.#handleExit(proc, exit);
    });
  }

  #onMessage(proc: WorkerProcess, raw: unknown): void {
    if (proc !== this.#proc) return;
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('[inference] ignored malformed message from worker');
      return;
    }
    const message = parsed.data;
    if (message.kind === 'hello') {
      void this.#pingUntilReady(proc);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    const result = message.result;
    if (!result.ok) {
      pending.reject(new AppFailure(result.error.code, result.error.message));
      return;
    }
    const value = workerRequests[pending.type].value.safeParse(result.value);
    if (value.success) pending.resolve(value.data);
    else
      pending.reject(
        new AppFailure('internal', `Malformed "${pending.type}" answer from the worker.`),
      );
  }

  async #pingUntilReady(proc: WorkerProcess): Promise<void> {
    try {
      const info = await this.request('ping', {});
      if (proc !== this.#proc) return;
      this.#readyAt = Date.now();
      this.#setStatus({
        state: 'ready',
        pid: info.pid,
        onnxruntimeVersion: info.onnxruntimeVersion,
        executionProviders: info.executionProviders,
      });
    } catch (error) {
      if (proc !== this.#proc) return;
      this.#status = { ...this.#status, lastError: errorText(error) };
      proc.kill(); // A worker that cannot answer a ping is restarted.
    }
  }

  #healthCheck(): void {
    const proc = this.#proc;
    if (!proc || this.#status.state !== 'ready') return;
    this.request('ping', {}).catch((error: unknown) => {
      if (proc !== this.#proc) return;
      this.#status = { ...this.#status, lastError: `health check failed: ${errorText(error)}` };
      proc.kill();
    });
  }

  #handleExit(proc: WorkerProcess | null, exit: WorkerExit, cause?: unknown): void {
    if (proc && proc !== this.#proc) return;
    this.#proc = null;
    const reason =
      cause !== undefined
        ? `could not start: ${errorText(cause)}`
        : `exited with ${exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`}${exit.reason ? ` (${exit.reason})` : ''}`;
    this.#failPending(`The inference worker stopped (${reason}).`);
    if (this.#disposed) return;
    if (this.#readyAt > 0 && Date.now() - this.#readyAt >= this.#opts.stableAfterMs) {
      this.#consecutiveCrashes = 0;
    }
    this.#readyAt = 0;
    this.#consecutiveCrashes++;
    const restartInMs = Math.min(
      this.#opts.maxBackoffMs,
      this.#opts.initialBackoffMs * 2 ** (this.#consecutiveCrashes - 1),
    );
    this.#setStatus({
      state: 'restarting',
      pid: null,
      restarts: this.#status.restarts + 1,
      lastError: reason,
    });
    this.#crashEmitter.emit({
      code: exit.code,
      signal: exit.signal,
      reason: exit.reason ?? null,
      restartInMs,
    });
    this.#restartTimer = setTimeout(() => {
      this.#spawn();
    }, restartInMs);
  }

  #failPending(message: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new AppFailure('unavailable', message));
      this.#pending.delete(id);
    }
  }

  #setStatus(patch: Partial<WorkerStatus>): void {
    this.#status = { ...this.#status, ...patch, changedAt: Date.now() };
    this.#statusEmitter.emit(this.#status);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
