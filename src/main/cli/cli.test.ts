import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  realpathSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfoSchema } from '../../shared/contract';
import { rawRequest } from '../../../test/helpers/http';
import { repoRoot, runFotoglot, startServe } from '../../../test/helpers/cli';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';
import { startMirror } from '../../../test/helpers/hf-mirror';
import { sharedPhotos } from '../../../test/helpers/library';

let home: string;
beforeAll(() => {
  home = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-cli-')));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('fotoglot CLI', () => {
  it('prints its version and help with exit code 0', async () => {
    const version = await runFotoglot(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${__FOTOGLOT_VERSION__}\n` });
    const help = await runFotoglot(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/status/);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/--home/);
  });

  it('status --json reports the database, sqlite-vec and the worker providers', async () => {
    const run = await runFotoglot(['status', '--json', '--home', home]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const info = appInfoSchema.parse(JSON.parse(run.stdout));
    expect(info.dataDir).toBe(home);
    expect(info.database.path).toBe(path.join(home, 'library.db'));
    expect(info.database.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(info.database.sqliteVecVersion).toMatch(/^v\d/);
    expect(info.worker.state).toBe('ready');
    expect(info.worker.executionProviders).toContain('cpu');
    // Status loads the active model (test-tiny by default) and says what it runs on.
    expect(info.inference?.model).toBe('test-tiny');
    expect(info.worker.executionProviders).toContain(info.inference?.executionProvider);
  });

  it('takes the data directory from FOTOGLOT_HOME when --home is absent', async () => {
    const envHome = path.join(home, 'from-env');
    const run = await runFotoglot(['status', '--json'], { ...process.env, FOTOGLOT_HOME: envHome });
    expect(run.code).toBe(0);
    expect(appInfoSchema.parse(JSON.parse(run.stdout)).dataDir).toBe(envHome);
  });

  it('answers usage errors with exit code 2 and a plain message on stderr', async () => {
    for (const args of [
      ['frobnicate'],
      ['status', '--bogus'],
      ['serve', '--port', 'eighty'],
      ['serve', '--port', '70000'],
      ['serve', '--host', '0.0.0.0'],
      ['--home'],
      [],
    ]) {
      const run = await runFotoglot(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).not.toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack traces for users
    }
  });

  it('fails with exit code 1 and a clear message when the data directory is unusable', async () => {
    const file = path.join(home, 'a-file');
    writeFileSync(file, 'not a folder');
    const run = await runFotoglot(['status', '--home', path.join(file, 'library')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^fotoglot: Cannot use .* as the data directory: part of that path is a file/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('index --json adds a folder, reports problems, and photos --json lists what it found', async () => {
    const folder = path.join(home, 'pictures');
    mkdirSync(folder);
    copyFileSync(
      path.join(sharedPhotos, 'exif-samples/jpg/gps/DSCN0010.jpg'),
      path.join(folder, 'tuscany.jpg'),
    );
    copyFileSync(
      path.join(sharedPhotos, 'formats/pillow-tests/truncated_jpeg.jpg'),
      path.join(folder, 'broken.jpg'),
    );
    const libraryHome = path.join(home, 'indexed');
    const run = await runFotoglot(['index', folder, '--home', libraryHome, '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      folders: [folder],
      photos: 1,
      added: 2,
      updated: 0,
      missing: 0,
    });
    expect(summary.problems).toEqual([
      {
        path: path.join(folder, 'broken.jpg'),
        reason: expect.stringMatching(/truncated|damaged/) as unknown,
      },
    ]);
    expect(typeof summary.seconds).toBe('number');

    const listed = await runFotoglot(['photos', '--json', '--limit', '5', '--home', libraryHome]);
    expect(listed.code).toBe(0);
    const { photos, total } = JSON.parse(listed.stdout) as {
      photos: Record<string, unknown>[];
      total: number;
    };
    expect(total).toBe(1);
    expect(photos[0]).toMatchObject({
      path: path.join(folder, 'tuscany.jpg'),
      capturedAt: '2008-10-22T16:28:39',
      width: 640,
      height: 480,
      camera: 'Nikon COOLPIX P6000', // [Note: Camera names]: the name the UI shows
    });

    // Every photo was embedded with test-tiny, the default model.
    const status = await runFotoglot(['status', '--json', '--home', libraryHome]);
    expect(appInfoSchema.parse(JSON.parse(status.stdout)).models).toEqual([
      { id: 'test-tiny', active: true, dimension: 11, vectors: 1 },
    ]);

    const missing = await runFotoglot([
      'index',
      path.join(home, 'no-such-folder'),
      '--home',
      libraryHome,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    expect((await runFotoglot(['photos', '--limit', 'lots', '--home', libraryHome])).code).toBe(2);
  });

  it('reports a photo it is not allowed to read, and indexes the rest', async () => {
    // Root reads every file, so when the tests run as root, the command runs as nobody.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-perm-')));
    try {
      chmodSync(base, 0o755);
      const folder = path.join(base, 'photos');
      mkdirSync(folder, { mode: 0o755 });
      copyFileSync(
        path.join(sharedPhotos, 'exif-samples/jpg/gps/DSCN0010.jpg'),
        path.join(folder, 'open.jpg'),
      );
      copyFileSync(
        path.join(sharedPhotos, 'exif-samples/jpg/gps/DSCN0010.jpg'),
        path.join(folder, 'locked.jpg'),
      );
      chmodSync(path.join(folder, 'open.jpg'), 0o644);
      chmodSync(path.join(folder, 'locked.jpg'), 0o000);
      const libraryHome = path.join(base, 'home');
      mkdirSync(libraryHome, { mode: 0o777 });
      chmodSync(libraryHome, 0o777);
      const run = await runFotoglot(
        ['index', folder, '--home', libraryHome, '--json'],
        process.env,
        as,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        photos: number;
        problems: { path: string; reason: string }[];
      };
      expect(summary.photos).toBe(1);
      expect(summary.problems).toEqual([
        {
          path: path.join(folder, 'locked.jpg'),
          reason: expect.stringMatching(/Permission denied/) as unknown,
        },
      ]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('models install --mirror, list, use, verify and remove work from the command line', async () => {
    const mirror = await startMirror(
      path.resolve(import.meta.dirname, '../../../models/test-tiny'),
      { dropAfterBytes: 3000 },
    );
    const modelsHome = path.join(home, 'models-cli');
    try {
      const install = await runFotoglot([
        'models',
        'install',
        'test-tiny',
        '--mirror',
        mirror.url,
        '--home',
        modelsHome,
      ]);
      expect(install.stderr).toBe('');
      expect(install.code).toBe(0);
      expect(install.stdout).toMatch(/Installed test-tiny/);
      expect(mirror.requests.some((r) => r.headers.range !== undefined)).toBe(true); // resumed after the drop

      const list = await runFotoglot(['models', 'list', '--json', '--dev', '--home', modelsHome]);
      const models = JSON.parse(list.stdout) as {
        id: string;
        installed: boolean;
        verified: boolean;
      }[];
      expect(models.find((m) => m.id === 'test-tiny')).toMatchObject({
        installed: true,
        verified: true,
      });
      expect(models.map((m) => m.id)).toContain('ViT-B-16-SigLIP-i18n-256__webli');
      const shown = await runFotoglot(['models', 'list', '--home', modelsHome]);
      expect(shown.stdout).not.toMatch(/test-tiny/); // developer models only with --dev

      expect((await runFotoglot(['models', 'use', 'test-tiny', '--home', modelsHome])).code).toBe(
        0,
      );
      expect(
        (await runFotoglot(['models', 'verify', 'test-tiny', '--home', modelsHome])).stdout,
      ).toMatch(/intact/);
      writeFileSync(path.join(modelsHome, 'models/test-tiny/textual/model.onnx'), 'broken');
      const verify = await runFotoglot(['models', 'verify', 'test-tiny', '--home', modelsHome]);
      expect(verify.code).toBe(1);
      expect(verify.stderr).toMatch(
        /textual\/model\.onnx has 6 bytes[\s\S]*Fix: fotoglot models install test-tiny/,
      );

      const unknown = await runFotoglot([
        'models',
        'install',
        'no-such-model',
        '--home',
        modelsHome,
      ]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/No model "no-such-model" in the catalog/);
      expect(
        (await runFotoglot(['models', 'remove', 'test-tiny', '--home', modelsHome])).code,
      ).toBe(0);

      // Offline: the command line, and only it, offers its own way out (see [Note: Download messages]).
      const closed = await startMirror(
        path.resolve(import.meta.dirname, '../../../models/test-tiny'),
      );
      await closed.close();
      const offline = await runFotoglot([
        'models',
        'install',
        'test-tiny',
        '--mirror',
        closed.url,
        '--home',
        modelsHome,
      ]);
      expect(offline.code).toBe(1);
      expect(offline.stderr).toMatch(/Cannot reach .*Check the connection, or .*--mirror <url>/);
    } finally {
      await mirror.close();
    }
  });

  it('models import --id makes any Immich-layout export a custom model that indexes and searches', async () => {
    const customHome = path.join(home, 'custom');
    const folder = path.join(home, 'custom-photos');
    mkdirSync(folder);
    for (let i = 0; i < 3; i++) {
      await writeColourPhoto(path.join(folder, `red-${String(i)}.jpg`), colours.red, i);
      await writeColourPhoto(path.join(folder, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
    }
    const variant = path.join(repoRoot, 'models/test-variants/static-batch');
    const imported = await runFotoglot([
      'models',
      'import',
      variant,
      '--id',
      'my-immich-export',
      '--home',
      customHome,
    ]);
    // Imported, and flagged: a colour model fails the self-test's real photos ([Note: Model self-test]).
    expect(imported.stderr).toMatch(/^my-immich-export failed its self-test in \w+.* Pick a model/);
    expect(imported.code).toBe(0);
    const list = JSON.parse(
      (await runFotoglot(['models', 'list', '--json', '--home', customHome])).stdout,
    ) as { id: string; custom: boolean; dimension: number }[];
    expect(list.find((m) => m.id === 'my-immich-export')).toMatchObject({
      custom: true,
      dimension: 11,
    });
    expect(
      (await runFotoglot(['models', 'use', 'my-immich-export', '--home', customHome])).code,
    ).toBe(0);
    const indexed = await runFotoglot([
      'index',
      folder,
      '--no-watch',
      '--json',
      '--home',
      customHome,
    ]);
    expect(indexed.stderr).toBe('');
    expect(indexed.code).toBe(0);
    const found = JSON.parse(
      (await runFotoglot(['search', 'rot', '--json', '--home', customHome])).stdout,
    ) as { model: string; results: { path: string }[] };
    expect(found.model).toBe('my-immich-export');
    expect(found.results.map((r) => path.basename(r.path)).sort()).toEqual([
      'red-0.jpg',
      'red-1.jpg',
      'red-2.jpg',
    ]);
    // A folder that is not a model gets one clear line, exit 1, and nothing installed.
    const refused = await runFotoglot([
      'models',
      'import',
      folder,
      '--id',
      'photos',
      '--home',
      customHome,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/config\.json is missing in .*not a complete model folder/);
  });

  it('search has no hidden cap: totals count the whole library and --all lists every result', async () => {
    // 1,010 red and 40 blue photos: more red ones than the first ranking window holds.
    const folder = path.join(home, 'many');
    const manyHome = path.join(home, 'many-home');
    mkdirSync(folder);
    const red = 1010;
    for (let start = 0; start < red + 40; start += 100)
      await Promise.all(
        Array.from({ length: Math.min(100, red + 40 - start) }, (_, k) => {
          const i = start + k;
          const rgb = i < red ? colours.red : colours.blue;
          return sharp({
            create: {
              width: 16 + (i % 40),
              height: 16 + Math.floor(i / 40),
              channels: 3,
              background: { r: rgb[0], g: rgb[1], b: rgb[2] },
            },
          })
            .jpeg()
            .toFile(path.join(folder, `${i < red ? 'red' : 'blue'}-${String(i)}.jpg`));
        }),
      );
    const indexed = await runFotoglot([
      'index',
      folder,
      '--no-watch',
      '--json',
      '--home',
      manyHome,
    ]);
    expect(indexed.code).toBe(0);
    expect((JSON.parse(indexed.stdout) as { photos: number }).photos).toBe(red + 40);
    type Found = { total: number; more: number; results: { path: string; relevant: boolean }[] };
    const search = async (...args: string[]) => {
      const run = await runFotoglot(['search', ...args, '--json', '--home', manyHome]);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Found;
    };
    const reds = await search('red');
    expect(reds).toMatchObject({ total: red, more: 40 });
    expect(reds.results).toHaveLength(50); // the default page of the text listing
    const every = await search('red', '--all');
    expect(every.results).toHaveLength(red + 40);
    expect(new Set(every.results.map((r) => r.path)).size).toBe(red + 40);
    expect(every.results.filter((r) => r.relevant)).toHaveLength(red);
    expect(every.results.slice(0, red).every((r) => path.basename(r.path).startsWith('red'))).toBe(
      true,
    );
    const limited = await search('red', '--limit', '1005');
    expect(limited.results).toHaveLength(1005);
    const blues = await search('blue');
    expect(blues).toMatchObject({ total: 40, more: red });
    expect((await search('blue', '--all')).results).toHaveLength(red + 40);
  }, 180_000);

  it('an empty or blank query is a usage error that says what to type', async () => {
    for (const query of ['', '   ', '\t']) {
      const run = await runFotoglot(['search', query, '--home', path.join(home, 'empty-query')]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^fotoglot: The search is empty: .*fotoglot search "dog on the beach"/,
      );
    }
  });

  it("index <folder> reports that folder's photos and problems, not the whole library's", async () => {
    const libraryHome = path.join(home, 'two-folders');
    const first = path.join(home, 'first');
    const second = path.join(home, 'second');
    mkdirSync(first);
    mkdirSync(second);
    for (let i = 0; i < 3; i++)
      await writeColourPhoto(path.join(first, `red-${String(i)}.jpg`), colours.red, i);
    copyFileSync(
      path.join(sharedPhotos, 'formats/pillow-tests/truncated_jpeg.jpg'),
      path.join(first, 'broken.jpg'),
    );
    await writeColourPhoto(path.join(second, 'blue.jpg'), colours.blue, 7);
    expect((await runFotoglot(['index', first, '--no-watch', '--home', libraryHome])).code).toBe(0);
    const run = await runFotoglot(['index', second, '--no-watch', '--json', '--home', libraryHome]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ folders: [second], photos: 1, problems: [] });
    const text = await runFotoglot(['index', second, '--no-watch', '--home', libraryHome]);
    expect(text.stdout).toMatch(/^Indexed .*second: 1 photo \(/);
    expect(text.stdout).not.toMatch(/could not be added/);
  });

  it('index exits non-zero with a clear message for a folder it may not read, and adds nothing', async () => {
    // Root reads every folder, so when the tests run as root, the command runs as nobody.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-locked-')));
    try {
      chmodSync(base, 0o755);
      const locked = path.join(base, 'locked');
      mkdirSync(locked);
      await writeColourPhoto(path.join(locked, 'red.jpg'), colours.red, 1);
      chmodSync(locked, 0o000);
      const libraryHome = path.join(base, 'home');
      mkdirSync(libraryHome);
      chmodSync(libraryHome, 0o777);
      const run = await runFotoglot(['index', locked, '--home', libraryHome], process.env, as);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^fotoglot: Fotoglot may not read the folder .*locked \(permission denied\)/,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const missing = await runFotoglot(
        ['index', path.join(base, 'nowhere'), '--home', libraryHome],
        process.env,
        as,
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^fotoglot: The folder .*nowhere does not exist\.\n$/);
      const status = await runFotoglot(
        ['status', '--json', '--home', libraryHome],
        process.env,
        as,
      );
      expect(
        (JSON.parse(status.stdout) as { library: { folders: unknown[] } }).library.folders,
      ).toEqual([]);
    } finally {
      chmodSync(path.join(base, 'locked'), 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('similar and tags say what is true of a non-photo, a damaged photo, a folder and a new photo', async () => {
    const libraryHome = path.join(home, 'truthful');
    const folder = path.join(home, 'truthful-photos');
    mkdirSync(folder);
    await writeColourPhoto(path.join(folder, 'red.jpg'), colours.red, 3);
    copyFileSync(
      path.join(sharedPhotos, 'formats/pillow-tests/truncated_jpeg.jpg'),
      path.join(folder, 'broken.jpg'),
    );
    writeFileSync(path.join(folder, 'x.txt'), 'notes');
    writeFileSync(path.join(folder, 'fake.jpg'), 'not a picture at all, just text');
    expect((await runFotoglot(['index', folder, '--no-watch', '--home', libraryHome])).code).toBe(
      0,
    );
    await writeColourPhoto(path.join(folder, 'later.jpg'), colours.blue, 4);
    for (const command of ['similar', 'tags']) {
      const ask = (name: string) =>
        runFotoglot([command, path.join(folder, name), '--home', libraryHome]);
      const text = await ask('x.txt');
      expect(text.code).toBe(1);
      expect(text.stderr).toMatch(/x\.txt is not a photo Fotoglot reads\.\n$/);
      expect((await ask('fake.jpg')).stderr).toMatch(
        /fake\.jpg could not be read: the content is not an image .*; it is listed under problems\./,
      );
      const broken = await ask('broken.jpg');
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(
        /broken\.jpg could not be read: the file is truncated \(incomplete copy or download\); it is listed under problems\.\n$/,
      );
      expect((await ask('.')).stderr).toMatch(
        /truthful-photos is a folder: name one photo in it\./,
      );
      expect((await ask('later.jpg')).stderr).toMatch(
        /later\.jpg is not in the library\. Add its folder with "fotoglot index <folder>" first\./,
      );
      expect((await ask('red.jpg')).code).toBe(0);
    }
  });

  it('status shows photos, folders, problems and the work pending per stage', async () => {
    const libraryHome = path.join(home, 'status-library');
    const folder = path.join(home, 'status-photos');
    mkdirSync(folder);
    await writeColourPhoto(path.join(folder, 'red.jpg'), colours.red, 5);
    await writeColourPhoto(path.join(folder, 'green.jpg'), colours.green, 6);
    copyFileSync(
      path.join(sharedPhotos, 'formats/pillow-tests/truncated_jpeg.jpg'),
      path.join(folder, 'broken.jpg'),
    );
    expect((await runFotoglot(['index', folder, '--no-watch', '--home', libraryHome])).code).toBe(
      0,
    );
    // Another model: every photo waits to be embedded with it.
    const variant = path.join(repoRoot, 'models/test-variants/static-batch');
    for (const args of [
      ['models', 'import', variant, '--id', 'second-model'],
      ['models', 'use', 'second-model'],
    ])
      expect((await runFotoglot([...args, '--home', libraryHome])).code).toBe(0);
    const run = await runFotoglot(['status', '--home', libraryHome]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Photos: +2 photos$/m);
    expect(run.stdout).toMatch(/^Folders: +1 folder$/m);
    expect(run.stdout).toContain(`  ${folder} (2 photos)`);
    expect(run.stdout).toMatch(/^Problems: +1 file could not be added$/m);
    expect(run.stdout).toMatch(/^ +.*broken\.jpg: The file is truncated/m);
    expect(run.stdout).toMatch(/^Ingested: +2 of 2 photos, nothing pending/m);
    expect(run.stdout).toMatch(/^Searchable: +0 of 2 photos, 2 pending/m);
    // The faces stage needs no search model: its photos were done by the first index.
    expect(run.stdout).toMatch(/^Faces scanned: +2 of 2 photos, nothing pending/m);
    const json = JSON.parse(
      (await runFotoglot(['status', '--json', '--home', libraryHome])).stdout,
    ) as {
      stages: { name: string; pending: number }[];
      library: {
        photos: number;
        folders: { path: string; photos: number }[];
        problems: { path: string }[];
      };
    };
    expect(json.library).toMatchObject({ photos: 2, folders: [{ path: folder, photos: 2 }] });
    expect(json.library.problems.map((p) => path.basename(p.path))).toEqual(['broken.jpg']);
    expect(json.stages.map((s) => [s.name, s.pending])).toEqual([
      ['ingest', 0],
      ['embed', 2],
      ['tag', 0],
      ['faces', 0],
      ['text', 0],
    ]);
  });

  it('library errors reach the terminal as one readable line: HEIC decoder messages go into the problem', async () => {
    const folder = path.join(home, 'heic');
    mkdirSync(folder);
    for (const name of ['clap-overflow-divide-zero.heic', 'github_15.heic'])
      copyFileSync(path.join(sharedPhotos, 'formats/libheif', name), path.join(folder, name));
    copyFileSync(
      path.join(sharedPhotos, 'formats/exiftool-tests/QuickTime.heic'),
      path.join(folder, 'QuickTime.heic'),
    );
    const run = await runFotoglot([
      'index',
      folder,
      '--no-watch',
      '--home',
      path.join(home, 'heic-home'),
    ]);
    expect(run.code).toBe(0);
    // libheif logs its handles and error objects; none of that reaches the terminal raw.
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /clap-overflow-divide-zero\.heic: The HEIF file holds no image \(damaged or truncated\): Could not parse HEIF file: .*version 32 is not implemented yet\.\n/,
    );
    expect(run.stdout).toMatch(
      /QuickTime\.heic: The HEIF image could not be decoded .*: Decoding image failed: Decoder plugin generated an error: Unexpected end of file\.\n/,
    );
    expect(run.stdout).not.toMatch(/heif_image_handle|\[object Object\]|subcode/);
  });

  it('serve prints its URL, needs the token, and stops cleanly on SIGTERM', async () => {
    const served = await startServe(path.join(home, 'serve'));
    expect(served.openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const without = await rawRequest(`${served.origin}/api/app:info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(without.status).toBe(401);
    const withToken = await rawRequest(`${served.origin}/api/app:info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
      body: '{}',
    });
    expect(withToken.status).toBe(200);
    expect(await served.stop()).toBe(0);
  });
});
