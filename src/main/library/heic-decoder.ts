/**
 * @file HEIC/HEIF decoding off the main thread.
 *
 * libheif-js is WebAssembly and decodes synchronously: about 1.1 s for an 8.5 MP iPhone
 * photo, during which the process hosting the core (server requests, IPC, the watcher)
 * would stand still. Decodes therefore run in worker threads, one per spare core, and hand
 * back RGBA pixels by transfer (no copy). The worker is a short inline script, so it needs
 * no bundle entry of its own and finds libheif-js by the path resolved here.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { IngestProblem } from './ingest-problem';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
// libheif logs why a decode failed with console.log, as text beside raw objects (image handles,
// { code, subcode, message } errors). Those words belong to the failing file's problem, in one
// line; nothing goes to the terminal (see [Note: Errors as one line]).
let said = [];
const words = (arg) =>
  typeof arg === 'string' ? arg
  : arg && typeof arg === 'object' && typeof arg.message === 'string' ? arg.message
  : '';
console.log = console.error = console.warn = (...args) => {
  const line = args.map(words).filter(Boolean).join(': ').replace(/\\s+/g, ' ').trim();
  if (line) said.push(line);
};
const because = (message) => {
  const detail = said.join('; ').slice(0, 300);
  return detail ? message.replace(/\\.$/, '') + ': ' + detail + '.' : message;
};
const libheif = require(workerData.modulePath);
parentPort.on('message', ({ id, bytes }) => {
  let images = [];
  said = [];
  try {
    images = new libheif.HeifDecoder().decode(new Uint8Array(bytes));
    const image = images[0];
    if (!image) throw Object.assign(new Error(because('The HEIF file holds no image (damaged or truncated).')), { code: 'corrupt' });
    const width = image.get_width();
    const height = image.get_height();
    if (!(width > 0 && height > 0)) throw Object.assign(new Error('The HEIF image has no size (damaged).'), { code: 'corrupt' });
    if (width * height > workerData.maxPixels) {
      throw Object.assign(new Error('Image is ' + width + '×' + height + '; images over ' + workerData.maxPixels / 1e6 + ' megapixels are skipped.'), { code: 'too-large' });
    }
    const data = new Uint8ClampedArray(width * height * 4);
    // display() finishes later, after other messages may have run: what libheif says between
    // two handlers (none is left over, see finally) is about this image.
    image.display({ data, width, height }, (result) => {
      for (const img of images) img.free();
      if (!result) parentPort.postMessage({ id, ok: false, code: 'corrupt', message: because('The HEIF image could not be decoded (damaged or unsupported codec).') });
      else parentPort.postMessage({ id, ok: true, width, height, data }, [data.buffer]);
      said = [];
    });
  } catch (error) {
    for (const img of images) img.free();
    const message = error instanceof Error ? error.message : words(error) || 'The HEIF decoder failed on this file.';
    parentPort.postMessage({ id, ok: false, code: error && error.code === 'too-large' ? 'too-large' : 'corrupt', message });
  } finally {
    said = [];
  }
});
`;

type Reply =
  | { id: number; ok: true; width: number; height: number; data: Uint8ClampedArray }
  | { id: number; ok: false; code: 'corrupt' | 'too-large'; message: string };

export interface HeicPixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Buffer;
}

export class HeicDecoder {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<
    number,
    { resolve: (p: HeicPixels) => void; reject: (e: Error) => void; worker: Worker }
  >();
  readonly #size: number;
  #nextId = 1;
  #next = 0;

  constructor(
    private readonly maxPixels: number,
    size = Math.max(1, os.availableParallelism() - 1),
  ) {
    this.#size = size;
  }

  decode(bytes: Buffer): Promise<HeicPixels> {
    const worker = this.#worker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker });
      // Copy into a transferable buffer: the caller keeps its own bytes.
      const copy = new Uint8Array(bytes).buffer;
      worker.postMessage({ id, bytes: copy }, [copy]);
    });
  }

  #worker(): Worker {
    if (this.#workers.length < this.#size) {
      const modulePath = createRequire(__filename).resolve('libheif-js/wasm-bundle.js');
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: { modulePath, maxPixels: this.maxPixels },
      });
      worker.unref();
      worker.on('message', (reply: Reply) => {
        const pending = this.#pending.get(reply.id);
        if (!pending) return;
        this.#pending.delete(reply.id);
        if (reply.ok)
          pending.resolve({
            width: reply.width,
            height: reply.height,
            data: Buffer.from(reply.data.buffer),
          });
        else pending.reject(new IngestProblem(reply.code, reply.message));
      });
      // A crashed decoder fails its own requests only; the next decode starts a fresh thread.
      const fail = (error: Error) => {
        this.#drop(worker);
        for (const [id, pending] of this.#pending) {
          if (pending.worker !== worker) continue;
          this.#pending.delete(id);
          pending.reject(
            new IngestProblem('corrupt', `The HEIF decoder failed on this file: ${error.message}`),
          );
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`exit code ${String(code)}`));
        else this.#drop(worker);
      });
      this.#workers.push(worker);
      return worker;
    }
    const worker = this.#workers[this.#next++ % this.#workers.length];
    if (!worker) throw new Error('no HEIC decoder thread');
    return worker;
  }

  #drop(worker: Worker): void {
    const i = this.#workers.indexOf(worker);
    if (i >= 0) this.#workers.splice(i, 1);
  }

  async dispose(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
