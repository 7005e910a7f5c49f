/**
 * @file Downloads a catalog model from Hugging Face (or a mirror) into `<models>/<id>`.
 *
 * [Note: Model downloads]
 * Files go to `<models>/.partial/<id>/…part` and survive interruptions: the next attempt
 * (a retry after a dropped connection, or the user's next `install`) resumes with an HTTP
 * Range request. Each finished file is checked against its size and sha256 — from the
 * catalog, or the `X-Linked-Etag` Hugging Face sends for LFS files — and a file that fails
 * is deleted. Only when every file is complete and the layout is valid does the folder move
 * into place with one rename, so a model is either fully installed or not at all.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CatalogFile, CatalogModel } from '../../shared/model-catalog';
import { AppFailure } from '../../shared/result';
import { freeBytes, isOutOfSpace, megabytes, OutOfSpace } from '../out-of-space';
import { httpGet, type GetResult } from './http-get';
import { externalDataOf, installFolder, validateLayout } from './model-folder';

export const defaultBaseUrl = 'https://huggingface.co';

export interface DownloadProgress {
  modelId: string;
  file: string;
  /** Bytes of the whole model on disk so far, and expected in all (null while unknown). */
  bytes: number;
  totalBytes: number | null;
  rate: number;
  etaSeconds: number | null;
}

export interface DownloadOptions {
  model: CatalogModel;
  modelsDir: string;
  baseUrl?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Attempts per file when the connection drops. */
  retries?: number;
  /** Free bytes at a path (tests stand in a small disk). */
  freeSpace?: (dir: string) => Promise<number>;
  /**
   * Checks the complete folder before it is moved into place (the model contract, by loading
   * it); throws to refuse it, and the download is discarded.
   */
  check?: (staging: string) => Promise<void>;
}

const sizeOf = async (file: string) => (await stat(file).catch(() => null))?.size ?? 0;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Writes a response body to `handle`, keeping every byte that arrived even when the
 * connection drops: chunks are taken in flowing mode as they are parsed (a destroyed stream
 * discards what is still buffered) and written in order, pausing the socket while more than
 * 8 MB wait for the disk. Rejects when the body ends short.
 */
function receive(
  response: IncomingMessage,
  handle: FileHandle,
  restart: boolean,
  onBytes: (n: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // A full (200) answer to a resumed request replaces what was there.
    let writing: Promise<void> = restart ? handle.truncate(0) : Promise.resolve();
    let waiting = 0;
    let failed: Error | null = null;
    response.on('data', (chunk: Buffer) => {
      waiting += chunk.length;
      if (waiting > 8 * 1024 * 1024) response.pause();
      writing = writing
        .then(async () => {
          // A nearly full disk takes part of a chunk; the rest then fails with ENOSPC.
          for (let at = 0; at < chunk.length;) at += (await handle.write(chunk, at)).bytesWritten;
          waiting -= chunk.length;
          onBytes(chunk.length);
          if (waiting <= 8 * 1024 * 1024) response.resume();
        })
        .catch((error: unknown) => {
          // The disk refused: stop the transfer now rather than after the rest of the file.
          failed ??= error as Error;
          response.destroy();
          throw error;
        });
      // Handled at 'close'; until then the rejection must not count as unhandled.
      writing.catch(() => undefined);
    });
    response.on('error', (error) => {
      failed ??= error;
    });
    response.on('close', () => {
      const error =
        failed ??
        (response.complete ? null : new Error('the connection closed before the end of the file'));
      writing.then(() => {
        if (error) reject(error);
        else resolve();
      }, reject);
    });
  });
}

/**
 * [Note: Download messages]
 * Every host shows these messages (the desktop app, the server's UI, the CLI), so they say
 * what happened and never name a command-line flag; what to do next differs per host and is
 * added there, keyed by the error code: `offline` (the server cannot be reached) and
 * `cancelled` get the UI's own translated advice, and the CLI adds its `--mirror` hint.
 */
const cancelled = (id: string) =>
  new AppFailure(
    'cancelled',
    `The download of ${id} was cancelled; nothing was installed. Downloading it again continues where it stopped.`,
  );

/** Downloads, verifies and installs `model`; resolves with the installed folder. */
export async function downloadModel(options: DownloadOptions): Promise<string> {
  try {
    return await download(options);
  } catch (error) {
    // Folders, renames and the final move need space too (see [Note: Disk full]).
    if (!isOutOfSpace(error) || error instanceof OutOfSpace) throw error;
    throw await OutOfSpace.at(
      options.modelsDir,
      `downloading ${options.model.id}`,
      'download again (it continues where it stopped)',
    );
  }
}

async function download(options: DownloadOptions): Promise<string> {
  const { model, modelsDir } = options;
  if (!model.repo)
    throw new AppFailure(
      'invalid-argument',
      `${model.id} ships with Fotoglot and has no download source; use a mirror that serves it.`,
    );
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
  const staging = path.join(modelsDir, '.partial', model.id);
  await mkdir(staging, { recursive: true });

  const known = model.files.map((f) => f.bytes ?? f.approxBytes ?? 0).reduce((a, b) => a + b, 0);
  let onDisk = 0;
  for (const f of model.files)
    onDisk +=
      (await sizeOf(path.join(staging, f.path))) ||
      (await sizeOf(path.join(staging, `${f.path}.part`)));
  const free = await (options.freeSpace ?? (async (dir) => (await freeBytes(dir)) ?? Infinity))(
    modelsDir,
  );
  if (known - onDisk > free) {
    throw new AppFailure(
      'unavailable',
      `Not enough disk space for ${model.id}: it needs ${megabytes(known - onDisk)} more, and ${megabytes(free)} is free in ${modelsDir}.`,
    );
  }

  const started = Date.now();
  let fetchedThisRun = 0;
  const report = (file: string) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? fetchedThisRun / seconds : 0;
    const totalBytes = known > 0 ? known : null;
    options.onProgress?.({
      modelId: model.id,
      file,
      bytes: onDisk,
      totalBytes,
      rate,
      etaSeconds: totalBytes !== null && rate > 0 ? Math.max(0, totalBytes - onDisk) / rate : null,
    });
  };

  const fetchFile = async (file: CatalogFile): Promise<void> => {
    const dest = path.join(staging, file.path);
    if (file.bytes !== null && (await sizeOf(dest)) === file.bytes) return; // finished in an earlier run
    const url = `${baseUrl}/${model.repo}/resolve/${encodeURIComponent(model.revision)}/${file.path}`;
    await mkdir(path.dirname(dest), { recursive: true });
    const part = `${dest}.part`;
    let expectedSha = file.sha256;
    let attempt = 0;
    for (;;) {
      if (options.signal?.aborted) throw cancelled(model.id);
      const offset = await sizeOf(part);
      // The file is open before the request: between the response and the listeners there must be no await.
      const handle = await open(part, 'a');
      try {
        let got: GetResult;
        try {
          got = await httpGet(
            url,
            offset > 0 ? { Range: `bytes=${String(offset)}-` } : {},
            options.signal,
          );
        } catch (error) {
          if (options.signal?.aborted) throw cancelled(model.id);
          if (++attempt > (options.retries ?? 3))
            throw new AppFailure(
              'offline',
              `Cannot reach ${baseUrl} (${error instanceof Error ? error.message : String(error)}); nothing was installed.`,
            );
          continue;
        }
        const { response } = got;
        const status = response.statusCode ?? 0;
        if (status === 404) {
          response.resume();
          throw new AppFailure(
            'not-found',
            `${file.path} of ${model.id} is not on the server (404 for ${url}).`,
          );
        }
        if (status !== 200 && status !== 206) {
          response.resume();
          throw new AppFailure(
            'unavailable',
            `The server answered ${String(status)} for ${file.path} of ${model.id}.`,
          );
        }
        expectedSha ??= got.linkedSha256;
        const append = status === 206 && offset > 0;
        if (!append) onDisk -= offset; // the server sends the whole file again
        try {
          await receive(response, handle, !append, (bytes) => {
            onDisk += bytes;
            fetchedThisRun += bytes;
            report(file.path);
          });
        } catch (error) {
          if (options.signal?.aborted) throw cancelled(model.id);
          // The disk filled up (other programs write too): what arrived stays for the resume.
          if (isOutOfSpace(error)) throw error;
          if (++attempt > (options.retries ?? 3)) {
            throw new AppFailure(
              'unavailable',
              `The connection kept dropping while downloading ${file.path} (${error instanceof Error ? error.message : String(error)}); downloading again continues where it stopped.`,
            );
          }
          continue; // resume from what arrived
        }
      } finally {
        await handle.close();
      }
      break;
    }
    const size = await sizeOf(part);
    const sha = expectedSha ? await sha256Of(part) : null;
    if ((file.bytes !== null && size !== file.bytes) || (expectedSha && sha !== expectedSha)) {
      await rm(part, { force: true });
      throw new AppFailure(
        'invalid-argument',
        `${file.path} of ${model.id} failed verification (${file.bytes !== null && size !== file.bytes ? `${String(size)} bytes instead of ${String(file.bytes)}` : 'sha256 mismatch'}); the damaged file was discarded. Download it again, or from another server.`,
      );
    }
    await rename(part, dest);
  };
  for (const file of model.files) await fetchFile(file);
  // See [Note: External data]: the graphs name the weight files that travel with them.
  const listed = new Set(model.files.map((f) => f.path));
  for (const graph of model.files.filter((f) => f.path.endsWith('.onnx'))) {
    for (const data of await externalDataOf(staging, graph.path)) {
      if (listed.has(data)) continue;
      listed.add(data);
      await fetchFile({ path: data, bytes: null, approxBytes: null, sha256: null });
    }
  }
  await validateLayout(staging);
  try {
    await options.check?.(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return installFolder(staging, path.join(modelsDir, model.id));
}
