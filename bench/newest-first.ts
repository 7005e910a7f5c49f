/**
 * @file bench:embed's newest-first section ([Note: Pipeline]): through the real core, how long
 * until the `first` most recently taken photos of a folder are all searchable, next to how
 * long the whole folder's ingest takes and how long everything takes, in the same run. The
 * baseline ("old order") is the same core with the queries from before newest-first (ingest
 * and embedding in job order, i.e. scan order), swapped in by this file only.
 */
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Core } from '../src/main/core';
import { EmbeddingStore, type EmbedJob } from '../src/main/embeddings/embedding-store';
import { nodeWorkerLauncher } from '../src/main/inference/worker-launcher';
import type { PendingJob } from '../src/main/library/ingest-job-store';
import { LibraryStore } from '../src/main/library/library-store';
import type { DatedPhoto } from './dated-photos';

/**
 * new: the app as it is; old: job order in both stages (the queries before newest-first);
 * same-file-time: the app, every file with one file time (a folder restored from a backup:
 * ingest falls back to scan order, embedding still takes the newest ingested first).
 */
export type NewestOrder = 'new' | 'old' | 'same-file-time';

export interface NewestTiming {
  order: NewestOrder;
  /** Seconds from `index` until… the scan was done (ingest started). */
  scan: number;
  /** …the `first` newest photos were all ingested. */
  newestIngested: number;
  /** …the `first` newest photos all had a vector: searchable. */
  newest: number;
  /** `core.stages()`'s embed stage at that moment: searchable of ingested. */
  stageAtNewest: { done: number; total: number };
  /** …the last photo was ingested. */
  ingest: number;
  /** …every photo had a vector (`index` returned). */
  all: number;
}

const dbOf = (store: object) => (store as { db: Database.Database }).db;

/** Swaps in the pre-newest-first queries (git c5e4069^); returns the undo. */
function useOldOrder(): () => void {
  const ingest = Object.getOwnPropertyDescriptor(LibraryStore.prototype, 'pendingJobs');
  const embed = Object.getOwnPropertyDescriptor(EmbeddingStore.prototype, 'pendingJobs');
  LibraryStore.prototype.pendingJobs = function (limit, excludeJobIds) {
    const rows = dbOf(this)
      .prepare(
        `SELECT j.id AS jobId, j.photo_id AS photoId, j.attempts, p.fingerprint, p.format,
                f.path, f.folder_id AS folderId, f.mtime_ms AS mtimeMs
           FROM jobs j JOIN photos p ON p.id = j.photo_id
           JOIN files f ON f.id = (SELECT id FROM files WHERE photo_id = j.photo_id AND missing = 0 ORDER BY id LIMIT 1)
          WHERE j.kind = 'ingest' AND j.state = 'pending'
          ORDER BY j.id LIMIT ?`,
      )
      .all(limit + (excludeJobIds?.length ?? 0)) as PendingJob[];
    const skip = new Set(excludeJobIds);
    return rows.filter((r) => !skip.has(r.jobId)).slice(0, limit);
  };
  EmbeddingStore.prototype.pendingJobs = function (modelId, limit, except) {
    return dbOf(this)
      .prepare(
        `SELECT j.id AS jobId, j.photo_id AS photoId, j.attempts, p.fingerprint, p.format, p.orientation,
                f.path, f.folder_id AS folderId
           FROM jobs j JOIN photos p ON p.id = j.photo_id AND p.state = 'ready'
           JOIN files f ON f.id = (SELECT id FROM files WHERE photo_id = j.photo_id AND missing = 0 ORDER BY id LIMIT 1)
          WHERE j.kind = ? AND j.state = 'pending' AND j.id NOT IN (SELECT value FROM json_each(?))
          ORDER BY j.id LIMIT ?`,
      )
      .all(`embed:${modelId}`, JSON.stringify(except ?? []), limit) as EmbedJob[];
  };
  return () => {
    if (ingest) Object.defineProperty(LibraryStore.prototype, 'pendingJobs', ingest);
    if (embed) Object.defineProperty(EmbeddingStore.prototype, 'pendingJobs', embed);
  };
}

export interface NewestRun {
  photos: DatedPhoto[];
  /** How many of the most recently taken photos must be searchable. */
  first: number;
  order: NewestOrder;
  /** The model to embed with (catalog id) and the models folder that holds it. */
  modelId: string;
  bundledModelsDir: string;
}

/** One index of the folder in a fresh home, timed from its events. */
export async function timeNewestFirst(run: NewestRun): Promise<NewestTiming> {
  const { photos, first, order, modelId } = run;
  const folder = path.dirname(photos[0]?.file ?? '.');
  const newestPaths = JSON.stringify(
    [...photos]
      .sort((a, b) => b.capturedMs - a.capturedMs)
      .slice(0, first)
      .map((p) => p.file),
  );
  const restore = order === 'old' ? useOldOrder() : () => undefined;
  const setTimes = (at: (p: DatedPhoto) => number) => {
    for (const p of photos) utimesSync(p.file, at(p) / 1000, at(p) / 1000);
  };
  if (order === 'same-file-time') setTimes(() => Date.UTC(2025, 1, 1));
  const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-newest-'));
  const core = Core.open({
    home,
    launchWorker: nodeWorkerLauncher(path.resolve('dist/node/worker.cjs')),
    bundledModelsDir: run.bundledModelsDir,
  });
  try {
    await core.models.use(modelId);
    await core.embeddings.probe(); // the model load is not what is measured
    await core.tags.dispose(); // as in the throughput section: tagging is a text job
    const db = core.db.db;
    // Photo ids of the newest, once the scan has made them.
    let newestIds: string | null = null;
    const ids = () =>
      (newestIds ??= JSON.stringify(
        db
          .prepare('SELECT photo_id FROM files WHERE path IN (SELECT value FROM json_each(?))')
          .pluck()
          .all(newestPaths),
      ));
    const ingested = db
      .prepare(
        "SELECT count(*) FROM photos WHERE state = 'ready' AND id IN (SELECT value FROM json_each(?))",
      )
      .pluck();
    const embedded = db
      .prepare(
        "SELECT count(*) FROM jobs WHERE kind = ? AND state = 'done' AND photo_id IN (SELECT value FROM json_each(?))",
      )
      .pluck();
    const kind = `embed:${modelId}`;
    const t: Partial<NewestTiming> = { order };
    let ingestEvents = 0;
    const start = performance.now();
    const now = () => (performance.now() - start) / 1000;
    const off = core.onEvent((event) => {
      if (event.type !== 'job:progress') return;
      if (event.job === 'ingest') {
        t.scan ??= now();
        if (event.done > 0 && event.done === event.total) t.ingest = now();
        // Every 25th photo: the query costs the event loop about a millisecond.
        if (t.newestIngested === undefined && ++ingestEvents % 25 === 0)
          if ((ingested.get(ids()) as number) >= first) t.newestIngested = now();
      } else if (event.job === 'embed' && t.newest === undefined) {
        if ((embedded.get(kind, ids()) as number) >= first) {
          t.newest = now();
          t.newestIngested ??= t.newest;
          const stage = core.stages().find((s) => s.name === 'embed');
          t.stageAtNewest = { done: stage?.done ?? 0, total: stage?.total ?? 0 };
        }
      }
    });
    await core.library.index([folder], false);
    t.all = now();
    off();
    const stage = core.stages().find((s) => s.name === 'embed');
    if (stage?.done !== photos.length || stage.total !== photos.length || t.newest === undefined)
      throw new Error(`not everything searchable: ${JSON.stringify({ stage, t })}`);
    return t as NewestTiming;
  } finally {
    await core.dispose();
    restore();
    if (order === 'same-file-time') setTimes((p) => p.fileMs);
    rmSync(home, { recursive: true, force: true });
  }
}

/** A markdown row: seconds and the ratios the goal asks about. */
export function newestRow(t: NewestTiming, count: number, first: number): string {
  const s = (x: number) => `${x.toFixed(1)} s`;
  return `| ${t.order} | ${String(count)} / ${String(first)} | ${s(t.scan)} | ${s(t.newestIngested)} | **${s(t.newest)}** (${String(t.stageAtNewest.done)} of ${String(t.stageAtNewest.total)}) | ${s(t.ingest)} | ${s(t.all)} | **${(t.newest / t.ingest).toFixed(2)}** | ${(t.newest / t.all).toFixed(2)} |`;
}

export const newestHeader = [
  '| order | photos / newest | scan done | newest ingested | newest searchable (searchable of ingested then) | whole ingest | everything searchable | newest / ingest | newest / everything |',
  '|---|---|---|---|---|---|---|---|---|',
].join('\n');
