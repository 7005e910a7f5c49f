/**
 * @file The headless host (`fotoglot serve`): the built renderer plus every contract
 * channel at `POST /api/<channel>` and the event stream as a WebSocket at `/api/app:events`.
 * Access rules: see [Note: Headless server trust model].
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { eventsChannel } from '../../shared/contract';
import type { AppEvent } from '../../shared/events';
import { fail, type ErrorCode, type Result } from '../../shared/result';
import { assertNever } from '../../shared/assert-never';
import type { Handlers } from '../app-handlers';
import { contentSecurityPolicy } from '../content-security-policy';
import { dispatch } from '../dispatch';
import { mediaHeaders, mediaPrefix, parseMediaPath, type MediaResolver } from '../media-route';
import {
  checkRequest,
  cookieName,
  FailedTokenLimiter,
  type GuardVerdict,
  newToken,
  presentedToken,
  type GuardConfig,
  type RequestFacts,
} from './request-guard';

export interface HeadlessServerOptions {
  handlers: Handlers;
  subscribe: (listener: (event: AppEvent) => void) => () => void;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
  /** Thumbnails and previews by photo id (see media-route.ts). */
  media?: MediaResolver;
  /** Origins images may come from besides the app's own, asked per page (the map tile server). */
  imageSources?: () => readonly string[];
}

export interface HeadlessServer {
  readonly url: string;
  /** The address to open in a browser, token included. */
  readonly openUrl: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const apiPrefix = '/api/';

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  // The port is known once listening; no request can arrive before.
  const guard: GuardConfig = { token, port: 0, hostnames: [host] };
  const requestFacts = (req: IncomingMessage): RequestFacts => ({
    host: req.headers.host,
    origin: req.headers.origin,
    token: presentedToken(req.headers, guard.port),
  });
  const limiter = new FailedTokenLimiter();
  /** The guard's checks, with repeated token failures from one address slowed down. */
  const verify = (req: IncomingMessage, facts: RequestFacts): GuardVerdict => {
    const address = req.socket.remoteAddress ?? '';
    if (limiter.blocked(address))
      return {
        allowed: false,
        status: 429,
        reason:
          'Too many wrong tokens from this address. Wait a minute, then open the address "fotoglot serve" printed.',
      };
    const verdict = checkRequest(facts, guard);
    if (!verdict.allowed && verdict.status === 401) limiter.fail(address);
    return verdict;
  };
  const rendererBuilt = existsSync(path.join(options.rendererDir, 'index.html'));
  const serveStatic = sirv(options.rendererDir, { single: true, dev: false, etag: true });

  const server = createServer((req, res) => {
    setCommonHeaders(res, req.headers.host ?? '', options.imageSources?.() ?? []);
    handleRequest(req, res).catch((error: unknown) => {
      console.error('[server] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, fail('internal', 'The server failed to answer.'));
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const queryToken = url.searchParams.get('token');
    // Opening the printed URL trades the query token for an HttpOnly cookie and drops it from the address bar.
    if (queryToken !== null && req.method === 'GET' && !url.pathname.startsWith(apiPrefix)) {
      const verdict = verify(req, { ...requestFacts(req), token: queryToken });
      if (!verdict.allowed) {
        deny(res, url.pathname, verdict.status, verdict.reason);
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName(guard.port)}=${queryToken}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      res.end();
      return;
    }
    const verdict = verify(req, requestFacts(req));
    if (!verdict.allowed) {
      deny(res, url.pathname, verdict.status, verdict.reason);
      return;
    }

    if (url.pathname.startsWith(apiPrefix)) {
      await handleApi(req, res, decodeURIComponent(url.pathname.slice(apiPrefix.length)));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname.startsWith(mediaPrefix)) {
      await sendMedia(res, url.pathname, req.method === 'HEAD');
      return;
    }
    if (!rendererBuilt) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The user interface is not built. Run "npm run build" in the Fotoglot folder.\n');
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404).end();
    });
  }

  async function sendMedia(
    res: ServerResponse,
    pathname: string,
    headOnly: boolean,
  ): Promise<void> {
    const parsed = parseMediaPath(pathname);
    const media =
      parsed && options.media
        ? await options.media(parsed.kind, parsed.photoId).catch(() => null)
        : null;
    const info = media ? await stat(media.file).catch(() => null) : null;
    if (!media || !info) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...mediaHeaders(media.type), 'Content-Length': String(info.size) });
    if (headOnly) {
      res.end();
      return;
    }
    createReadStream(media.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    channel: string,
  ): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, fail('invalid-argument', 'Use POST with a JSON body.'));
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      sendJson(
        res,
        415,
        fail('invalid-argument', 'Send the argument as Content-Type: application/json.'),
      );
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      sendJson(
        res,
        413,
        fail('invalid-argument', `Request bodies are limited to ${String(maxBodyBytes)} bytes.`),
      );
      return;
    }
    let args: unknown = undefined;
    if (body.trim() !== '') {
      try {
        args = JSON.parse(body);
      } catch {
        sendJson(res, 400, fail('invalid-argument', 'The request body is not valid JSON.'));
        return;
      }
    }
    const result = await dispatch(options.handlers, channel, args);
    sendJson(res, result.ok ? 200 : httpStatusFor(result.error.code), result);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const facts = requestFacts(req);
    // Browsers send the cookie; other clients may pass the token in the query instead.
    const verdict = verify(req, {
      ...facts,
      token: facts.token ?? url.searchParams.get('token') ?? undefined,
    });
    if (!verdict.allowed) {
      socket.end(
        `HTTP/1.1 ${String(verdict.status)} ${statusText[verdict.status]}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    if (url.pathname !== `${apiPrefix}${eventsChannel}`) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = options.subscribe((event) => {
        ws.send(JSON.stringify(event));
      });
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
      // The stream is one-way; whatever a client sends is ignored.
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard.port = port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${String(port)}/`;

  return {
    url,
    openUrl: `${url}?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}

const statusText = { 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests' } as const;

function setCommonHeaders(
  res: ServerResponse,
  host: string,
  imageSources: readonly string[],
): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy([`ws://${host}`], imageSources));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function deny(
  res: ServerResponse,
  pathname: string,
  status: 401 | 403 | 429,
  reason: string,
): void {
  if (pathname.startsWith(apiPrefix)) {
    sendJson(res, status, fail(status === 403 ? 'forbidden' : 'unauthorized', reason));
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${reason}\n`);
}

function sendJson(res: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-argument':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'unavailable':
    case 'offline':
      return 503;
    case 'cancelled':
      return 409;
    case 'internal':
      return 500;
    default:
      return assertNever(code, 'error code');
  }
}

/** The request body as text, or null when it exceeds `maxBodyBytes`. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
