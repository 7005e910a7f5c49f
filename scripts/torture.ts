/**
 * @file `npm run torture` (and `torture:short`, run by `npm test`): SIGKILL `fotoglot index`
 * at random points while it scans, ingests, embeds and tags a few thousand photos plus
 * fuzzed JPEG/PNG/HEIC files; after every kill the next run resumes, and at the end the
 * library must equal an uninterrupted run's: same photos, same problems (each with a
 * reason), same vectors (none twice), same tag suggestions, same thumbnails (no orphans,
 * no temp files), `PRAGMA integrity_check` ok. Then a watcher storm: adds, renames and
 * deletes in bursts under a watched folder while it indexes (see watcherStorm).
 *
 * TORTURE_PHOTOS (default 3000; short 300), TORTURE_KILLS (default 20; short 5), TORTURE_SEED.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import * as sqliteVec from 'sqlite-vec';
import { Core } from '../src/main/core';
import { nodeWorkerLauncher } from '../src/main/inference/worker-launcher';
import { repoRoot, runAndKill, runFotoglot } from '../test/helpers/cli';

const short = process.argv.includes('--short');
/** Watcher storm sizes: adds, renames, deletes (the full numbers, a tenth in short mode). */
const storm = short
  ? { adds: 500, renames: 200, deletes: 100 }
  : { adds: 5000, renames: 2000, deletes: 1000 };
const photoCount = Number(process.env.TORTURE_PHOTOS ?? (short ? 300 : 3000));
const kills = Number(process.env.TORTURE_KILLS ?? (short ? 5 : 20));
let seed = Number(process.env.TORTURE_SEED ?? 7);
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-torture-'));
const photos = path.join(root, 'photos');

/** Photos of a few colours (test-tiny tags and embeds them) and fuzzed broken files. */
async function makeInputs(): Promise<number> {
  const palette = [
    [220, 20, 30],
    [25, 50, 220],
    [30, 170, 40],
    [240, 220, 20],
    [250, 250, 250],
  ];
  for (let i = 0; i < photoCount; i++) {
    const dir = path.join(photos, `roll-${String(Math.floor(i / 200))}`);
    if (i % 200 === 0) mkdirSync(dir, { recursive: true });
    const [r, g, b] = palette[i % palette.length] ?? [0, 0, 0];
    await sharp({
      create: { width: 48 + (i % 97), height: 40, channels: 3, background: { r, g, b } },
    })
      .jpeg({ quality: 70 })
      .withExif({
        IFD2: { DateTimeOriginal: `2021:05:${String((i % 28) + 1).padStart(2, '0')} 10:00:00` },
      })
      .toFile(path.join(dir, `img-${String(i)}.jpg`));
  }
  // Fuzzed headers: real files with bytes flipped or cut where decoders look first.
  const fuzzed = path.join(photos, 'fuzzed');
  mkdirSync(fuzzed);
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#f80' } })
    .jpeg()
    .toBuffer();
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#08f' } })
    .png()
    .toBuffer();
  const heic = Buffer.concat([
    Buffer.from([0, 0, 0, 24]),
    Buffer.from('ftypheic'),
    Buffer.alloc(12),
    Buffer.from('meta'),
  ]);
  let n = 0;
  for (const [ext, original] of [
    ['jpg', jpeg],
    ['png', png],
    ['heic', heic],
  ] as const) {
    for (let k = 0; k < 10; k++) {
      const bytes = Buffer.from(original);
      const cut = k % 3 === 0;
      for (let flips = 0; flips < 4; flips++) {
        const at = 2 + Math.floor(random() * Math.min(64, bytes.length - 2));
        bytes[at] = Math.floor(random() * 256);
      }
      writeFileSync(
        path.join(fuzzed, `fuzz-${String(k)}.${ext}`),
        cut ? bytes.subarray(0, 20 + k * 5) : bytes,
      );
      n++;
    }
  }
  return n;
}

const indexAndKill = (home: string, ms: number) =>
  runAndKill(['index', photos, '--home', home, '--json', '--no-watch'], ms);

/** What a user could observe, independent of row ids and timing. */
function snapshot(home: string) {
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
    const vectors = (
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
        .get() as object),
    }));
    const tags = db
      .prepare(
        `SELECT f.path, t.name, t.state, round(t.score, 3) AS score FROM photo_tags t
           JOIN files f ON f.photo_id = t.photo_id ORDER BY f.path, t.name`,
      )
      .all();
    const pending = (
      db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'pending'").get() as { n: number }
    ).n;
    const thumbs = readdirSync(path.join(home, 'thumbs'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    return { integrity, files, problems, vectors, tags, pending, thumbs };
  } finally {
    db.close();
  }
}

/**
 * Adds, renames and deletes files in bursts under a watched folder while it is being
 * indexed; the library must end with exactly the files on disk, every one embedded, and the
 * user's tags still on photos that were renamed (identity is content, not path).
 */
async function watcherStorm(): Promise<void> {
  const { readdir, rename, rm } = await import('node:fs/promises');
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
  const core = Core.open({
    home: path.join(root, 'watch-home'),
    launchWorker: nodeWorkerLauncher(path.join(repoRoot, 'dist/node/worker.cjs')),
    bundledModelsDir: path.join(repoRoot, 'models'),
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
    const deadline =
      Date.now() + Number(process.env.TORTURE_STORM_WAIT_MS ?? (short ? 180_000 : 900_000));
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
    if (!isDeepStrictEqual(inLibrary(), expectedFiles)) {
      const lib = new Set(inLibrary());
      const disk = new Set(expectedFiles);
      const missing = [...disk].filter((f) => !lib.has(f));
      const extra = [...lib].filter((f) => !disk.has(f));
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
    check(
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
    check('watcher storm: every photo on disk is embedded', embedded === expectedFiles.length);
    const kept = Array.from({ length: 20 }, (_, i) => {
      const file = path.join(dir, 'renamed', `moved-${String(i)}.jpg`);
      const id = core.db.db
        .prepare('SELECT photo_id FROM files WHERE path = ? AND missing = 0')
        .pluck()
        .get(file) as number | undefined;
      return id !== undefined && core.tags.photoTags(id).some((t) => t.key === `keep-${String(i)}`);
    });
    check('watcher storm: user tags followed the renamed photos', kept.every(Boolean));
  } finally {
    await core.dispose();
  }
}

const failures: string[] = [];
const check = (what: string, ok: boolean) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

try {
  console.log(
    `torture: ${String(photoCount)} photos, ${String(kills)} kills (${short ? 'short' : 'full'} mode)`,
  );
  const fuzzedCount = await makeInputs();
  const refHome = path.join(root, 'reference');
  const started = performance.now();
  const reference = await runFotoglot(['index', photos, '--home', refHome, '--json', '--no-watch']);
  const fullMs = performance.now() - started;
  check('the uninterrupted run succeeds', reference.code === 0);
  const expected = snapshot(refHome);
  check(
    `every generated photo is in the library (${String(expected.files.length)})`,
    expected.files.length >= photoCount,
  );
  const readyPaths = new Set(
    (expected.files as { path: string; state: string }[])
      .filter((f) => f.state === 'ready')
      .map((f) => f.path),
  );
  const problemPaths = new Map(expected.problems.map((p) => [p.path, p.reason]));
  const fuzzedFiles = readdirSync(path.join(photos, 'fuzzed')).map((f) =>
    path.join(photos, 'fuzzed', f),
  );
  check(
    `every fuzzed file is a photo or a problem with a reason (${String(fuzzedFiles.filter((f) => problemPaths.has(f)).length)} of ${String(fuzzedCount)} are problems)`,
    fuzzedFiles.length === fuzzedCount &&
      fuzzedFiles.every((f) => readyPaths.has(f) || (problemPaths.get(f)?.length ?? 0) > 10),
  );
  const ready = new Set(
    (expected.files as { fingerprint: string; state: string }[])
      .filter((f) => f.state === 'ready')
      .map((f) => f.fingerprint),
  ).size;
  check(
    `every photo has one vector (${String(ready)})`,
    expected.vectors.length > 0 &&
      expected.vectors.every((v) => isDeepStrictEqual(v, { ...v, n: ready, distinct_: ready })),
  );

  const crashedHome = path.join(root, 'crashed');
  for (let k = 0; k < kills; k++) await indexAndKill(crashedHome, 150 + random() * fullMs * 0.9);
  const resumed = await runFotoglot([
    'index',
    photos,
    '--home',
    crashedHome,
    '--json',
    '--no-watch',
  ]);
  check('the run after the kills succeeds', resumed.code === 0);
  const actual = snapshot(crashedHome);
  check('integrity_check is ok', actual.integrity === 'ok');
  check('nothing is left pending', actual.pending === 0);
  check('same photos and files', isDeepStrictEqual(actual.files, expected.files));
  check('same problems, same reasons', isDeepStrictEqual(actual.problems, expected.problems));
  if (!isDeepStrictEqual(actual.problems, expected.problems)) {
    const key = (p: { path: string; code: string; reason: string }) => JSON.stringify(p);
    const want = new Set(expected.problems.map(key));
    const got = new Set(actual.problems.map(key));
    console.log(
      '  only after the kills:',
      [...got].filter((p) => !want.has(p)),
    );
    console.log(
      '  only uninterrupted:',
      [...want].filter((p) => !got.has(p)),
    );
  }
  check('same vectors, none twice', isDeepStrictEqual(actual.vectors, expected.vectors));
  check('same tag suggestions', isDeepStrictEqual(actual.tags, expected.tags));
  check(
    'same thumbnails: none missing, no orphans, no temp files',
    isDeepStrictEqual(actual.thumbs, expected.thumbs),
  );
  await watcherStorm();
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`torture: ${String(failures.length)} check(s) failed`);
  process.exit(1);
}
console.log('torture: the library converged after every kill');
