/** @file `fotoglot serve`: the headless host, for a browser on this machine (or, if asked, the LAN). */
import { createHandlers } from '../../app-handlers';
import { bundlePaths } from '../../bundle-paths';
import { startHeadlessServer } from '../../server/headless-server';
import { openCore, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';

export interface ServeOptions extends GlobalOptions {
  host: string;
  port: string;
  allowRemote?: boolean;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

/** Parses and checks `--port`: an integer 0–65535 (0 picks a free port). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not "${text}".`,
    );
  }
  return port;
}

/** Runs until SIGINT/SIGTERM; resolves with the exit code. */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const port = parsePort(options.port);
  if (!loopbackHosts.has(options.host)) {
    if (!options.allowRemote) {
      throw new UsageError(
        `--host ${options.host} would let other machines reach your library. Add --allow-remote if that is what you want.`,
      );
    }
    process.stderr.write(
      `Warning: listening on ${options.host}: anyone on your network who has the token can browse your photos.\n`,
    );
  }
  const core = openCore(options);
  const offCrash = core.inference.onCrash((crash) => {
    process.stderr.write(
      `Inference worker stopped (${crash.signal ?? `code ${String(crash.code)}`}${crash.reason ? `, ${crash.reason}` : ''}); restarting in ${String(crash.restartInMs)} ms.\n`,
    );
  });
  let server;
  try {
    server = await startHeadlessServer({
      handlers: createHandlers(core),
      media: (kind, id) => core.mediaFile(kind, id),
      imageSources: () => core.mapTileOrigins(),
      subscribe: (listener) => core.onEvent(listener, { replay: true }),
      rendererDir: bundlePaths().rendererDir,
      host: options.host,
      port,
    });
  } catch (error) {
    offCrash();
    await core.dispose();
    throw error;
  }
  process.stdout.write(`Fotoglot is running at ${server.openUrl}\n`);
  // Reconcile the library with the disk, ingest, then watch; progress goes to app:events.
  core.library.start().catch((error: unknown) => {
    console.error('[library] startup scan failed:', error);
  });
  // After this turn: the first request is not kept waiting by it.
  setImmediate(() => {
    core.search.warm();
  });

  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  offCrash();
  await running.close();
  await core.dispose();
  return 0;
}
