/**
 * @file `npm run torture` (and `torture:short`, run by `npm test`): SIGKILL `fotoglot index`
 * at random points while it scans, ingests, embeds and tags a few thousand photos plus
 * fuzzed JPEG/PNG/HEIC files; after every kill the next run resumes, and at the end the
 * library must equal an uninterrupted run's: same photos, same problems (each with a
 * reason), same vectors (none twice), same tag suggestions, same thumbnails (no orphans,
 * no temp files), `PRAGMA integrity_check` ok.
 *
 * TORTURE_PHOTOS (default 3000; short 300), TORTURE_KILLS (default 20; short 5), TORTURE_SEED.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import * as sqliteVec from 'sqlite-vec';
import { cliPath, repoRoot, runFotoglot } from '../test/helpers/cli';

const short = process.argv.includes('--short');
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

function indexAndKill(home: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [cliPath, 'index', photos, '--home', home, '--json', '--no-watch'],
      {
        cwd: repoRoot,
        stdio: 'ignore',
      },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

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
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`torture: ${String(failures.length)} check(s) failed`);
  process.exit(1);
}
console.log('torture: the library converged after every kill');
