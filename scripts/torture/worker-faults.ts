/**
 * @file Worker faults during embedding: every n-th image request kills the inference process
 * or hangs it (FOTOGLOT_TEST_FAULT, see src/worker/test-faults.ts). Every photo must end
 * embedded or in problems, none twice, and each vector must be its own photo's (a retried
 * batch must not shift vectors between photos): compared with the uninterrupted run's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { openCoreAt } from '../../test/helpers/test-core';
import type { Report } from './report';

/** Every photo's vector by content fingerprint. */
function vectorsByFingerprint(db: Database.Database): Map<string, Float32Array> {
  const table = db
    .prepare('SELECT vec_table FROM embedding_models LIMIT 1')
    .pluck()
    .get() as string;
  const rows = db
    .prepare(
      `SELECT p.fingerprint AS fp, v.embedding AS e FROM "${table}" v JOIN photos p ON p.id = v.photo_id`,
    )
    .all() as { fp: string; e: Buffer }[];
  return new Map(
    rows.map((r) => [r.fp, new Float32Array(r.e.buffer, r.e.byteOffset, r.e.byteLength / 4)]),
  );
}

export async function workerFaults(
  root: string,
  folders: readonly string[],
  referenceHome: string,
  every: number,
  report: Report,
): Promise<void> {
  const home = path.join(root, 'faults');
  const counter = path.join(root, 'fault-counter');
  const core = openCoreAt(
    home,
    // A hang is noticed after 4 s here (5 minutes in the app, where a batch may be slow).
    // Restarts back off to 30 s in the app (a crash loop must not eat the laptop); 0.5 s here.
    {
      inference: { initialBackoffMs: 50, maxBackoffMs: 500, slowRequestTimeoutMs: 4000 },
      env: { ...process.env, FOTOGLOT_TEST_FAULT: `every:${String(every)}:${counter}` },
    },
  );
  try {
    await core.library.index(folders, false);
    const requests = Number(readFileSync(counter, 'utf8'));
    const faults = Math.floor(requests / every);
    const restarts = core.inference.status.restarts;
    report.check(
      `worker faults: ${String(faults)} injected (every ${String(every)}th of ${String(requests)} image batches, kills and hangs alternately), each replaced the worker (${String(restarts)} restarts)`,
      faults > 0 && restarts >= faults,
    );
    const db = core.db.db;
    const ready = db
      .prepare("SELECT fingerprint FROM photos WHERE state = 'ready'")
      .pluck()
      .all() as string[];
    const table = db
      .prepare('SELECT vec_table FROM embedding_models LIMIT 1')
      .pluck()
      .get() as string;
    const counts = db
      .prepare(`SELECT count(*) AS n, count(DISTINCT photo_id) AS d FROM "${table}"`)
      .get() as { n: number; d: number };
    report.check(`worker faults: no photo embedded twice`, counts.n === counts.d);
    const got = vectorsByFingerprint(db);
    const failed = new Set(
      db
        .prepare(
          `SELECT p.fingerprint FROM problems pr JOIN files f ON f.path = pr.path
             JOIN photos p ON p.id = f.photo_id WHERE pr.code = 'crashed'`,
        )
        .pluck()
        .all() as string[],
    );
    const neither = ready.filter((fp) => !got.has(fp) && !failed.has(fp));
    const both = ready.filter((fp) => got.has(fp) && failed.has(fp));
    report.check(
      `worker faults: every photo is embedded (${String(got.size)}) or a problem (${String(failed.size)} hit by two faults), never both`,
      neither.length === 0 && both.length === 0,
    );
    const refDb = new Database(path.join(referenceHome, 'library.db'), { readonly: true });
    sqliteVec.load(refDb);
    const expected = vectorsByFingerprint(refDb);
    refDb.close();
    const wrong = [...got].filter(([fp, v]) => {
      const want = expected.get(fp);
      return !want || want.some((x, i) => Math.abs(x - (v[i] ?? NaN)) > 1e-4);
    });
    report.check(
      `worker faults: each vector is its own photo's (same as the uninterrupted run)`,
      wrong.length === 0,
    );
    report.figure({
      scenario: 'worker killed or hung during embedding',
      runs: 1,
      faults,
      files: ready.length,
      lost: neither.length + wrong.length,
    });
  } finally {
    await core.dispose();
  }
}
