/** @file Which photos live in a folder: those with a file on disk in it or in its subfolders. */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { all, sql } from '../db/sql';

/**
 * The ids of the photos with a present file in `root` or below, each once. Compared by path
 * prefix up to a separator, so `/photos/2019` does not take in `/photos/2019-old`.
 */
export function photosInFolder(db: Database.Database, root: string): number[] {
  const prefix = root + path.sep;
  return all<{ photo_id: number }>(
    db,
    sql`SELECT DISTINCT photo_id FROM files WHERE missing = 0 AND photo_id IS NOT NULL
          AND (path = ${root} OR substr(path, 1, ${prefix.length}) = ${prefix})`,
  ).map((f) => f.photo_id);
}
