/**
 * @file How far each stage has come, for the status bar and `fotoglot status`: photos
 * ingested, searchable (embedded with the active model) and auto-tagged, each out of what
 * that stage can work on. See [Note: Pipeline].
 */
import type Database from 'better-sqlite3';
import { hasPresentFile } from '../library/photo-query';

export interface StageStatus {
  /** ingest | embed | tag */
  name: string;
  done: number;
  total: number;
}

/**
 * Counts per stage. `vectors` is the number of the active model's vectors of ready photos
 * (the embeddings module counts them); `modelId` names its tag jobs.
 */
export function stageStatus(
  db: Database.Database,
  modelId: string | null,
  vectors: number,
): StageStatus[] {
  const count = (sql: string, ...params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  // Photos with a file on disk: missing ones wait for their file, not for a stage.
  const present = hasPresentFile('p.id');
  const ready = count(`SELECT count(*) FROM photos p WHERE p.state = 'ready' AND ${present}`);
  const ingestable = count(
    `SELECT count(*) FROM photos p WHERE p.state != 'failed' AND ${present}`,
  );
  const tagged =
    modelId === null
      ? 0
      : count(
          `SELECT count(*) FROM jobs j JOIN photos p ON p.id = j.photo_id
            WHERE j.kind = ? AND j.state = 'done' AND p.state = 'ready' AND ${present}`,
          `tag:${modelId}`,
        );
  return [
    { name: 'ingest', done: ready, total: ingestable },
    { name: 'embed', done: Math.min(vectors, ready), total: ready },
    { name: 'tag', done: Math.min(tagged, vectors), total: Math.min(vectors, ready) },
  ];
}
