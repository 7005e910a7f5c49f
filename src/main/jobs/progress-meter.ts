/**
 * @file One rate and ETA for every stage's progress: photos per second over the last few
 * seconds (a stage's speed changes as it meets big photos or shares the CPU with another
 * stage, so the average since the start would lie), and the time left at that rate.
 */

export interface Progress {
  done: number;
  total: number;
  /** Items per second over the recent window; 0 until two items have finished. */
  rate: number;
  /** Seconds left at `rate`; null while the rate is unknown. */
  etaSeconds: number | null;
}

export class ProgressMeter {
  /** [time in ms, items finished then]. */
  readonly #marks: [number, number][] = [];

  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `items` finished now. */
  tick(items = 1): void {
    const at = this.now();
    this.#marks.push([at, items]);
    while (this.#marks.length > 2 && (this.#marks[0]?.[0] ?? at) < at - this.windowMs)
      this.#marks.shift();
  }

  /** Progress with the recent rate and the time left at it. */
  progress(done: number, total: number): Progress {
    const first = this.#marks[0];
    const last = this.#marks.at(-1);
    const span = first && last ? (last[0] - first[0]) / 1000 : 0;
    // Items finished after the first mark, over the time since it.
    const items = this.#marks.slice(1).reduce((n, [, k]) => n + k, 0);
    const rate = span > 0 ? items / span : 0;
    const left = Math.max(0, total - done);
    return {
      done,
      total: Math.max(done, total),
      rate,
      etaSeconds: rate > 0 ? left / rate : left === 0 ? 0 : null,
    };
  }
}
