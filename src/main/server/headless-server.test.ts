import { copyFileSync, mkdtempSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfoSchema } from '../../shared/contract';
import { appEventSchema } from '../../shared/events';
import { rawRequest } from '../../../test/helpers/http';
import { startMirror } from '../../../test/helpers/hf-mirror';
import { sharedPhotos } from '../../../test/helpers/library';
import { createHandlers } from '../app-handlers';
import { bundlePaths } from '../bundle-paths';
import { Core } from '../core';
import { nodeWorkerLauncher } from '../inference/worker-launcher';
import { startHeadlessServer, type HeadlessServer } from './headless-server';

const root = path.resolve(import.meta.dirname, '../../..');
const paths = bundlePaths(path.join(root, 'dist/node'));
let home: string;
let core: Core;
let server: HeadlessServer;
let auth: Record<string, string>;

beforeAll(async () => {
  home = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-server-')));
  core = Core.open({ home, launchWorker: nodeWorkerLauncher(paths.workerScript) });
  server = await startHeadlessServer({
    handlers: createHandlers(core),
    subscribe: (listener) => core.onEvent(listener, { replay: true }),
    rendererDir: paths.rendererDir,
    port: 0,
  });
  auth = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
});

afterAll(async () => {
  await server.close();
  await core.dispose();
  rmSync(home, { recursive: true, force: true });
});

const api = (channel: string) => `${server.url}api/${channel}`;

/** Calls a channel with the token and parses the Result. */
const call = async (channel: string, body: unknown) => {
  const res = await rawRequest(api(channel), {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: JSON.parse(res.body) as { ok: boolean; value?: unknown; error?: { message: string } },
  };
};

describe('headless server API', () => {
  it('answers app:info with the token', async () => {
    await core.inference.whenReady();
    const res = await rawRequest(api('app:info'), { method: 'POST', headers: auth, body: '{}' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { ok: boolean; value: unknown };
    expect(body.ok).toBe(true);
    const info = appInfoSchema.parse(body.value);
    expect(info.dataDir).toBe(home);
    expect(info.database.path).toBe(path.join(home, 'library.db'));
    expect(info.worker.state).toBe('ready');
    expect(info.worker.executionProviders).toContain('cpu');
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    for (const headers of [
      { 'Content-Type': 'application/json' },
      { 'Content-Type': 'application/json', Authorization: 'Bearer nope' },
      { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}x` },
      { 'Content-Type': 'application/json', Cookie: `fotoglot_token_${String(server.port)}=nope` },
    ]) {
      const res = await rawRequest(api('app:info'), { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const page = await rawRequest(server.url);
    expect(page.status).toBe(401);
    expect(page.body).toMatch(/token/);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, even with the token', async () => {
    const rebinding = await rawRequest(api('app:info'), {
      method: 'POST',
      headers: { ...auth, Host: `evil.example:${String(server.port)}` },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    const crossOrigin = await rawRequest(api('app:info'), {
      method: 'POST',
      headers: { ...auth, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await rawRequest(api('app:info'), {
      method: 'POST',
      headers: { ...auth, Origin: server.url.slice(0, -1) },
      body: '{}',
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('explains bad requests instead of failing obscurely', async () => {
    const cases: [
      string,
      { method?: string; headers?: Record<string, string>; body?: string },
      number,
      RegExp,
    ][] = [
      [api('app:nope'), { method: 'POST', headers: auth, body: '{}' }, 404, /Unknown channel/],
      [
        api('app:info'),
        { method: 'POST', headers: auth, body: '{"path":"/etc"}' },
        400,
        /Invalid argument/,
      ],
      [
        api('app:info'),
        { method: 'POST', headers: auth, body: '{not json' },
        400,
        /not valid JSON/,
      ],
      [api('app:info'), { method: 'GET', headers: auth }, 405, /POST/],
      [
        api('app:info'),
        { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' },
        415,
        /application\/json/,
      ],
      [
        api('app:info'),
        { method: 'POST', headers: auth, body: `"${'x'.repeat(1_100_000)}"` },
        413,
        /limited/,
      ],
      [api('__proto__'), { method: 'POST', headers: auth, body: '{}' }, 404, /Unknown channel/],
    ];
    for (const [url, options, status, message] of cases) {
      const res = await rawRequest(url, options);
      expect(res.status, `${options.method ?? 'GET'} ${url}`).toBe(status);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { message } });
    }
  });
});

describe('headless server token guessing', () => {
  it('answers 429 after ten wrong tokens from one address, on the API and the socket alike', async () => {
    const guarded = await startHeadlessServer({
      handlers: {} as never,
      subscribe: () => () => undefined,
      rendererDir: path.join(root, 'dist/renderer'),
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await rawRequest(`${guarded.url}api/app:info`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer guess-${String(i)}`,
          },
          body: '{}',
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Even the right token waits out the minute: guessing cannot be interleaved with it.
      const right = await rawRequest(`${guarded.url}api/app:info`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${guarded.token}` },
        body: '{}',
      });
      expect(right.status).toBe(429);
      expect(right.body).toMatch(/Wait a minute/);
    } finally {
      await guarded.close();
    }
  });
});

describe('headless server library channels', () => {
  it('adds a folder, ingests it in the background, and lists photos and problems', async () => {
    const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-server-photos-')));
    try {
      copyFileSync(
        path.join(sharedPhotos, 'exif-samples/jpg/gps/DSCN0010.jpg'),
        path.join(folder, 'a.jpg'),
      );
      writeFileSync(path.join(folder, 'empty.jpg'), '');
      const added = await call('library:addFolder', { path: folder });
      expect(added.status).toBe(200);
      expect(added.body.value).toMatchObject({ path: folder, watch: true });
      // Ingest runs in the background; its progress arrives as events.
      await new Promise<void>((resolve) => {
        const off = core.onEvent((e) => {
          if (
            e.type === 'job:progress' &&
            e.job === 'ingest' &&
            e.total > 0 &&
            e.done === e.total
          ) {
            off();
            resolve();
          }
        });
      });
      const list = await call('photos:list', { limit: 10 });
      expect(list.body.value).toMatchObject({
        total: 1,
        photos: [{ path: path.join(folder, 'a.jpg'), width: 640 }],
      });
      const problems = await call('library:problems', {});
      expect(problems.body.value).toEqual([
        expect.objectContaining({ path: path.join(folder, 'empty.jpg'), code: 'empty' }),
      ]);
      const folders = await call('library:folders', {});
      expect(folders.body.value).toEqual([
        expect.objectContaining({ path: folder, photoCount: 1 }),
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('answers bad library requests with a message that says what to do', async () => {
    expect(await call('library:addFolder', { path: '/no/such/folder' })).toMatchObject({
      status: 404,
      body: { error: { message: expect.stringMatching(/does not exist/) as unknown } },
    });
    expect(await call('library:addFolder', { path: home })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/data folder/) as unknown } },
    });
    expect(await call('library:addFolder', { path: '' })).toMatchObject({ status: 400 });
    expect(await call('library:addFolder', { path: 'a\u0000b' })).toMatchObject({ status: 400 });
    expect(await call('library:removeFolder', { id: 999 })).toMatchObject({ status: 404 });
    expect(await call('library:removeFolder', { id: '1; DROP TABLE photos' })).toMatchObject({
      status: 400,
    });
    expect(await call('photos:list', { limit: 1e9 })).toMatchObject({ status: 400 });
  });
});

describe('headless server model channels', () => {
  it('lists, installs from a mirror with progress events, verifies and uses a model', async () => {
    const mirror = await startMirror(path.join(root, 'models/test-tiny'));
    try {
      const listed = await call('models:list', { developer: true });
      expect(listed.body.value).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'test-tiny', developerOnly: true })]),
      );
      const progress: number[] = [];
      const off = core.onEvent((e) => {
        if (e.type === 'job:progress' && e.job === 'download:test-tiny') progress.push(e.done);
      });
      const installed = await call('models:install', { id: 'test-tiny', mirror: mirror.url });
      off();
      expect(installed).toMatchObject({
        status: 200,
        body: { value: { dir: path.join(home, 'models', 'test-tiny') } },
      });
      expect(progress.length).toBeGreaterThan(0);
      expect(await call('models:verify', { id: 'test-tiny' })).toMatchObject({
        body: { value: { problems: [] } },
      });
      expect(await call('models:use', { id: 'test-tiny' })).toMatchObject({
        status: 200,
        body: { value: { active: 'test-tiny' } },
      });
    } finally {
      await mirror.close();
    }
  });

  it('refuses bad model requests with a reason', async () => {
    expect(await call('models:use', { id: 'nope' })).toMatchObject({
      status: 404,
      body: { error: { message: expect.stringMatching(/No model "nope"/) as unknown } },
    });
    expect(
      await call('models:install', { id: 'test-tiny', mirror: 'file:///etc/passwd' }),
    ).toMatchObject({ status: 400 });
    expect(await call('models:install', { id: '../../etc' })).toMatchObject({ status: 400 });
    expect(await call('models:import', { dir: '/no/such/folder', id: 'test-tiny' })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/config\.json is missing/) as unknown } },
    });
    expect(await call('models:cancel', { id: 'test-tiny' })).toMatchObject({
      status: 200,
      body: { value: { cancelled: false } },
    });
  });
});

describe('headless server pages', () => {
  it('trades ?token= for an HttpOnly cookie, then serves the UI with a strict CSP', async () => {
    const open = await rawRequest(server.openUrl);
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe('/');
    const cookie = open.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await rawRequest(server.url, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
  });

  it('does not hand out a cookie for a wrong token', async () => {
    const res = await rawRequest(`${server.url}?token=wrong`);
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('serves no directory listings and nothing outside the UI folder', async () => {
    const headers = { Authorization: `Bearer ${server.token}` };
    for (const target of [
      '/assets/',
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/../../package.json',
    ]) {
      const res = await rawRequest(`${server.url.slice(0, -1)}${target}`, { headers });
      expect(res.body, target).not.toMatch(/"name": "fotoglot"|Index of/);
    }
  });
});

describe('headless server events', () => {
  const wsUrl = () => `${server.url.replace('http', 'ws')}api/app:events`;

  it('streams the current worker status to an authenticated client', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { Authorization: `Bearer ${server.token}` } });
    const first = await new Promise<unknown>((resolve, reject) => {
      ws.once('message', (data: Buffer) => {
        resolve(JSON.parse(data.toString('utf8')));
      });
      ws.once('error', reject);
    });
    ws.close();
    expect(appEventSchema.parse(first)).toMatchObject({ type: 'worker:status' });
  });

  it('refuses sockets without the token or from a foreign origin', async () => {
    const refusal = (ws: WebSocket) =>
      new Promise<number>((resolve) => {
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
        });
        ws.once('open', () => {
          resolve(101);
        });
      });
    expect(await refusal(new WebSocket(wsUrl()))).toBe(401);
    expect(
      await refusal(
        new WebSocket(wsUrl(), {
          headers: { Authorization: `Bearer ${server.token}` },
          origin: 'http://evil.example',
        }),
      ),
    ).toBe(403);
  });
});
