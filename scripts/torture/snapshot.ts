/** @file A library as a user could observe it, to compare runs. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { missingFrom, type Report } from './report';

/** What a user could observe, independent of row ids and timing. */
export function snapshot(home: string) {
  const db = new Database(path.join(home, 'library.db'), { readonly: true });
  sqliteVec.load(db);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const files = db
      .prepare(
        `SELECT f.path, p.fingerprint, p.state, p.width, p.height, p.captured_at FROM files f
           JOIN photos p ON p.id = f.photo_id ORDER BY f.path`,
      )
      .all();
    const problems = db.prepare('SELECT path, code, reason FROM problems ORDER BY path').all() as {
      path: string;
      code: string;
      reason: string;
    }[];
    const vectors: { model: string; n: number; distinct_: number }[] = (
      db.prepare('SELECT id, vec_table FROM embedding_models ORDER BY id').all() as {
        id: string;
        vec_table: string;
      }[]
    ).map((m) => ({
      model: m.id,
      ...(db
        .prepare(
          `SELECT count(*) AS n, count(DISTINCT photo_id) AS distinct_ FROM "${m.vec_table}"`,
        )
        .get() as { n: number; distinct_: number }),
    }));
    const tags = db
      .prepare<[], { path: string; name: string; state: string; score: number | null }>(
        `SELECT f.path, t.name, t.state, round(t.score, 3) AS score FROM photo_tags t
           JOIN files f ON f.photo_id = t.photo_id ORDER BY f.path, t.name`,
      )
      .all();
    const pending = (
      db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'pending'").get() as { n: number }
    ).n;
    const thumbsDir = path.join(home, 'thumbs');
    const thumbs = (
      existsSync(thumbsDir) ? readdirSync(thumbsDir, { recursive: true, withFileTypes: true }) : []
    )
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    return { integrity, files, problems, vectors, tags, pending, thumbs };
  } finally {
    db.close();
  }
}

export type Snapshot = ReturnType<typeof snapshot>;

/**
 * Checks that `actual` equals the uninterrupted run's `expected` in everything a user could
 * notice; returns how many photos, problems, tags or thumbnails it lost (it must gain none).
 */
export function compareWithReference(
  report: Report,
  label: string,
  expected: Snapshot,
  actual: Snapshot,
): number {
  report.check(`${label}: integrity_check is ok`, actual.integrity === 'ok');
  report.check(`${label}: nothing is left pending`, actual.pending === 0);
  if (
    !report.check(
      `${label}: same photos and files`,
      isDeepStrictEqual(actual.files, expected.files),
    )
  ) {
    console.log('     only here:', missingFrom(actual.files, expected.files).slice(0, 6));
    console.log('     only uninterrupted:', missingFrom(expected.files, actual.files).slice(0, 6));
  }
  const sameProblems = report.check(
    `${label}: same problems, same reasons`,
    isDeepStrictEqual(actual.problems, expected.problems),
  );
  if (!sameProblems) {
    console.log('     only here:', missingFrom(actual.problems, expected.problems));
    console.log('     only uninterrupted:', missingFrom(expected.problems, actual.problems));
  }
  report.check(
    `${label}: same vectors, none twice`,
    isDeepStrictEqual(actual.vectors, expected.vectors),
  );
  // Scores may differ in the last float bits with the batch a photo was embedded in.
  const tagKeys = (snap: Snapshot) => snap.tags.map(({ score: _score, ...key }) => key);
  const scoreGap = Math.max(
    0,
    ...expected.tags.map((t, i) => Math.abs((t.score ?? 0) - (actual.tags[i]?.score ?? 0))),
  );
  const sameTags = report.check(
    `${label}: same tag suggestions (scores within ${scoreGap.toFixed(3)})`,
    isDeepStrictEqual(tagKeys(actual), tagKeys(expected)) && scoreGap < 0.005,
  );
  if (!sameTags) {
    console.log('     only here:', missingFrom(actual.tags, expected.tags).slice(0, 6));
    console.log('     only uninterrupted:', missingFrom(expected.tags, actual.tags).slice(0, 6));
  }
  report.check(
    `${label}: same thumbnails, none missing, no orphans, no temp files`,
    isDeepStrictEqual(actual.thumbs, expected.thumbs),
  );
  const vectorsLost = expected.vectors.reduce(
    (n, v, i) => n + Math.max(0, v.n - (actual.vectors[i]?.n ?? 0)),
    0,
  );
  return (
    missingFrom(expected.files, actual.files).length +
    missingFrom(tagKeys(expected), tagKeys(actual)).length +
    missingFrom(expected.thumbs, actual.thumbs).length +
    vectorsLost
  );
}
