/**
 * @file How far each stage has come, for the status bar and `fotoglot status`: photos
 * ingested, searchable (embedded with the active model), auto-tagged and looked at for faces,
 * each out of what that stage can work on. See [Note: Pipeline].
 */
import type Database from 'better-sqlite3';
import { pluck, sql, type SqlFragment } from '../db/sql';
import { photoOnDisk } from '../library/photo-query';
import type { JobQueue } from './job-queue';

export interface StageStatus {
  /** ingest | embed | tag | faces */
  name: string;
  done: number;
  total: number;
}

/**
 * Counts per stage. `vectors` is the number of the active model's vectors of ready photos
 * (the embeddings module counts them); `tagJobs` and `embedJobs` are its tag and embed jobs
 * (null: no active model); `faceJobs` the faces stage's, which needs no search model.
 */
export function stageStatus(
  db: Database.Database,
  tagJobs: JobQueue | null,
  vectors: number,
  embedJobs: JobQueue | null = null,
  faceJobs: JobQueue | null = null,
  textJobs: JobQueue | null = null,
): StageStatus[] {
  // Photos with a file on disk: missing ones wait for their file, not for a stage.
  const count = (where: SqlFragment) =>
    pluck<number>(db, sql`SELECT count(*) FROM photos p WHERE ${where} AND ${photoOnDisk}`) ?? 0;
  const ready = count(sql`p.state = 'ready'`);
  const ingestable = count(sql`p.state != 'failed'`);
  const tagged = tagJobs?.countDone() ?? 0;
  // Vectors of photos set aside with their folder stay (see [Note: Removed folders]): the
  // embed jobs done for photos in the library say what is searchable.
  const embedded = Math.min(vectors, embedJobs ? embedJobs.countDone() : vectors, ready);
  return [
    { name: 'ingest', done: ready, total: ingestable },
    { name: 'embed', done: embedded, total: ready },
    { name: 'tag', done: Math.min(tagged, embedded), total: embedded },
    // Faces of photos set aside with their folder stay too: count no more than are ready.
    ...(faceJobs
      ? [{ name: 'faces', done: Math.min(faceJobs.countDone(), ready), total: ready }]
      : []),
    ...(textJobs
      ? [{ name: 'text', done: Math.min(textJobs.countDone(), ready), total: ready }]
      : []),
  ];
}
