/**
 * @file One stage's persistent jobs: the `jobs` rows of one kind, and the only SQL that reads
 * or writes them. Every stage (ingest, embed, tag…) gets its queue here; see [Note: Pipeline]
 * for the kind format, the order jobs are taken in and how a kill resumes.
 */
import type Database from 'better-sqlite3';
import { all, get, pluck, run, sql, type SqlFragment } from '../db/sql';
import type { PhotoFormat } from '../library/image-format';
import type { ProblemCode } from '../library/ingest-problem';
import { firstPresentFile, photoListed, photoOnDisk } from '../library/photo-query';
import { recordProblem } from '../library/problem-store';

/** What a stage tells the pipeline about its jobs. */
export interface JobStage {
  /** ingest, embed, tag… (the part of the kind before the colon). */
  name: string;
  /**
   * What the stage's results depend on: a model id, an algorithm version, or both
   * (`<model>@<n>`). A new version is a new kind, so only this stage runs again.
   */
  version?: string;
  /** Tries before a job fails for good (default 1: a failure is final). */
  attempts?: number;
  /** The problem recorded when a job fails for good, unless fail() names another. */
  problem?: ProblemCode;
  /** Works on ingested (`ready`) photos only: every stage after ingest. */
  afterIngest: boolean;
}

/** A pending job as taken: the photo and the file the stage reads. */
export interface Job {
  jobId: number;
  photoId: number;
  /** Failed tries so far. */
  attempts: number;
  fingerprint: string;
  format: PhotoFormat;
  orientation: number | null;
  /** The photo's first present file (see [Note: A photo's file]): the one the stage reads. */
  path: string;
  folderId: number;
  mtimeMs: number;
}

export interface JobCounts {
  pending: number;
  done: number;
  failed: number;
}

/** The kind of a stage's jobs: `name`, or `name:version` (see [Note: Pipeline]). */
export function jobKind(stage: Pick<JobStage, 'name' | 'version'>): string {
  return stage.version === undefined ? stage.name : `${stage.name}:${stage.version}`;
}

/** SQL text chosen by code (the photo-query helpers), as a fragment without parameters. */
const code = (text: string): SqlFragment => ({ text, params: [] });

/** The persistent jobs of one stage (one kind). */
export class JobQueue {
  readonly kind: string;
  readonly #maxAttempts: number;
  /** Photos the stage can work on now: on disk, and ingested unless this is ingest. */
  readonly #runnable: SqlFragment;

  constructor(
    private readonly db: Database.Database,
    private readonly stage: JobStage,
  ) {
    this.kind = jobKind(stage);
    this.#maxAttempts = stage.attempts ?? 1;
    this.#runnable = stage.afterIngest ? photoListed : photoOnDisk;
  }

  /**
   * Queues a job for every photo matching `needs` (a condition over `photos p`) that has
   * none of this kind yet; idempotent: done and failed jobs stay as they are. Returns how
   * many were queued.
   */
  queue(needs: SqlFragment): number {
    const ready = this.stage.afterIngest ? sql`p.state = 'ready'` : code('1');
    return run(
      this.db,
      sql`INSERT INTO jobs (kind, photo_id, state, attempts)
          SELECT ${this.kind}, p.id, 'pending', 0 FROM photos p WHERE ${ready} AND (${needs})
          ON CONFLICT (kind, photo_id) DO NOTHING`,
    );
  }

  /** The photo needs this stage again (a new or changed file): its job is pending, untried. */
  requeue(photoId: number): void {
    run(
      this.db,
      sql`INSERT INTO jobs (kind, photo_id, state, attempts) VALUES (${this.kind}, ${photoId}, 'pending', 0)
          ON CONFLICT (kind, photo_id) DO UPDATE SET state = 'pending', attempts = 0`,
    );
  }

  /**
   * Up to `limit` pending jobs the stage can run now, newest photo first: by capture time, or
   * the file's time for a photo not read yet (ingest). `inFlight` are job ids taken earlier
   * and still running (they stay pending in the database until they complete or fail).
   */
  take(limit: number, inFlight: readonly number[] = []): Job[] {
    const ready = this.stage.afterIngest ? sql`AND p.state = 'ready'` : code('');
    const file = code(firstPresentFile('j.photo_id', 'id'));
    return all<Job>(
      this.db,
      sql`SELECT j.id AS jobId, j.photo_id AS photoId, j.attempts, p.fingerprint, p.format,
                 p.orientation, f.path, f.folder_id AS folderId, f.mtime_ms AS mtimeMs
            FROM jobs j JOIN photos p ON p.id = j.photo_id ${ready}
            JOIN files f ON f.id = ${file}
           WHERE j.kind = ${this.kind} AND j.state = 'pending'
             AND j.id NOT IN (SELECT value FROM json_each(${JSON.stringify(inFlight)}))
           ORDER BY coalesce(p.captured_at_utc, f.mtime_ms) DESC, p.id DESC
           LIMIT ${limit}`,
    );
  }

  /**
   * Whether any job is pending that the stage can run (an index probe: searches ask it every
   * time). A photo set aside with its folder, or gone from disk, waits without holding a model
   * switch back (see [Note: Removed folders]).
   */
  hasPending(): boolean {
    return (
      pluck<number>(
        this.db,
        sql`SELECT EXISTS (SELECT 1 FROM jobs j JOIN photos p ON p.id = j.photo_id
                            WHERE j.kind = ${this.kind} AND j.state = 'pending' AND ${this.#runnable})`,
      ) === 1
    );
  }

  /** Pending jobs, runnable now or not (a photo without a file waits for it). */
  countPending(): number {
    return (
      pluck<number>(
        this.db,
        sql`SELECT count(*) FROM jobs WHERE kind = ${this.kind} AND state = 'pending'`,
      ) ?? 0
    );
  }

  /** Pending jobs the stage can run now (what take() can return). */
  countRunnable(): number {
    return this.#countJoined('pending');
  }

  /** Done jobs of photos the user can see (ingested, on disk): a stage's progress. */
  countDone(): number {
    return this.#countJoined('done');
  }

  #countJoined(state: 'pending' | 'done'): number {
    return (
      pluck<number>(
        this.db,
        sql`SELECT count(*) FROM jobs j JOIN photos p ON p.id = j.photo_id
             WHERE j.kind = ${this.kind} AND j.state = ${state} AND ${this.#runnable}`,
      ) ?? 0
    );
  }

  /** Every job of this kind by state. */
  counts(): JobCounts {
    const rows = all<{ state: string; n: number }>(
      this.db,
      sql`SELECT state, count(*) AS n FROM jobs WHERE kind = ${this.kind} GROUP BY state`,
    );
    const by = new Map(rows.map((r) => [r.state, r.n]));
    return {
      pending: by.get('pending') ?? 0,
      done: by.get('done') ?? 0,
      failed: by.get('failed') ?? 0,
    };
  }

  /** A condition over the photo id column `photoId` (`p.id`): the stage is done with it. */
  isDone(photoId: string): SqlFragment {
    return sql`EXISTS (SELECT 1 FROM jobs dj WHERE dj.kind = ${this.kind} AND dj.photo_id = ${code(photoId)} AND dj.state = 'done')`;
  }

  /**
   * Closes the jobs of these photos (creating done rows for a stage that keeps none
   * pending). Must run inside the transaction that stores the stage's results, so a kill
   * keeps both or neither and no photo is worked on twice. Photos deleted meanwhile are
   * skipped.
   */
  complete(photoIds: readonly number[]): void {
    if (!this.db.inTransaction)
      throw new Error(`${this.kind}: complete() belongs inside the transaction of its results`);
    run(
      this.db,
      sql`INSERT INTO jobs (kind, photo_id, state, attempts)
          SELECT ${this.kind}, p.id, 'done', 0 FROM photos p
           WHERE p.id IN (SELECT value FROM json_each(${JSON.stringify(photoIds)}))
          ON CONFLICT (kind, photo_id) DO UPDATE SET state = 'done'`,
    );
  }

  /**
   * A try failed. The job stays pending for another try until the stage's attempts are used
   * up (or at once with `final`); then it is failed, left alone until the file changes, and
   * the file gets a problem with `reason`. Returns whether the job failed for good.
   */
  fail(
    job: Pick<Job, 'photoId' | 'path' | 'folderId'>,
    reason: string,
    options: { code?: ProblemCode; final?: boolean } = {},
  ): boolean {
    return this.db.transaction(() => {
      const final = options.final === true ? 1 : 0;
      const row = get<{ state: string }>(
        this.db,
        sql`UPDATE jobs SET attempts = attempts + 1,
                   state = CASE WHEN ${final} OR attempts + 1 >= ${this.#maxAttempts}
                                THEN 'failed' ELSE 'pending' END
             WHERE kind = ${this.kind} AND photo_id = ${job.photoId}
            RETURNING state`,
      );
      // No row: the photo was deleted meanwhile; there is no file to report.
      if (row?.state !== 'failed') return false;
      const problem = options.code ?? this.stage.problem ?? 'crashed';
      recordProblem(this.db, job.folderId, job.path, problem, reason);
      return true;
    })();
  }

  /**
   * Forgets every done job of this kind, so the stage works on each photo again (the tagger,
   * after its calibration was computed anew: [Note: Tag calibration]). Returns how many.
   */
  forgetDone(): number {
    return run(this.db, sql`DELETE FROM jobs WHERE kind = ${this.kind} AND state = 'done'`);
  }

  /**
   * The photo's content changed and this stage has read it anew: every other stage's job
   * for it, of any version, goes back to pending with no tries, so everything derived from
   * the old pixels is made again. Call it inside the transaction that completes this job.
   */
  resetOthers(photoId: number): number {
    return run(
      this.db,
      sql`UPDATE jobs SET state = 'pending', attempts = 0
           WHERE photo_id = ${photoId} AND kind <> ${this.kind}`,
    );
  }
}
