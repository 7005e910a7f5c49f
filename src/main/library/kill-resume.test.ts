/**
 * Crash safety: `fotoglot index` killed with SIGKILL at several points of a 1,500-photo run,
 * then run again, ends in exactly the state of an uninterrupted run.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAndKill, runFotoglot } from '../../../test/helpers/cli';
import { makeJpeg } from '../../../test/helpers/library';

const photoCount = 1500;
let root: string;
let photos: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-kill-'));
  photos = path.join(root, 'photos');
  for (let i = 0; i < photoCount; i++) {
    const dir = path.join(photos, `roll-${String(Math.floor(i / 100))}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const day = String((i % 28) + 1).padStart(2, '0');
    writeFileSync(
      path.join(dir, `img-${String(i)}.jpg`),
      await makeJpeg(i, 64 + (i % 7), 48, `2020:03:${day} 10:00:00`),
    );
  }
}, 120_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const indexAndKill = (home: string, ms: number) =>
  runAndKill(['index', photos, '--home', home, '--json'], ms);

/** Everything a user could observe of a library, independent of row ids and timing. */
function snapshot(home: string) {
  const db = new Database(path.join(home, 'library.db'), { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const photosRows = db
      .prepare(
        `SELECT f.path, p.fingerprint, p.state, p.width, p.height, p.captured_at, p.camera_model, f.missing
           FROM files f JOIN photos p ON p.id = f.photo_id ORDER BY f.path`,
      )
      .all();
    const duplicates = db
      .prepare('SELECT count(*) - count(DISTINCT fingerprint) AS n FROM photos')
      .get() as { n: number };
    const pending = db.prepare("SELECT count(*) AS n FROM jobs WHERE state != 'done'").get() as {
      n: number;
    };
    const thumbs = readdirSync(path.join(home, 'thumbs'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    return { integrity, photosRows, duplicates: duplicates.n, pending: pending.n, thumbs };
  } finally {
    db.close();
  }
}

describe('kill and resume', () => {
  it('converges to the same library as an uninterrupted run', async () => {
    const reference = path.join(root, 'reference');
    const run = await runFotoglot(['index', photos, '--home', reference, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ photos: photoCount, problems: [] });
    const expected = snapshot(reference);
    expect(expected.photosRows).toHaveLength(photoCount);
    expect(expected.thumbs).toHaveLength(photoCount); // grid thumbnails; previews are made on demand

    const crashed = path.join(root, 'crashed');
    // Early (during the scan), middle and late (during ingest) kills.
    for (const ms of [700, 1800, 3500]) await indexAndKill(crashed, ms);
    const resumed = await runFotoglot(['index', photos, '--home', crashed, '--json']);
    expect(resumed.code).toBe(0);
    const actual = snapshot(crashed);
    expect(actual.integrity).toBe('ok');
    expect(actual.duplicates).toBe(0);
    expect(actual.pending).toBe(0);
    expect(actual.photosRows).toEqual(expected.photosRows);
    expect(actual.thumbs).toEqual(expected.thumbs); // none missing, no orphans, no temp files
  }, 420_000);
});
