/**
 * @file The pipeline of work on photos: the stages after ingest, in order, and the one pause
 * switch and progress meter they share.
 *
 * [Note: Pipeline]
 * Every kind of work on a photo is a stage: ingest (metadata, thumbnails, the model input),
 * embed (per model), tag (per model), faces (the shipped face models, [Note: Faces stage]),
 * and the replay of journaled tag, date and person decisions after a database recovery;
 * places and text join the same list. A stage runs until it has
 * no pending work left and takes the newest photos first, so a new user's recent memories
 * are searchable first. Each keeps persistent jobs in the `jobs` table through a JobQueue
 * (job-queue.ts, the only SQL on that table), one row per (kind, photo). The kind is the
 * stage's name and version, `<stage>[:<version>]`: `ingest`, `embed:<model>` (the model id is
 * the version), `tag:<model>@<taggerVersion>` (the model and the tagger's algorithm version),
 * `faces:<faceModels>@<stageVersion>`.
 * Model ids are letters, digits, `.`, `_`, `-`, so `:` and `@` are unambiguous. A new model or
 * a raised algorithm version is a new kind with no done jobs, so that stage alone runs again
 * while the old rows (and vectors) stay for a switch back; schema 5 renamed the unversioned
 * `tag:<model>` rows of older libraries to `@1`. A stage's results and the close of its jobs
 * are one transaction (JobQueue.complete refuses to run outside one), so a killed process
 * resumes without doing a job twice; a failed try leaves the job pending until the stage's
 * attempts are used up, then it is failed with a problem on its file until the file changes.
 * When ingest has read a photo's new content, every other stage's job for it goes back to
 * pending (resetOthers). Jobs are taken newest capture first (for ingest, which has not read
 * the capture time yet, newest file first), skipping those in flight. The pipeline gives
 * every stage the same PauseGate — asked before each batch, so pause (UI, `serve`, on
 * battery) stops all work within one batch and resume goes on where it stopped — the same
 * ProgressMeter for rate and ETA, the library's full-disk stall around each stage ([Note:
 * Disk full]: the work waits for space and resumes), and cancellation on dispose (an aborted
 * gate wait).
 * Ingest starts the next stage early every few photos (`photosReady`), so embedding overlaps
 * ingest; when ingest is done, the stages run in order, each taking what the one before left.
 */
import { PauseGate, type PauseReason } from './pause-gate';

/** One kind of work on photos. */
export interface Stage {
  /** As in progress events and status: ingest, embed, tag, replay… */
  readonly name: string;
  /** Does the stage's pending work; resolves when none is left (or it was paused and disposed). */
  run(): Promise<void>;
}

export class Pipeline {
  readonly gate = new PauseGate();
  readonly #stages: Stage[] = [];
  /** Runs a stage so that a full disk stalls the work until space returns ([Note: Disk full]). */
  #guard: <T>(work: () => Promise<T>) => Promise<T> = (work) => work();

  /** Sets how every stage is run against a full disk (the library's stall). */
  guardWith(guard: <T>(work: () => Promise<T>) => Promise<T>): void {
    this.#guard = guard;
  }

  /** Adds a stage after those already added (it runs after them). */
  add(stage: Stage): void {
    this.#stages.push(stage);
  }

  get stages(): readonly string[] {
    return this.#stages.map((s) => s.name);
  }

  get paused(): boolean {
    this.gate.sync();
    return this.gate.paused;
  }

  #store: { read(): boolean; write(paused: boolean): void } | null = null;

  /**
   * Keeps the user's pause in the library (a setting), so it survives a restart and every
   * process on the library follows it (see PauseGate.follow).
   */
  persistWith(store: { read(): boolean; write(paused: boolean): void }): void {
    this.#store = store;
    this.gate.follow(() => store.read());
  }

  pause(reason: PauseReason = 'user'): void {
    if (reason === 'user') this.#store?.write(true);
    this.gate.pause(reason);
  }

  resume(reason: PauseReason = 'user'): void {
    if (reason === 'user') this.#store?.write(false);
    this.gate.resume(reason);
  }

  /** Runs every stage after ingest, in order. */
  async afterIngest(): Promise<void> {
    for (const stage of this.#stages) await this.#guard(() => stage.run());
  }

  /**
   * Some photos are ingested: the first stage after ingest may start on them while ingest
   * goes on. Best effort: the run after ingest retries and reports.
   */
  photosReady(): void {
    const [first] = this.#stages;
    void first?.run().catch((error: unknown) => {
      console.error(`${first.name} (during ingest):`, error);
    });
  }
}
