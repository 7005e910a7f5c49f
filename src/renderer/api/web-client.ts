/**
 * @file The web client shim: implements `Api` over the headless server (`POST /api/<channel>`
 * and a WebSocket at `/api/app:events`), so the renderer runs unchanged in any browser.
 * Authentication rides on the HttpOnly cookie the server set when the page was opened.
 */
import { channelNames, eventsChannel, type Api, type Channel } from '../../shared/contract';
import { Emitter } from '../../shared/emitter';
import { appEventSchema, type AppEvent, type AppEventListener } from '../../shared/events';
import { fail, type Result } from '../../shared/result';

async function call(channel: Channel, args: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    return fail(
      'unavailable',
      'Cannot reach the Fotoglot server. Is "fotoglot serve" still running?',
    );
  }
  try {
    const body = (await response.json()) as Result<unknown>;
    if (typeof body === 'object' && 'ok' in body) return body;
  } catch {
    // Fall through: the server answered something that is not a result.
  }
  return fail('internal', `The server answered ${String(response.status)} without a result.`);
}

/** One WebSocket shared by all listeners, reconnecting with backoff while anyone listens. */
class EventStream {
  readonly #emitter = new Emitter<AppEvent>();
  #socket: WebSocket | null = null;
  #retryMs = 500;
  #retryTimer: number | null = null;

  subscribe(listener: AppEventListener): () => void {
    const off = this.#emitter.on(listener);
    this.#connect();
    return () => {
      off();
      if (this.#emitter.size === 0) this.#disconnect();
    };
  }

  #connect(): void {
    if (this.#socket || this.#retryTimer !== null) return;
    const url = new URL(`/api/${eventsChannel}`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#retryMs = 500;
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = appEventSchema.safeParse(raw);
      if (parsed.success) this.#emitter.emit(parsed.data);
    };
    socket.onclose = () => {
      this.#socket = null;
      if (this.#emitter.size === 0) return;
      this.#retryTimer = window.setTimeout(() => {
        this.#retryTimer = null;
        this.#connect();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 15_000);
    };
  }

  #disconnect(): void {
    if (this.#retryTimer !== null) window.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#socket?.close();
    this.#socket = null;
  }
}

export function createWebClient(): Api {
  const events = new EventStream();
  const invokers = Object.fromEntries(
    channelNames.map((channel) => [channel, (args?: unknown) => call(channel, args)]),
  ) as Pick<Api, Channel>;
  return {
    ...invokers,
    [eventsChannel]: (listener: AppEventListener) => events.subscribe(listener),
  } satisfies Api;
}
