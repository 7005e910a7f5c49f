/**
 * @file Whether a stage's shipped models can be used, and the loop that works through the
 * stage's jobs one photo at a time: what the faces and text stages share ([Note: Faces
 * stage], [Note: Text stage]).
 *
 * Only a failure to load counts against the models: missing files, or a probe request on a tiny
 * image that the inference process refuses as invalid (a damaged file). A worker that is not
 * running is not the models' fault; the photos' own tries find out.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FaceModelsProblem as ModelsProblem } from '../../shared/events';
import { AppFailure } from '../../shared/result';
import { sql } from '../db/sql';
import type { Job, JobQueue } from './job-queue';
import type { PauseGate } from './pause-gate';
import { ProgressMeter, type Progress } from './progress-meter';

export type { ModelsProblem };

export interface ShippedModelsOptions {
  /** What they are, for messages: "face models". */
  what: string;
  /** Log prefix and what the user misses meanwhile. */
  tag: string;
  meanwhile: string;
  dir: string;
  files: readonly string[];
  whenReady: () => Promise<unknown>;
  /** A request that loads the models (on a tiny image). */
  probe: () => Promise<unknown>;
  /** True once the stage is disposed: a probe cut short says nothing of the models. */
  stopped: () => boolean;
  onProblem?: ((problem: ModelsProblem | null) => void) | undefined;
}

/** The models of one stage: checked before each run, the problem kept until they load. */
export class ShippedModels {
  #problem: ModelsProblem | null = null;

  constructor(private readonly options: ShippedModelsOptions) {}

  /** Why the stage waits; null when the models load. */
  get problem(): ModelsProblem | null {
    return this.#problem;
  }

  /** The shipped files that are not there. */
  missingFiles(): string[] {
    return this.options.files.filter((f) => !existsSync(path.join(this.options.dir, f)));
  }

  #set(problem: ModelsProblem | null): void {
    const changed = JSON.stringify(problem) !== JSON.stringify(this.#problem);
    this.#problem = problem;
    if (!changed) return;
    if (problem) console.warn(`${this.options.tag} ${problem.detail} ${this.options.meanwhile}`);
    this.options.onProblem?.(problem);
  }

  /** Whether the models can be used now; sets or clears `problem`. */
  async usable(): Promise<boolean> {
    const { what, dir, files } = this.options;
    const missing = this.missingFiles();
    if (missing.length > 0) {
      this.#set({
        reason: 'missing',
        files: missing,
        detail: `The ${what} are missing from ${dir} (${missing.join(', ')}).`,
      });
      return false;
    }
    try {
      await this.options.whenReady();
      await this.options.probe();
    } catch (error) {
      if (this.options.stopped()) return false;
      if (error instanceof AppFailure && error.code === 'invalid-argument') {
        this.#set({
          reason: 'damaged',
          files: files.filter((f) => error.message.includes(f)),
          detail: error.message,
        });
        return false;
      }
      return true;
    }
    this.#set(null);
    return true;
  }
}

/**
 * Works through `jobs` one photo at a time until none is left (new photos queued first),
 * passing the pause gate before each ([Note: Pipeline]); returns how many were done.
 */
export async function drainOneByOne(options: {
  jobs: JobQueue;
  lane: string;
  gate?: PauseGate | undefined;
  signal: AbortSignal;
  stopped: () => boolean;
  one: (job: Job) => Promise<void>;
  onProgress?: ((progress: Progress) => void) | undefined;
}): Promise<number> {
  const { jobs, gate, onProgress } = options;
  const meter = new ProgressMeter();
  let done = 0;
  for (;;) {
    // Pause stops the stage here, within one photo.
    await gate?.pass(options.lane, options.signal);
    if (options.stopped()) return done;
    let [job] = jobs.take(1);
    if (!job && jobs.queue(sql`1 = 1`) > 0) [job] = jobs.take(1);
    if (!job) break;
    await options.one(job);
    done++;
    meter.tick(1);
    onProgress?.(meter.progress(done, done + jobs.countRunnable()));
  }
  if (done > 0 && !options.stopped()) onProgress?.(meter.progress(done, done));
  return done;
}
