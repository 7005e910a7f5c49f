/**
 * @file A local server that serves models/test-tiny the way Hugging Face does:
 * `GET /<owner>/<repo>/resolve/<revision>/<path>`, HTTP Range, and the LFS sha256 in
 * `X-Linked-Etag`; with faults on request (dropped connection, wrong checksum, 404).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface MirrorFaults {
  /** Cut the connection after this many bytes of a file's first response. */
  dropAfterBytes?: number;
  /** Announce a wrong sha256 for this file. */
  wrongChecksumFor?: string;
  /** Answer 404 for this file. */
  missing?: string;
  /** Like Hugging Face: `/resolve/` redirects to `/cdn/`, and only the redirect carries X-Linked-Etag. */
  viaCdn?: boolean;
  /**
   * Send only `afterBytes` of `file`'s first response, then hold the connection open without
   * sending more (a download that is still running when the user cancels it) until `until`
   * settles, if given.
   */
  stall?: { file: string; afterBytes: number; until?: Promise<void> };
  /** Listen on this port (the same address across restarts, as HF_ENDPOINT of a running server). */
  port?: number;
  /** Runs once, before the first file body is sent (the torture suite fills the disk there). */
  beforeBody?: (file: string) => Promise<void>;
}

export interface Mirror {
  url: string;
  /** Every request: path and headers. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startMirror(modelDir: string, faults: MirrorFaults = {}): Promise<Mirror> {
  const requests: Mirror['requests'] = [];
  const dropped = new Set<string>();
  let stall = faults.stall;
  let beforeBody = faults.beforeBody;
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const cdn = /^\/cdn\/(.+)$/.exec(req.url ?? '');
    const match = /^\/[^/]+\/[^/]+\/resolve\/[^/]+\/(.+)$/.exec(req.url ?? '');
    const file = cdn?.[1]
      ? decodeURIComponent(cdn[1])
      : match?.[1]
        ? decodeURIComponent(match[1])
        : null;
    if (!file || file.includes('..') || file === faults.missing) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(path.join(modelDir, file));
    } catch {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const sha = createHash('sha256').update(body).digest('hex');
    const linked = `"${file === faults.wrongChecksumFor ? '0'.repeat(64) : sha}"`;
    if (faults.viaCdn && !cdn) {
      res
        .writeHead(302, {
          Location: `/cdn/${encodeURIComponent(file)}`,
          'X-Linked-Etag': linked,
          'X-Linked-Size': String(body.length),
        })
        .end();
      return;
    }
    const headers: Record<string, string> = { 'Accept-Ranges': 'bytes' };
    if (!faults.viaCdn) headers['X-Linked-Etag'] = linked;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const slice = body.subarray(start);
    if (range)
      headers['Content-Range'] =
        `bytes ${String(start)}-${String(body.length - 1)}/${String(body.length)}`;
    if (beforeBody) {
      const hook = beforeBody;
      beforeBody = undefined;
      void hook(file).then(() => {
        res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': String(slice.length) });
        res.end(slice);
      });
      return;
    }
    res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': String(slice.length) });
    if (stall?.file === file && slice.length > stall.afterBytes) {
      const { afterBytes, until } = stall;
      stall = undefined;
      res.write(slice.subarray(0, afterBytes));
      // Without `until` the rest never comes; close() ends the connection.
      void until?.then(() => res.end(slice.subarray(afterBytes)));
      return;
    }
    if (
      faults.dropAfterBytes !== undefined &&
      !dropped.has(file) &&
      slice.length > faults.dropAfterBytes
    ) {
      dropped.add(file);
      // Close after the partial body (a FIN, not a reset, so what was sent arrives, as on a real dropped download).
      res.write(slice.subarray(0, faults.dropAfterBytes), () => {
        res.socket?.end();
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(faults.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
