/**
 * @file GET with manual redirects, for model downloads. Hugging Face answers `/resolve/`
 * with a redirect to its CDN that carries the file's sha256 (`X-Linked-Etag`) and size
 * (`X-Linked-Size`); a client that follows redirects silently (fetch) loses them. Node's
 * streams also deliver every byte that arrived before a dropped connection, which resuming
 * relies on.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

export interface GetResult {
  response: IncomingMessage;
  /** sha256 announced by any hop, if any. */
  linkedSha256: string | null;
  linkedSize: number | null;
}

export function httpGet(
  url: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
  hops = 5,
): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) {
      reject(new Error(`unsupported URL scheme ${target.protocol}`));
      return;
    }
    const req = client.get(
      target,
      { headers: { 'User-Agent': 'Fotoglot', ...headers }, ...(signal ? { signal } : {}) },
      (response) => {
        const etag = String(response.headers['x-linked-etag'] ?? '').replace(/^(W\/)?"|"$/g, '');
        const size = Number(response.headers['x-linked-size'] ?? NaN);
        const here = {
          linkedSha256: /^[0-9a-f]{64}$/.test(etag) ? etag : null,
          linkedSize: Number.isInteger(size) ? size : null,
        };
        const location = response.headers.location;
        if (
          response.statusCode &&
          response.statusCode >= 300 &&
          response.statusCode < 400 &&
          location
        ) {
          response.resume();
          if (hops <= 0) {
            reject(new Error('too many redirects'));
            return;
          }
          httpGet(new URL(location, target).toString(), headers, signal, hops - 1).then((next) => {
            resolve({
              response: next.response,
              linkedSha256: next.linkedSha256 ?? here.linkedSha256,
              linkedSize: next.linkedSize ?? here.linkedSize,
            });
          }, reject);
          return;
        }
        resolve({ response, ...here });
      },
    );
    req.on('error', reject);
  });
}
