/**
 * @file Who may talk to the headless server (§5.6).
 *
 * [Note: Headless server trust model]
 * The server serves someone's photo library over HTTP, so every request must prove three
 * things: it names this server in `Host` (a DNS-rebinding page resolves a foreign name to
 * 127.0.0.1 but cannot change the Host header), it comes from no foreign page (`Origin`,
 * when a browser sends one, names this server), and it carries the per-run token — as
 * `Authorization: Bearer`, or as the HttpOnly cookie the browser got by opening the printed
 * `?token=` URL once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A fresh unguessable per-run token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookie names are per port: browsers share cookies across ports of one host. */
export function cookieName(port: number): string {
  return `fotoglot_token_${String(port)}`;
}

export interface GuardConfig {
  token: string;
  port: number;
  /** Host names this server answers to (besides the loopback names). */
  hostnames: readonly string[];
}

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

/** True when `hostHeader` (`name[:port]`) names this server. */
export function isAllowedHost(hostHeader: string | undefined, config: GuardConfig): boolean {
  if (!hostHeader) return false;
  let url: URL;
  try {
    url = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search) return false;
  const port = url.port === '' ? 80 : Number(url.port);
  if (port !== config.port) return false;
  const name = url.hostname.toLowerCase();
  return loopbackNames.includes(name) || config.hostnames.some((h) => h.toLowerCase() === name);
}

/** True when there is no Origin (same-origin navigation, non-browser client) or it is this server. */
export function isAllowedOrigin(origin: string | undefined, config: GuardConfig): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // Includes the opaque origin "null" (sandboxed frames, file://).
  }
  return url.protocol === 'http:' && isAllowedHost(url.host, config);
}

/** The token a request presents, from the Authorization header or our cookie. */
export function presentedToken(headers: IncomingHttpHeaders, port: number): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const name = cookieName(port);
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Constant-time token comparison. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type GuardVerdict =
  { allowed: true } | { allowed: false; status: 401 | 403 | 429; reason: string };

/**
 * Slows down token guessing: after `maxFailures` wrong or missing tokens from one address
 * within a minute, that address is refused (429) for a minute. A 256-bit token cannot be
 * guessed anyway; this keeps a misbehaving client from flooding the server and the log.
 */
export class FailedTokenLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
  ) {}

  blocked(address: string, now = Date.now()): boolean {
    const recent = (this.#failures.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length === 0) this.#failures.delete(address);
    else this.#failures.set(address, recent);
    return recent.length >= this.maxFailures;
  }

  fail(address: string, now = Date.now()): void {
    const recent = (this.#failures.get(address) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.#failures.set(address, recent);
    // Bounded memory even under a flood from many addresses.
    if (this.#failures.size > 10_000)
      this.#failures.delete(this.#failures.keys().next().value ?? '');
  }
}

/** What a request shows of itself: its Host and Origin headers and the token it presents. */
export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  token: string | undefined;
}

/** Host, Origin and token checks for one request or WebSocket upgrade. */
export function checkRequest(facts: RequestFacts, config: GuardConfig): GuardVerdict {
  if (!isAllowedHost(facts.host, config)) {
    return { allowed: false, status: 403, reason: 'Unknown Host header.' };
  }
  if (!isAllowedOrigin(facts.origin, config)) {
    return { allowed: false, status: 403, reason: 'Cross-origin requests are not allowed.' };
  }
  if (!tokenMatches(facts.token, config.token)) {
    return {
      allowed: false,
      status: 401,
      reason:
        'Missing or wrong token. Open the address printed by "fotoglot serve" (it ends in ?token=…).',
    };
  }
  return { allowed: true };
}
