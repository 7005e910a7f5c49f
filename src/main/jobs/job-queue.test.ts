/**
 * @file JobQueue on a real library database ([Note: Pipeline]): queueing is idempotent, jobs
 * are taken newest first without those in flight, a job closes with its stage's results or not
 * at all, failures retry then become problems, a changed photo goes back through every stage,
 * and a new version re-queues its own stage only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDatabase } from '../db/library-database';
import { migrations } from '../db/migrations/index';
import { sql } from '../db/sql';
import { embedStage } from '../embeddings/embedding-store';
import { ingestStage } from '../library/ingest-job-store';
import { tagStage, taggerVersion } from '../tagging/tag-store';
import { JobQueue, jobKind, type JobStage } from './job-queue';

let home: string;
let lib: LibraryDatabase;
let folder: number;
const everyPhoto = sql`1`;

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-job-queue-'));
  lib = LibraryDatabase.open(path.join(home, 'library.db'));
  folder = addFolder(lib);
});
afterEach(() => {
  lib.close();
  rmSync(home, { recursive: true, force: true });
});

function addFolder(db: LibraryDatabase): number {
  return Number(
    db.db.prepare("INSERT INTO folders (path, watch, added_at) VALUES ('/photos', 0, 'now')").run()
      .lastInsertRowid,
  );
}

let serial = 0;
/** A photo with one file; `captured` and `mtime` in days, for ordering. */
function addPhoto(
  options: { captured?: number; mtime?: number; state?: string; missing?: boolean } = {},
  db = lib,
): number {
  serial++;
  const day = 86_400_000;
  const id = Number(
    db.db
      .prepare(
        "INSERT INTO photos (fingerprint, size, format, state, captured_at_utc, updated_at) VALUES (?, 1, 'jpeg', ?, ?, 'now')",
      )
      .run(`fp-${String(serial)}`, options.state ?? 'ready', (options.captured ?? 0) * day || null)
      .lastInsertRowid,
  );
  db.db
    .prepare(
      'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms, missing) VALUES (?, ?, ?, 1, ?, ?)',
    )
    .run(
      `/photos/p${String(serial)}.jpg`,
      folder,
      id,
      (options.mtime ?? 0) * day,
      options.missing ? 1 : 0,
    );
  return id;
}

const jobState = (kind: string, photoId: number) =>
  lib.db
    .prepare('SELECT state, attempts FROM jobs WHERE kind = ? AND photo_id = ?')
    .get(kind, photoId) as { state: string; attempts: number } | undefined;

const complete = (queue: JobQueue, ids: number[]) => {
  lib.db.transaction(() => {
    queue.complete(ids);
  })();
};

describe('JobQueue', () => {
  it('queues once per photo and stage, and leaves done and failed jobs alone', () => {
    const jobs = new JobQueue(lib.db, embedStage('m'));
    const [a, b, c] = [addPhoto(), addPhoto(), addPhoto()];
    addPhoto({ state: 'pending' }); // not ingested yet: no embed job
    expect(jobs.queue(everyPhoto)).toBe(3);
    expect(jobs.queue(everyPhoto)).toBe(0);
    complete(jobs, [a]);
    jobs.fail({ photoId: b, path: '/photos/b.jpg', folderId: folder }, 'broken', { final: true });
    expect(jobs.queue(everyPhoto)).toBe(0);
    expect(jobs.counts()).toEqual({ pending: 1, done: 1, failed: 1 });
    expect(jobState(jobs.kind, c)).toEqual({ state: 'pending', attempts: 0 });
    expect(jobs.hasPending()).toBe(true);
  });

  it('counts no pending work for photos set aside with a removed folder or gone from disk', () => {
    // Otherwise a model switch would wait for them forever (searchModel asks hasPending).
    const jobs = new JobQueue(lib.db, embedStage('m'));
    const setAside = addPhoto({ captured: 1 });
    lib.db.prepare('UPDATE files SET missing = 2 WHERE photo_id = ?').run(setAside);
    addPhoto({ captured: 2, missing: true });
    jobs.queue(everyPhoto);
    expect(jobs.countPending()).toBe(2);
    expect([jobs.hasPending(), jobs.countRunnable()]).toEqual([false, 0]);
    const present = addPhoto({ captured: 3 });
    jobs.queue(everyPhoto);
    expect([jobs.hasPending(), jobs.countRunnable()]).toEqual([true, 1]);
    lib.db.transaction(() => {
      jobs.complete([present]);
    })();
    expect(jobs.hasPending()).toBe(false);
  });

  it('takes the newest photos first, skipping those in flight and those without a file', () => {
    const jobs = new JobQueue(lib.db, embedStage('m'));
    const old = addPhoto({ captured: 1, mtime: 30 });
    const mid = addPhoto({ captured: 2, mtime: 10 });
    const recent = addPhoto({ captured: 3, mtime: 20 });
    addPhoto({ captured: 4, missing: true });
    jobs.queue(everyPhoto);
    const first = jobs.take(2);
    expect(first.map((j) => j.photoId)).toEqual([recent, mid]);
    expect(first[0]).toMatchObject({
      path: expect.stringMatching(/\.jpg$/) as unknown,
      folderId: folder,
    });
    const inFlight = first.slice(0, 1).map((j) => j.jobId);
    expect(jobs.take(2, inFlight).map((j) => j.photoId)).toEqual([mid, old]);
    expect([jobs.countPending(), jobs.countRunnable()]).toEqual([4, 3]);

    // Ingest has not read capture times yet: the newest file first.
    const ingest = new JobQueue(lib.db, ingestStage);
    const fresh = [
      addPhoto({ state: 'pending', mtime: 5 }),
      addPhoto({ state: 'pending', mtime: 50 }),
    ];
    for (const id of fresh) ingest.requeue(id);
    expect(ingest.take(10).map((j) => j.photoId)).toEqual([fresh[1], fresh[0]]);
  });

  it('closes jobs only inside the transaction of the results: a throw rolls back both', () => {
    const jobs = new JobQueue(lib.db, embedStage('m'));
    const id = addPhoto();
    jobs.queue(everyPhoto);
    expect(() => {
      jobs.complete([id]);
    }).toThrow(/inside the transaction/);
    const addTag = lib.db.prepare(
      "INSERT INTO photo_tags (photo_id, name, source) VALUES (?, 'result', 'auto')",
    );
    const tags = () => lib.db.prepare('SELECT count(*) FROM photo_tags').pluck().get() as number;
    expect(() => {
      lib.db.transaction(() => {
        addTag.run(id);
        jobs.complete([id]);
        throw new Error('killed');
      })();
    }).toThrow('killed');
    expect([tags(), jobState(jobs.kind, id)?.state]).toEqual([0, 'pending']);
    lib.db.transaction(() => {
      addTag.run(id);
      jobs.complete([id]);
    })();
    expect([tags(), jobState(jobs.kind, id)?.state]).toEqual([1, 'done']);
    expect(jobs.take(10)).toEqual([]);
    expect(jobs.countDone()).toBe(1);
  });

  it('retries a failed job until the stage’s attempts are used up, then records a problem', () => {
    const jobs = new JobQueue(lib.db, embedStage('m')); // two attempts
    const id = addPhoto();
    jobs.queue(everyPhoto);
    const [job] = jobs.take(1);
    if (!job) throw new Error('no job');
    const problems = () => lib.db.prepare('SELECT path, code, reason FROM problems').all();
    expect(jobs.fail(job, 'first')).toBe(false);
    expect(jobState(jobs.kind, id)).toEqual({ state: 'pending', attempts: 1 });
    expect(problems()).toEqual([]);
    expect(jobs.fail(job, 'the model failed')).toBe(true);
    expect(jobState(jobs.kind, id)).toEqual({ state: 'failed', attempts: 2 });
    expect(problems()).toEqual([{ path: job.path, code: 'crashed', reason: 'the model failed' }]);
    expect(jobs.take(1)).toEqual([]);

    // Ingest's one attempt, with the problem the stage names.
    const ingest = new JobQueue(lib.db, ingestStage);
    ingest.requeue(id);
    expect(ingest.fail(job, 'cut short', { code: 'truncated' })).toBe(true);
    expect(problems()).toEqual([{ path: job.path, code: 'truncated', reason: 'cut short' }]);
  });

  it('sends a changed photo back through every stage, and leaves other photos alone', () => {
    const ingest = new JobQueue(lib.db, ingestStage);
    const embed = new JobQueue(lib.db, embedStage('m'));
    const tag = new JobQueue(lib.db, tagStage('m'));
    const [changed, other] = [addPhoto(), addPhoto()];
    for (const queue of [ingest, embed, tag]) complete(queue, [changed, other]);
    embed.fail({ photoId: changed, path: '/photos/x.jpg', folderId: folder }, 'x', { final: true });

    ingest.requeue(changed); // the scan saw new content
    expect(jobState(ingest.kind, changed)).toEqual({ state: 'pending', attempts: 0 });
    lib.db.transaction(() => {
      ingest.complete([changed]);
      expect(ingest.resetOthers(changed)).toBe(2);
    })();
    expect([ingest, embed, tag].map((q) => jobState(q.kind, changed))).toEqual([
      { state: 'done', attempts: 0 },
      { state: 'pending', attempts: 0 },
      { state: 'pending', attempts: 0 },
    ]);
    expect([ingest, embed, tag].map((q) => jobState(q.kind, other)?.state)).toEqual([
      'done',
      'done',
      'done',
    ]);
  });

  it('re-queues only the stage whose version changed', () => {
    expect([jobKind(ingestStage), jobKind(embedStage('m')), jobKind(tagStage('m'))]).toEqual([
      'ingest',
      'embed:m',
      `tag:m@${String(taggerVersion)}`,
    ]);
    const embed = new JobQueue(lib.db, embedStage('m'));
    const tag = new JobQueue(lib.db, tagStage('m'));
    const ids = [addPhoto(), addPhoto()];
    complete(embed, ids);
    complete(tag, ids);
    const nextTagger: JobStage = { ...tagStage('m'), version: `m@${String(taggerVersion + 1)}` };
    const retag = new JobQueue(lib.db, nextTagger);
    expect([embed.queue(everyPhoto), tag.queue(everyPhoto), retag.queue(everyPhoto)]).toEqual([
      0, 0, 2,
    ]);
    const otherModel = new JobQueue(lib.db, embedStage('n'));
    expect(otherModel.queue(everyPhoto)).toBe(2);
    expect(embed.countPending() + tag.countPending()).toBe(0);
    // The done condition the tagger scans with is per kind.
    const doneBy = (queue: JobQueue) =>
      lib.db
        .prepare(`SELECT count(*) FROM photos p WHERE ${queue.isDone('p.id').text}`)
        .pluck()
        .get(...queue.isDone('p.id').params) as number;
    expect([doneBy(tag), doneBy(retag)]).toEqual([2, 0]);
  });

  it('keeps the tagging of a library from before versioned tag jobs (schema 5)', () => {
    const file = path.join(home, 'old.db');
    const old = LibraryDatabase.open(file, { migrations: migrations.slice(0, 4) });
    folder = addFolder(old);
    const id = addPhoto({}, old);
    const job = old.db.prepare(
      "INSERT INTO jobs (kind, photo_id, state, attempts) VALUES (?, ?, 'done', 0)",
    );
    for (const kind of ['ingest', 'embed:m', 'tag:m']) job.run(kind, id);
    old.close();

    const upgraded = LibraryDatabase.open(file);
    try {
      expect(upgraded.migration.backupPath).not.toBeNull();
      expect(
        upgraded.db.prepare('SELECT kind FROM jobs ORDER BY kind').pluck().all() as string[],
      ).toEqual(['embed:m', 'ingest', 'tag:m@1']);
      // Tagging done before versions counts as the tagger's version 1.
      const firstTagger = { ...tagStage('m'), version: 'm@1' };
      expect(new JobQueue(upgraded.db, firstTagger).countDone()).toBe(1);
    } finally {
      upgraded.close();
    }
  });
});
