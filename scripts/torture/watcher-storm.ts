/** @file The watcher storm: the file system changes faster than anyone would expect. */
import { mkdirSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import sharp from 'sharp';
import { openCoreAt } from '../../test/helpers/test-core';
import type { Report } from './report';

/**
 * Adds, renames and deletes files in bursts under a watched folder while it is being
 * indexed; the library must end with exactly the files on disk, every one embedded, and the
 * user's tags still on photos that were renamed (identity is content, not path).
 */
export async function watcherStorm(
  root: string,
  storm: { adds: number; renames: number; deletes: number },
  waitMs: number,
  report: Report,
): Promise<void> {
  const dir = path.join(root, 'watched');
  mkdirSync(dir);
  const write = (name: string, i: number) =>
    sharp({
      create: {
        width: 40 + (i % 300),
        height: 30 + (i % 7),
        channels: 3,
        background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 },
      },
    })
      .jpeg({ quality: 60 })
      .toFile(path.join(dir, name));
  // Renamed files come from the bottom of the range, deleted ones from the top: never the same file.
  const initial = storm.renames + storm.deletes + 100;
  for (let i = 0; i < initial; i++) await write(`start-${String(i)}.jpg`, i);
  const core = openCoreAt(path.join(root, 'watch-home'), {
    library: { watcher: { stabilityMs: 400 } },
  });
  try {
    await core.library.index([dir], true);
    // What the app and `serve` do at start: reconcile, then watch.
    await core.library.start();
    // The user tags some photos that will be renamed, and some that will be deleted.
    const idOf = (file: string) =>
      core.db.db
        .prepare('SELECT photo_id FROM files WHERE path = ?')
        .pluck()
        .get(path.join(dir, file)) as number;
    for (let i = 0; i < 20; i++)
      await core.tags.add(idOf(`start-${String(i)}.jpg`), `keep-${String(i)}`);
    const startedAt = performance.now();
    mkdirSync(path.join(dir, 'renamed'));
    const bursts = 5;
    for (let b = 0; b < bursts; b++) {
      const ops: Promise<unknown>[] = [];
      for (let i = (b * storm.adds) / bursts; i < ((b + 1) * storm.adds) / bursts; i++)
        ops.push(write(`new-${String(i)}.jpg`, initial + i));
      for (let i = (b * storm.renames) / bursts; i < ((b + 1) * storm.renames) / bursts; i++)
        ops.push(
          rename(
            path.join(dir, `start-${String(i)}.jpg`),
            path.join(dir, 'renamed', `moved-${String(i)}.jpg`),
          ),
        );
      for (let i = (b * storm.deletes) / bursts; i < ((b + 1) * storm.deletes) / bursts; i++)
        ops.push(rm(path.join(dir, `start-${String(initial - 1 - i)}.jpg`)));
      await Promise.all(ops);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Wait until the library has caught up (and stays caught up).
    const onDisk = async () =>
      (await readdir(dir, { recursive: true }))
        .filter((f) => f.endsWith('.jpg'))
        .map((f) => path.join(dir, f))
        .sort();
    const inLibrary = () =>
      core.db.db
        .prepare('SELECT path FROM files WHERE missing = 0 AND photo_id IS NOT NULL ORDER BY path')
        .pluck()
        .all() as string[];
    const deadline = Date.now() + waitMs;
    let stable = 0;
    const expectedFiles = await onDisk();
    while (Date.now() < deadline && stable < 4) {
      await new Promise((r) => setTimeout(r, 1000));
      const pending = core.db.db
        .prepare("SELECT count(*) FROM jobs WHERE state = 'pending'")
        .pluck()
        .get() as number;
      stable = pending === 0 && isDeepStrictEqual(inLibrary(), expectedFiles) ? stable + 1 : 0;
    }
    const lib = new Set(inLibrary());
    const disk = new Set(expectedFiles);
    const missing = [...disk].filter((f) => !lib.has(f));
    const extra = [...lib].filter((f) => !disk.has(f));
    if (missing.length + extra.length > 0) {
      const jobs = core.db.db
        .prepare('SELECT kind, state, count(*) AS n FROM jobs GROUP BY kind, state')
        .all();
      console.log(
        `     on disk, not in library: ${String(missing.length)} ${missing.slice(0, 3).join(' ')}`,
      );
      console.log(
        `     in library, not on disk: ${String(extra.length)} ${extra.slice(0, 3).join(' ')}`,
      );
      console.log(`     jobs: ${JSON.stringify(jobs)}`);
    }
    console.log(
      `     watcher storm settled in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
    );
    report.check(
      `watcher storm: ${String(storm.adds)} adds, ${String(storm.renames)} renames, ${String(storm.deletes)} deletes — the library lists exactly the files on disk (${String(expectedFiles.length)})`,
      isDeepStrictEqual(inLibrary(), expectedFiles),
    );
    // Photos whose files were deleted keep their vectors (the file may come back); count the present ones.
    const table = core.db.db
      .prepare('SELECT vec_table FROM embedding_models LIMIT 1')
      .pluck()
      .get() as string;
    const embedded = core.db.db
      .prepare(
        `SELECT count(DISTINCT v.photo_id) FROM "${table}" v
          WHERE EXISTS (SELECT 1 FROM files f WHERE f.photo_id = v.photo_id AND f.missing = 0)`,
      )
      .pluck()
      .get() as number;
    report.check(
      'watcher storm: every photo on disk is embedded',
      embedded === expectedFiles.length,
    );
    const kept = Array.from({ length: 20 }, (_, i) => {
      const file = path.join(dir, 'renamed', `moved-${String(i)}.jpg`);
      const id = core.db.db
        .prepare('SELECT photo_id FROM files WHERE path = ? AND missing = 0')
        .pluck()
        .get(file) as number | undefined;
      return id !== undefined && core.tags.photoTags(id).some((t) => t.key === `keep-${String(i)}`);
    });
    report.check('watcher storm: user tags followed the renamed photos', kept.every(Boolean));
    report.figure({
      scenario: 'watcher storm (adds, renames, deletes in 5 bursts while indexing)',
      runs: 1,
      faults: storm.adds + storm.renames + storm.deletes,
      files: expectedFiles.length,
      lost: missing.length + (expectedFiles.length - embedded) + kept.filter((k) => !k).length,
    });
  } finally {
    await core.dispose();
  }
}
