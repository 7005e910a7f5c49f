/**
 * @file The pipeline's one pause switch. Every stage asks it before taking its next batch,
 * so "pause" (the button, `jobs:pause` from any host, pause on battery) stops all work on
 * photos within one batch, and "resume" lets each stage go on where it stopped.
 */
import { Emitter } from '../../shared/emitter';

/** Why work is paused; work runs only when no reason is left. */
export type PauseReason = 'user' | 'battery';

export class PauseGate {
  readonly #reasons = new Set<PauseReason>();
  #waiters: (() => void)[] = [];
  readonly #changes = new Emitter<boolean>();
  readonly #waiting = new Emitter<string>();
  /** The user's pause as another process may have set it (the library's setting). */
  #shared: { read: () => boolean; everyMs: number } | null = null;

  /**
   * Follows a user pause shared with other processes: read before every batch, and every
   * `everyMs` while a stage waits, so `fotoglot pause` in a terminal holds a running `serve`
   * and `fotoglot resume` lets a waiting `fotoglot index` go on.
   */
  follow(read: () => boolean, everyMs = 1000): void {
    this.#shared = { read, everyMs };
    this.sync();
  }

  /** Takes over a pause or resume another process made (no-op without `follow`). */
  sync(): void {
    if (!this.#shared) return;
    const wanted = this.#shared.read();
    if (wanted && !this.#reasons.has('user')) this.pause('user');
    else if (!wanted && this.#reasons.has('user')) this.resume('user');
  }

  get paused(): boolean {
    return this.#reasons.size > 0;
  }

  pause(reason: PauseReason = 'user'): void {
    const was = this.paused;
    this.#reasons.add(reason);
    if (!was) this.#changes.emit(true);
  }

  /** Lifts one reason (the user's by default); work resumes when none is left. */
  resume(reason: PauseReason = 'user'): void {
    if (!this.#reasons.delete(reason) || this.paused) return;
    for (const wake of this.#waiters.splice(0)) wake();
    this.#changes.emit(false);
  }

  /** Fires with `paused` whenever it changes. */
  onChange(listener: (paused: boolean) => void): () => void {
    return this.#changes.on(listener);
  }

  /** Fires with a stage's name when it stops at the gate (tests wait for it). */
  onWaiting(listener: (stage: string) => void): () => void {
    return this.#waiting.on(listener);
  }

  /**
   * Resolves at once while work runs; otherwise when work resumes or `signal` aborts (the
   * stage is being disposed).
   */
  async pass(stage: string, signal?: AbortSignal): Promise<void> {
    this.sync();
    if (!this.paused || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const poll = this.#shared
        ? setInterval(() => {
            this.sync();
          }, this.#shared.everyMs)
        : null;
      poll?.unref();
      const done = () => {
        if (poll) clearInterval(poll);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiting.emit(stage);
    });
  }
}
