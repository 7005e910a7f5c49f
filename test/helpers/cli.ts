/** @file Runs the built `fotoglot` command as a user would, and starts `fotoglot serve` for tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** The checkout: the nearest folder up from here whose package.json is Fotoglot's (benchmarks run from a bundle cache). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      if (
        (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string })
          .name === 'fotoglot'
      )
        return dir;
    } catch {
      // No package.json here.
    }
    if (path.dirname(dir) === dir) return path.resolve(start, '../..');
  }
}

export const repoRoot = findRepoRoot(import.meta.dirname);
export const cliPath = path.join(repoRoot, 'bin', 'fotoglot.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `fotoglot <args>` to completion (as another user with `as`). */
export function runFotoglot(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  as: { uid: number; gid: number } | Record<string, never> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, cwd: repoRoot, ...as });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `fotoglot <args>` and kills it with SIGKILL after `ms` (crash-safety tests). */
export function runAndKill(args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  /** The URL printed by the server, token included. */
  openUrl: string;
  origin: string;
  token: string;
  stop(): Promise<number | null>;
}

/** Starts `fotoglot serve --port 0` (with `env`) and resolves once it has printed its address. */
export function startServe(
  home: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--home', home, '--port', '0', ...extraArgs],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^Fotoglot is running at (http:\/\/[^\s]+\/\?token=([\w-]+))$/.exec(line);
      if (!match?.[1] || !match[2]) return;
      const openUrl = match[1];
      resolve({
        child,
        openUrl,
        origin: new URL(openUrl).origin,
        token: match[2],
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => {
              done(code);
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      reject(
        new Error(
          `fotoglot serve exited with ${String(code)} before printing its address: ${stderr}`,
        ),
      );
    });
  });
}

/** Indexes `photos` into the library at `home` with `fotoglot index`, then serves it. */
export async function indexAndServe(home: string, photos: string): Promise<ServeProcess> {
  const indexed = await runFotoglot(['--home', home, 'index', photos, '--no-watch']);
  if (indexed.code !== 0)
    throw new Error(`fotoglot index exited with ${String(indexed.code)}: ${indexed.stderr}`);
  return startServe(home);
}
