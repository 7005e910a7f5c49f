/**
 * @file Disk full, on a real small file system (a tmpfs mounted for the run; needs root or
 * CAP_SYS_ADMIN, as CI has): while photos are added (thumbnails and database writes) and
 * while a model downloads. Each must stop with a clear error, leave a sound database, mark
 * no healthy photo as a problem, and finish when space comes back — the CLI by running
 * again, the app by itself (see [Note: Disk full]).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LibraryDatabase } from '../../src/main/db/library-database';
import { ModelManager } from '../../src/main/models/model-manager';
import { OutOfSpace } from '../../src/main/out-of-space';
import type { AppEvent } from '../../src/shared/events';
import { modelFiles } from '../../src/shared/model-config';
import { repoRoot, runFotoglot } from '../../test/helpers/cli';
import { startContractChecker } from '../../test/helpers/contract-checker';
import { startMirror } from '../../test/helpers/hf-mirror';
import { missingFrom, type Report } from './report';
import { compareWithReference, snapshot, type Snapshot } from './snapshot';
import { openCoreAt } from '../../test/helpers/test-core';

/** A small disk for one scenario; unmounted by the returned function. */
function mountSmallDisk(dir: string, bytes: number): () => void {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${String(bytes)}`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(
      `The disk-full scenarios need a small tmpfs and could not mount one (${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error)}). Run as root (as CI does), or pass --skip-disk-full and say so.`,
    );
  }
  return () => execFileSync('umount', ['-l', dir]);
}

const freeOn = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Fills the disk holding `dir` until about `leave` bytes are free (another program's files). */
async function fill(dir: string, leave: number, name = 'filler'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, Buffer.alloc(Math.max(0, freeOn(dir) - leave)));
  return file;
}

const duBytes = (dir: string) =>
  Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0] ?? 0);

/** Adding photos fills the disk: the CLI stops and says so; the app waits, then finishes. */
export async function diskFullWhileAddingPhotos(
  root: string,
  folders: readonly string[],
  referenceHome: string,
  expected: Snapshot,
  report: Report,
): Promise<void> {
  const need = duBytes(referenceHome);
  const disk = path.join(root, 'small-disk');
  const unmount = mountSmallDisk(disk, 2 * need + 32e6);
  try {
    const home = path.join(disk, 'home');
    mkdirSync(home);
    // Room for about half of what the library needs, plus the few MB the WAL grows to before a checkpoint.
    const filler = await fill(disk, Math.round(need / 2) + 6e6);
    console.log(
      `     the library needs ${(need / 1e6).toFixed(1)} MB; ${(freeOn(disk) / 1e6).toFixed(1)} MB free`,
    );
    const cli = await runFotoglot(['index', ...folders, '--home', home, '--json', '--no-watch']);
    report.check(
      'disk full (adding photos): `fotoglot index` stops with a clear error',
      cli.code === 1 && /is full .* Free some space, then .*nothing was lost/.test(cli.stderr),
    );
    if (cli.code !== 1) console.log(`     exit ${String(cli.code)}: ${cli.stderr.slice(-500)}`);
    const stopped = snapshot(home);
    report.check('disk full (adding photos): integrity_check is ok', stopped.integrity === 'ok');
    report.check(
      'disk full (adding photos): work was left pending, not dropped',
      stopped.pending > 0,
    );
    const wrongProblems = missingFrom(stopped.problems, expected.problems);
    report.check(
      'disk full (adding photos): no healthy photo became a problem',
      wrongProblems.length === 0,
    );
    if (wrongProblems.length > 0) console.log('     ', wrongProblems.slice(0, 3));
    report.check(
      'disk full (adding photos): no temp files left',
      !stopped.thumbs.some((t) => t.endsWith('.tmp')),
    );

    // The app starts on the still-full disk, says so, and carries on once space is freed.
    await fill(disk, 64 * 1024, 'filler-2');
    const events: AppEvent[] = [];
    const core = openCoreAt(home, {
      library: { diskFullRetry: { everyMs: 300, freeBytes: 1e6 } },
    });
    const off = core.onEvent((e) => events.push(e));
    try {
      const started = await core.library.start().then(
        () => null,
        (error: unknown) => error,
      );
      report.check(
        'disk full (adding photos): the app stops its work and tells the user',
        started instanceof OutOfSpace &&
          core.library.diskFull !== null &&
          events.some((e) => e.type === 'library:diskFull' && e.full !== null),
      );
      await rm(filler);
      await rm(path.join(disk, 'filler-2'));
      const deadline = Date.now() + 120_000;
      while (core.library.diskFull !== null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      report.check(
        'disk full (adding photos): the app resumes by itself when space comes back',
        events.some((e) => e.type === 'library:diskFull' && e.full === null),
      );
      // Wait for the resumed work (shared with these calls) to finish.
      await core.library.scan();
      await core.library.runJobs();
    } finally {
      off();
      await core.dispose();
    }
    const lost = compareWithReference(
      report,
      'disk full (adding photos)',
      expected,
      snapshot(home),
    );
    report.figure({
      scenario: 'disk full while adding photos (thumbnails and database), then space freed',
      runs: 2,
      faults: 2,
      files: expected.files.length,
      lost,
    });
  } finally {
    unmount();
  }
}

/** The disk fills up during a model download: a clear error, then a resumed download. */
export async function diskFullWhileDownloading(root: string, report: Report): Promise<void> {
  const disk = path.join(root, 'download-disk');
  const unmount = mountSmallDisk(disk, 1024 * 1024);
  const tiny = path.join(repoRoot, 'models', 'test-tiny');
  const catalogDir = path.join(root, 'download-catalog');
  cpSync(path.join(repoRoot, 'models', 'catalog.json'), path.join(catalogDir, 'catalog.json'));
  const db = LibraryDatabase.open(path.join(disk, 'library.db'));
  const checker = startContractChecker();
  const manager = new ModelManager(db.db, disk, catalogDir, checker.check);
  let filler = '';
  // Another program fills the disk just after the download has started.
  const mirror = await startMirror(tiny, {
    beforeBody: async () => {
      filler = await fill(disk, 20 * 1024);
    },
  });
  try {
    const failed = await manager.install('test-tiny', { baseUrl: mirror.url }).then(
      () => null,
      (error: unknown) => error,
    );
    report.check(
      'disk full (model download): a clear error',
      failed instanceof OutOfSpace && /is full .*download again/.test(failed.message),
    );
    if (!(failed instanceof OutOfSpace)) console.log('     got:', failed);
    const installed = path.join(disk, 'models', 'test-tiny');
    report.check('disk full (model download): nothing half-installed', !existsSync(installed));
    const partial = path.join(disk, 'models', '.partial', 'test-tiny');
    const keptBytes = readdirSync(partial, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .reduce((n, e) => n + statSync(path.join(e.parentPath, e.name)).size, 0);
    await rm(filler);
    const before = mirror.requests.length;
    await manager.install('test-tiny', { baseUrl: mirror.url });
    const files = [...modelFiles, 'textual/special_tokens_map.json'];
    const same = files.every((f) =>
      readFileSync(path.join(installed, f)).equals(readFileSync(path.join(tiny, f))),
    );
    report.check(
      'disk full (model download): installs when space comes back, every file verified',
      same && (await manager.verify('test-tiny')).length === 0,
    );
    const ranged = mirror.requests
      .slice(before)
      .filter((r) => /^bytes=[1-9]/.test(r.headers.range ?? ''));
    console.log(
      `     ${String(keptBytes)} bytes kept from the first attempt; ${String(ranged.length)} file(s) resumed with Range`,
    );
    report.figure({
      scenario: 'disk full during a model download, then space freed',
      runs: 2,
      faults: 1,
      files: files.length,
      lost: same ? 0 : 1,
    });
  } finally {
    await mirror.close();
    await checker.dispose();
    db.close();
    unmount();
  }
}
