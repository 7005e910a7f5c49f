/** @file What the data folder holds and how much space each part takes; freeing the preview cache. */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { homeLayout } from './app-home';
import { thumbSizes } from './library/thumbnails';

export interface DataFolderUsage {
  dataDir: string;
  database: number;
  thumbnails: number;
  previews: number;
  models: number;
}

/** Calls `visit` with every file under `dir` and its size (a missing folder has none). */
async function walk(
  dir: string,
  visit: (file: string, bytes: number) => Promise<void> | void,
): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, visit);
    else await visit(full, (await stat(full).catch(() => null))?.size ?? 0);
  }
}

const isPreview = (file: string) => file.endsWith(`-${String(thumbSizes.preview)}.webp`);

export async function dataFolderUsage(home: string): Promise<DataFolderUsage> {
  const layout = homeLayout(home);
  const usage: DataFolderUsage = {
    dataDir: home,
    database: 0,
    thumbnails: 0,
    previews: 0,
    models: 0,
  };
  await walk(layout.thumbs, (file, bytes) => {
    if (isPreview(file)) usage.previews += bytes;
    else usage.thumbnails += bytes;
  });
  await walk(layout.models, (_file, bytes) => {
    usage.models += bytes;
  });
  for (const suffix of ['', '-wal', '-shm'])
    usage.database += (await stat(layout.database + suffix).catch(() => null))?.size ?? 0;
  return usage;
}

/** Deletes the on-demand previews under `thumbsDir`; returns the bytes freed. */
export async function clearPreviews(thumbsDir: string): Promise<number> {
  let freed = 0;
  await walk(thumbsDir, async (file, bytes) => {
    if (!isPreview(file)) return;
    await rm(file, { force: true });
    freed += bytes;
  });
  return freed;
}
