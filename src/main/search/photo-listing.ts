/**
 * @file Filter-only listings (chips, no words): a page of the photos the chips keep, newest
 * first, and their exact total, fast at a million photos ([Note: Listing counts]).
 *
 * [Note: Listing counts]
 * A listing answers with a page and the exact number of photos the chips keep. Counting by
 * reading each kept photo costs 0.3–0.8 µs a photo (a join, a DISTINCT): 0.3–0.8 s for a chip
 * that keeps a million. So the totals of the broad listings come from counts that triggers
 * keep in the same transaction as every change (schema 17, 0017-listing-counts.ts; a killed
 * process never leaves them wrong, and every writer keeps them, SQL in tests included):
 *  - `photos.present_files`: the photo's files on disk. "Listed" (ready, a file present) is a
 *    column test, `photoListed`, served by the partial index `photos_listed`.
 *  - `listed_days`: listed photos per local capture day. The unfiltered total is their sum,
 *    a date chip's the sum over its days (chips are whole days, and `captured_at` compares
 *    with a day as its first ten characters do).
 *  - `file_dirs.listed_files`: per folder, present files of ready photos. Folder chips alone
 *    count the sum over the folders they name, less the photos counted twice: a listed photo
 *    with k > 1 present files in those folders counts k − 1 too many. Such photos have
 *    `present_files > 1`, found through the small partial index `photos_copies`.
 * Other combinations (a camera, tag, person, place, type or text chip; folders with dates)
 * count the kept photos with the page, in one pass, each chip reaching its photos through its
 * index ([Note: Filter lookups]): cheap when one chip is narrow, photo by photo when all are
 * broad (not solved here).
 * The page then takes the plan its total calls for: when the kept photos are many, walking
 * the listed photos newest first (`photos_listed`) and testing each against the chips finds a
 * page after about (offset + limit) × listed / total photos; when they are few, reaching them
 * through the chips' indexes and sorting them is cheaper. A folder walk is bounded (the kept
 * photos can be the library's oldest, not spread out): past its budget the page comes the
 * other way. A date walk reads the index alone, so it is not: it walks when the dates hold a
 * quarter of the listed photos or more (the whole index at 1M costs about what sorting a
 * quarter of it would).
 */
import type Database from 'better-sqlite3';
import { all, join, pluck, sql, type SqlFragment } from '../db/sql';
import { photoListed } from '../library/photo-query';
import { inDates, inFolders, type FilterParts } from './photo-filters';

/** A listing's page (photo ids, newest first) and how many photos it holds in all. */
export interface Listing {
  ids: number[];
  total: number;
}

/** Photos the walk reads past its estimate before it gives up ([Note: Listing counts]). */
const walkSlack = 1000;

/** The page `offset`…`offset + limit` of the listed photos `parts` keep, and their total. */
export function listPhotos(
  db: Database.Database,
  parts: FilterParts,
  limit: number,
  offset: number,
): Listing {
  if (parts.others.length > 0 || (parts.folders && parts.date)) {
    // Counted with the page, in one pass over the photos the chips reach through their indexes.
    const kept = keptBy(
      parts,
      parts.folders && sql`SELECT d.path FROM file_dirs d WHERE ${parts.folders}`,
    );
    const rows = all<{ id: number; total: number }>(
      db,
      sql`SELECT p.id, count(*) OVER () AS total FROM photos p WHERE ${kept}
           ORDER BY p.captured_at_utc DESC, p.id DESC LIMIT ${limit} OFFSET ${offset}`,
    );
    // A page past the end has no row to carry the count.
    const total =
      rows[0]?.total ?? pluck<number>(db, sql`SELECT count(*) FROM photos p WHERE ${kept}`) ?? 0;
    return { ids: rows.map((r) => r.id), total };
  }
  let dirs: string | null = null;
  if (parts.folders) {
    const paths = all<{ path: string }>(
      db,
      sql`SELECT d.path FROM file_dirs d WHERE ${parts.folders}`,
    );
    if (paths.length === 0) return { ids: [], total: 0 };
    dirs = JSON.stringify(paths.map((d) => d.path));
  }
  const folderList = sql`SELECT value FROM json_each(${dirs})`;
  const kept = keptBy(parts, dirs === null ? null : folderList);
  const library = listedDays(db, null);
  const total =
    dirs !== null
      ? inFolderCount(db, folderList)
      : parts.date
        ? listedDays(db, parts.date)
        : library;
  const page = Math.min(limit, total - offset);
  if (page <= 0) return { ids: [], total };

  // Walk newest first when the kept photos are dense enough (see the Note).
  const reads = ((offset + limit) * library) / total;
  if (dirs === null) {
    // Unfiltered or dates alone: the walk reads the index only (0.1 µs a photo; see the Note).
    if (total * 4 >= library)
      return { ids: walk(db, null, parts.date, { limit, offset, budget: null }), total };
  } else if (reads <= total) {
    const walked = walk(db, folderList, null, {
      limit,
      offset,
      budget: Math.ceil(2 * reads) + walkSlack,
    });
    if (walked.length === page) return { ids: walked, total };
  }
  const ids = all<{ id: number }>(
    db,
    sql`SELECT p.id FROM photos p WHERE ${kept}
         ORDER BY p.captured_at_utc DESC, p.id DESC LIMIT ${limit} OFFSET ${offset}`,
  ).map((r) => r.id);
  return { ids, total };
}

/** The condition over `photos p` for `parts`, their folders' paths from the query `folders`. */
function keptBy(parts: FilterParts, folders: SqlFragment | null): SqlFragment {
  return join(
    [
      photoListed,
      ...(folders ? [inFolders(folders)] : []),
      ...(parts.date ? [inDates(parts.date)] : []),
      ...parts.others,
    ],
    ' AND ',
  );
}

/** Listed photos taken in `date`'s days, or all of them (null): sums of `listed_days`. */
function listedDays(db: Database.Database, date: { from: string; to: string } | null): number {
  const days = date ? sql`WHERE day >= ${date.from} AND day < ${date.to}` : sql``;
  return pluck<number>(db, sql`SELECT coalesce(sum(photos), 0) FROM listed_days ${days}`) ?? 0;
}

/** Listed photos with a present file in one of `folders` (a query of paths), from the counts. */
function inFolderCount(db: Database.Database, folders: SqlFragment): number {
  const files =
    pluck<number>(
      db,
      sql`SELECT coalesce(sum(listed_files), 0) FROM file_dirs WHERE path IN (${folders})`,
    ) ?? 0;
  // A photo with k of its files in these folders was counted k times.
  const twice =
    pluck<number>(
      db,
      sql`SELECT coalesce(sum(k - 1), 0) FROM (
            SELECT count(*) AS k FROM photos p INDEXED BY photos_copies
             CROSS JOIN files f INDEXED BY files_present ON f.photo_id = p.id AND f.missing = 0
             WHERE p.state = 'ready' AND p.present_files > 1 AND f.dir IN (${folders})
             GROUP BY p.id)`,
    ) ?? 0;
  return files - twice;
}

/**
 * Up to `limit` photos from `offset` with a present file in one of `folders` (a query of paths)
 * and taken in `date`'s days, read newest first from the listed photos, reading at most
 * `budget` of them (null: every one): fewer than a page when the budget ran out.
 */
function walk(
  db: Database.Database,
  folders: SqlFragment | null,
  date: { from: string; to: string } | null,
  { limit, offset, budget }: { limit: number; offset: number; budget: number | null },
): number[] {
  const tests: SqlFragment[] = [];
  // Each photo's own files, not every file of the folders.
  if (folders)
    tests.push(
      sql`EXISTS (SELECT 1 FROM files f INDEXED BY files_present
                   WHERE f.photo_id = p.id AND f.missing = 0 AND f.dir IN (${folders}))`,
    );
  if (date) tests.push(inDates(date));
  const where = tests.length > 0 ? join(tests, ' AND ') : sql`1`;
  if (budget === null)
    return all<{ id: number }>(
      db,
      sql`SELECT p.id FROM photos p INDEXED BY photos_listed WHERE ${photoListed} AND ${where}
           ORDER BY p.captured_at_utc DESC, p.id DESC LIMIT ${limit} OFFSET ${offset}`,
    ).map((r) => r.id);
  // The index holds the columns the tests read.
  const newest = sql`SELECT p.id, p.captured_at_utc, p.captured_at FROM photos p INDEXED BY photos_listed
                      WHERE ${photoListed} ORDER BY p.captured_at_utc DESC, p.id DESC LIMIT ${budget}`;
  return all<{ id: number }>(
    db,
    sql`SELECT p.id FROM (${newest}) p WHERE ${where}
         ORDER BY p.captured_at_utc DESC, p.id DESC LIMIT ${limit} OFFSET ${offset}`,
  ).map((r) => r.id);
}
