/**
 * @file `npm run torture` (and `torture:short`, run by `npm test`): what a laptop does to a
 * photo library, and proof that nothing is lost. Each scenario compares with an uninterrupted
 * run of the same input (generated photos, fuzzed JPEG/PNG/HEIC headers, and every file of
 * ../shared/data/photos):
 *  1. SIGKILL `fotoglot index` at random points (scan, ingest, embedding, tagging), resume;
 *  2. kill or hang the inference worker during embedding (worker-faults.ts);
 *  3. fill the disk while photos are added and while a model downloads (disk-full.ts);
 *  4. a watcher storm of adds, renames and deletes while indexing (watcher-storm.ts).
 * The figures go to docs/reliability.md.
 *
 * TORTURE_PHOTOS (default 3000; short 300), TORTURE_KILLS (default 20; short 5), TORTURE_SEED.
 * --skip-disk-full where a tmpfs cannot be mounted (not root); the summary then says so.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { repoRoot, runAndKill, runFotoglot } from '../../test/helpers/cli';
import { diskFullWhileAddingPhotos, diskFullWhileDownloading } from './disk-full';
import { makeInputs } from './inputs';
import { random } from './random';
import { Report } from './report';
import { compareWithReference, snapshot } from './snapshot';
import { watcherStorm } from './watcher-storm';
import { workerFaults } from './worker-faults';

const short = process.argv.includes('--short');
const skipDiskFull = process.argv.includes('--skip-disk-full');
/** `--only <kills|faults|disk-full|storm>`: one scenario after the reference run (while working on it). */
const only = process.argv[process.argv.indexOf('--only') + 1] ?? null;
const runs = (scenario: string) => !process.argv.includes('--only') || only === scenario;
/** Watcher storm sizes: adds, renames, deletes (the full numbers, a tenth in short mode). */
const storm = short
  ? { adds: 500, renames: 200, deletes: 100 }
  : { adds: 5000, renames: 2000, deletes: 1000 };
const photoCount = Number(process.env.TORTURE_PHOTOS ?? (short ? 300 : 3000));
const kills = Number(process.env.TORTURE_KILLS ?? (short ? 5 : 20));

const root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-torture-'));
const photos = path.join(root, 'photos');
/** Real-world files, broken ones included (read in place; never copied into the repository). */
const sharedPhotos = path.resolve(repoRoot, '../shared/data/photos');
const folders = existsSync(sharedPhotos) ? [photos, sharedPhotos] : [photos];
const report = new Report();

try {
  console.log(
    `torture: ${String(photoCount)} photos + ${folders.length > 1 ? 'shared/data/photos' : 'no shared photos'}, ${String(kills)} kills (${short ? 'short' : 'full'} mode)`,
  );
  const fuzzedCount = await makeInputs(photos, photoCount);
  const refHome = path.join(root, 'reference');
  const started = performance.now();
  const index = (home: string) => ['index', ...folders, '--home', home, '--json', '--no-watch'];
  const reference = await runFotoglot(index(refHome));
  const fullMs = performance.now() - started;
  report.check('the uninterrupted run succeeds', reference.code === 0);
  const expected = snapshot(refHome);
  console.log(
    `     ${String(expected.files.length)} files, ${String(expected.problems.length)} problems, indexed in ${(fullMs / 1000).toFixed(0)} s`,
  );
  report.check(
    `every generated photo is in the library (${String(expected.files.length)})`,
    expected.files.length >= photoCount,
  );
  const readyPaths = new Set(
    (expected.files as { path: string; state: string }[])
      .filter((f) => f.state === 'ready')
      .map((f) => f.path),
  );
  const problemPaths = new Map(expected.problems.map((p) => [p.path, p.reason]));
  const brokenInputs = [
    ...readdirSync(path.join(photos, 'fuzzed')).map((f) => path.join(photos, 'fuzzed', f)),
    ...(folders.length > 1
      ? expected.problems.map((p) => p.path).filter((p) => p.startsWith(sharedPhotos))
      : []),
  ];
  report.check(
    `every fuzzed or broken file is a photo or a problem with a reason (${String(brokenInputs.filter((f) => problemPaths.has(f)).length)} problems; ${String(fuzzedCount)} fuzzed)`,
    brokenInputs.every((f) => readyPaths.has(f) || (problemPaths.get(f)?.length ?? 0) > 10),
  );
  const ready = new Set(
    (expected.files as { fingerprint: string; state: string }[])
      .filter((f) => f.state === 'ready')
      .map((f) => f.fingerprint),
  ).size;
  report.check(
    `every photo has one vector (${String(ready)})`,
    expected.vectors.length > 0 &&
      expected.vectors.every((v) => isDeepStrictEqual(v, { ...v, n: ready, distinct_: ready })),
  );

  if (runs('kills')) {
    const crashedHome = path.join(root, 'crashed');
    for (let k = 0; k < kills; k++)
      await runAndKill(index(crashedHome), 150 + random() * fullMs * 0.9);
    const resumed = await runFotoglot(index(crashedHome));
    report.check('the run after the kills succeeds', resumed.code === 0);
    report.figure({
      scenario: 'SIGKILL while indexing, then resume',
      runs: kills + 1,
      faults: kills,
      files: expected.files.length,
      lost: compareWithReference(report, 'after the kills', expected, snapshot(crashedHome)),
    });
  }
  if (runs('faults')) await workerFaults(root, folders, refHome, short ? 5 : 7, report);
  if (skipDiskFull) console.log('SKIPPED disk full (--skip-disk-full): not tested in this run');
  else if (runs('disk-full')) {
    await diskFullWhileAddingPhotos(root, folders, refHome, expected, report);
    await diskFullWhileDownloading(root, report);
  }
  if (runs('storm'))
    await watcherStorm(
      root,
      storm,
      Number(process.env.TORTURE_STORM_WAIT_MS ?? (short ? 180_000 : 900_000)),
      report,
    );
} finally {
  rmSync(root, { recursive: true, force: true });
}
console.log(`\n${report.table()}\n`);
if (report.failures.length > 0) {
  console.error(`torture: ${String(report.failures.length)} check(s) failed`);
  process.exit(1);
}
console.log(
  `torture: nothing lost in any scenario${skipDiskFull ? ' (disk full NOT tested: --skip-disk-full)' : ''}`,
);
