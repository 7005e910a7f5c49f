/** Installing models from a local Hugging Face-like server, with the failures real networks have. */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelFiles } from '../../shared/model-config';
import { LibraryDatabase } from '../db/library-database';
import { startContractChecker, type ContractChecker } from '../../../test/helpers/contract-checker';
import { startMirror, type Mirror } from '../../../test/helpers/hf-mirror';
import { ModelManager } from './model-manager';
import type { DownloadProgress } from './model-downloader';

const repoModels = path.resolve(import.meta.dirname, '../../../models');
const tiny = path.join(repoModels, 'test-tiny');
const files = [...modelFiles, 'textual/special_tokens_map.json'];

let home: string;
let db: LibraryDatabase;
let manager: ModelManager;
let mirror: Mirror | null = null;
let checker: ContractChecker;
beforeAll(() => {
  checker = startContractChecker();
});
afterAll(async () => {
  await checker.dispose();
});
/** A catalog folder without the bundled test-tiny, so only downloads can provide it. */
let catalogDir: string;

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-models-'));
  catalogDir = path.join(home, 'catalog');
  cpSync(path.join(repoModels, 'catalog.json'), path.join(catalogDir, 'catalog.json'));
  db = LibraryDatabase.open(path.join(home, 'library.db'));
  manager = new ModelManager(db.db, home, catalogDir, checker.check);
});
afterEach(async () => {
  await mirror?.close();
  mirror = null;
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const installed = (id: string) => path.join(home, 'models', id);
const sameAsTiny = (dir: string) =>
  files.every((f) => readFileSync(path.join(dir, f)).equals(readFileSync(path.join(tiny, f))));
const nothingInstalled = () => !existsSync(installed('test-tiny'));

describe('models install', () => {
  it('downloads, verifies and installs atomically, with progress', async () => {
    mirror = await startMirror(tiny);
    const progress: DownloadProgress[] = [];
    const dir = await manager.install('test-tiny', {
      baseUrl: mirror.url,
      onProgress: (p) => progress.push(p),
    });
    expect(dir).toBe(installed('test-tiny'));
    expect(sameAsTiny(dir)).toBe(true);
    expect(readdirSync(path.join(home, 'models', '.partial'))).toEqual([]);
    expect(progress.at(-1)).toMatchObject({
      modelId: 'test-tiny',
      bytes: progress.at(-1)?.totalBytes,
    });
    expect(mirror.requests.map((r) => r.path)).toContain(
      '/fotoglot/test-tiny/resolve/bundled/textual/model.onnx',
    );
    expect(await manager.verify('test-tiny')).toEqual([]);
  });

  it('fetches the external-data files its graphs name, verified, and loads the model before installing it', async () => {
    // A tower stored as torch.onnx writes >2 GB towers: the catalog cannot list those files.
    const catalog = manager.catalog();
    const tinyEntry = catalog.models.find((m) => m.id === 'test-tiny');
    if (!tinyEntry) throw new Error('no test-tiny');
    catalog.models.push({
      ...tinyEntry,
      id: 'tiny-external',
      files: tinyEntry.files.map((f) => ({ ...f, bytes: null, sha256: null })),
    });
    mirror = await startMirror(path.join(repoModels, 'test-variants/external-data'));
    await manager.install('tiny-external', { baseUrl: mirror.url });
    const paths = mirror.requests.map((r) => r.path.replace(/^.*\/resolve\/[^/]+\//, ''));
    expect(paths).toContain('textual/model.onnx_data');
    expect(
      readFileSync(path.join(installed('tiny-external'), 'textual/model.onnx_data')).equals(
        readFileSync(path.join(repoModels, 'test-variants/external-data/textual/model.onnx_data')),
      ),
    ).toBe(true);
    expect(await manager.verify('tiny-external')).toEqual([]);
  });

  it('installs nothing when the downloaded model does not load', async () => {
    const catalog = manager.catalog();
    const tinyEntry = catalog.models.find((m) => m.id === 'test-tiny');
    if (!tinyEntry) throw new Error('no test-tiny');
    // The catalog says 12 dimensions; the graphs make 11.
    catalog.models.push({
      ...tinyEntry,
      id: 'tiny-wrong',
      files: tinyEntry.files.map((f) => ({ ...f, bytes: null, sha256: null })),
    });
    const source = path.join(home, 'served');
    cpSync(tiny, source, { recursive: true });
    writeFileSync(
      path.join(source, 'config.json'),
      JSON.stringify({ embed_dim: 12, text_cfg: { context_length: 16 } }),
    );
    mirror = await startMirror(source);
    await expect(manager.install('tiny-wrong', { baseUrl: mirror.url })).rejects.toThrow(
      /The download of tiny-wrong does not work with Fotoglot; nothing was installed/,
    );
    expect(existsSync(installed('tiny-wrong'))).toBe(false);
    expect(existsSync(path.join(home, 'models', '.partial', 'tiny-wrong'))).toBe(false);
  });

  it('resumes with an HTTP Range request after the connection drops mid-file', async () => {
    mirror = await startMirror(tiny, { dropAfterBytes: 5000 });
    await manager.install('test-tiny', { baseUrl: mirror.url });
    expect(sameAsTiny(installed('test-tiny'))).toBe(true);
    // Each file cut mid-way (only those over 5000 bytes) was resumed from what had arrived, not restarted.
    const resumed = mirror.requests.flatMap((r) => {
      const offset = Number(/^bytes=(\d+)-$/.exec(r.headers.range ?? '')?.[1] ?? 0);
      return offset > 0 && offset <= 5000 ? [r.path.replace(/^.*\/resolve\/[^/]+\//, '')] : [];
    });
    expect(resumed.sort()).toEqual(['textual/model.onnx', 'textual/tokenizer.json']);
  });

  it('discards a file whose checksum is wrong and installs nothing', async () => {
    mirror = await startMirror(tiny, { wrongChecksumFor: 'textual/tokenizer.json' });
    // The catalog pins sha256 for test-tiny; drop it so the server's X-Linked-Etag is what is checked.
    const catalog = manager.catalog();
    for (const file of catalog.models.find((m) => m.id === 'test-tiny')?.files ?? [])
      file.sha256 = null;
    await expect(manager.install('test-tiny', { baseUrl: mirror.url })).rejects.toThrow(
      /textual\/tokenizer\.json of test-tiny failed verification \(sha256 mismatch\)/,
    );
    expect(nothingInstalled()).toBe(true);
    expect(
      existsSync(
        path.join(home, 'models', '.partial', 'test-tiny', 'textual', 'tokenizer.json.part'),
      ),
    ).toBe(false);
  });

  it('follows Hugging Face redirects to the CDN and checks the sha256 announced on the redirect', async () => {
    const catalog = manager.catalog();
    for (const file of catalog.models.find((m) => m.id === 'test-tiny')?.files ?? [])
      file.sha256 = null;
    mirror = await startMirror(tiny, { viaCdn: true });
    await manager.install('test-tiny', { baseUrl: mirror.url });
    expect(sameAsTiny(installed('test-tiny'))).toBe(true);
    expect(mirror.requests.some((r) => r.path.startsWith('/cdn/'))).toBe(true);
    await mirror.close();
    await manager.remove('test-tiny');
    mirror = await startMirror(tiny, { viaCdn: true, wrongChecksumFor: 'visual/model.onnx' });
    await expect(manager.install('test-tiny', { baseUrl: mirror.url })).rejects.toThrow(
      /visual\/model\.onnx of test-tiny failed verification \(sha256 mismatch\)/,
    );
  });

  it('reports a 404 clearly and installs nothing', async () => {
    mirror = await startMirror(tiny, { missing: 'visual/model.onnx' });
    await expect(manager.install('test-tiny', { baseUrl: mirror.url })).rejects.toThrow(
      /visual\/model\.onnx of test-tiny is not on the server \(404/,
    );
    expect(nothingInstalled()).toBe(true);
  });

  it('refuses to start when the disk is too full', async () => {
    mirror = await startMirror(tiny);
    await expect(
      manager.install('test-tiny', { baseUrl: mirror.url, freeSpace: () => Promise.resolve(1000) }),
    ).rejects.toThrow(/Not enough disk space for test-tiny/);
    expect(mirror.requests).toEqual([]);
    expect(nothingInstalled()).toBe(true);
  });

  it('can be cancelled, and the next install resumes', async () => {
    mirror = await startMirror(tiny);
    const abort = new AbortController();
    const first = manager.install('test-tiny', {
      baseUrl: mirror.url,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.file === 'textual/model.onnx') abort.abort();
      },
    });
    await expect(first).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(/cancelled; nothing was installed/) as unknown,
    });
    expect(nothingInstalled()).toBe(true);
    const before = mirror.requests.length;
    await manager.install('test-tiny', { baseUrl: mirror.url });
    expect(sameAsTiny(installed('test-tiny'))).toBe(true);
    // Files finished before the cancel are not fetched again.
    expect(mirror.requests.slice(before).map((r) => path.basename(r.path))).not.toContain(
      'config.json',
    );
  });

  it('explains an unknown model id and an unreachable server', async () => {
    await expect(manager.install('nope', {})).rejects.toThrow(/No model "nope" in the catalog/);
    await expect(
      manager.install('test-tiny', { baseUrl: 'http://127.0.0.1:9', retries: 0 }),
    ).rejects.toMatchObject({
      code: 'offline',
      // The core's words serve every host: no command-line flag (see [Note: Download messages]).
      message: expect.not.stringMatching(/--/) as unknown,
    });
  });
});

describe('models import, verify, use, remove', () => {
  it('imports a folder offline, verifies it, makes it active and removes it', async () => {
    await manager.importFrom(tiny);
    expect(sameAsTiny(installed('test-tiny'))).toBe(true);
    expect(await manager.verify('test-tiny')).toEqual([]);
    await manager.use('test-tiny');
    expect(manager.active()).toEqual({ id: 'test-tiny', dir: installed('test-tiny') });
    await manager.remove('test-tiny');
    expect(nothingInstalled()).toBe(true);
    expect(manager.active()).toBeNull();
  });

  it('refuses incomplete or damaged folders, naming the file', async () => {
    const broken = path.join(home, 'broken', 'test-tiny');
    cpSync(tiny, broken, { recursive: true });
    rmSync(path.join(broken, 'textual/tokenizer.json'));
    await expect(manager.importFrom(broken)).rejects.toThrow(/textual\/tokenizer\.json is missing/);
    cpSync(tiny, broken, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(broken, 'visual/model.onnx'), 'garbage');
    await expect(manager.importFrom(broken)).rejects.toThrow(
      /visual\/model\.onnx in .* is damaged/,
    );
    expect(nothingInstalled()).toBe(true);
  });

  it('verify names a damaged installed file', async () => {
    await manager.importFrom(tiny);
    const { writeFileSync } = await import('node:fs');
    const file = path.join(installed('test-tiny'), 'textual/model.onnx');
    const bytes = readFileSync(file);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    expect(await manager.verify('test-tiny')).toEqual([
      'textual/model.onnx is damaged (sha256 mismatch)',
    ]);
  });
});
