/**
 * @file Runs a drain function so that concurrent requests share one run, and a request that
 * arrives while a run is finishing makes it drain once more: work queued at the last moment
 * is never left waiting for the next trigger.
 */
export class CoalescedRun {
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(private readonly drain: () => Promise<void>) {}

  get active(): boolean {
    return this.#running !== null;
  }

  run(): Promise<void> {
    this.#again = true;
    this.#running ??= (async () => {
      while (this.#again && !this.#stopped) {
        this.#again = false;
        await this.drain();
      }
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** No new drains; resolves when the current one has ended. */
  async dispose(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }
}
