/**
 * @file Test-only faults, switched on by FOTOGLOT_TEST_FAULT and never set in production: the
 * robustness tests and the torture suite use them to prove that a worker that crashes or
 * hangs is replaced, every photo ends embedded or in problems, and none is embedded twice.
 *
 * - `hang-on-magenta`: an image whose centre pixel is magenta hangs this process, as a
 *   poisonous image or a wedged driver would (the photo must end up in problems).
 * - `every:<n>:<counter file>`: every n-th image request — counted across worker restarts in
 *   the file — kills this process or hangs it, alternately (the photos must not suffer).
 */
import { readFileSync, writeFileSync } from 'node:fs';

const hangForever = (): never => {
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
};

function isMagenta(pixels: Float32Array, count: number, size: number): boolean {
  const plane = size * size;
  const centre = Math.floor(size / 2) * size + Math.floor(size / 2);
  for (let i = 0; i < count; i++) {
    const base = i * 3 * plane + centre;
    const [r, g, b] = [pixels[base] ?? 0, pixels[base + plane] ?? 0, pixels[base + 2 * plane] ?? 0];
    if (r > 0.9 && g < -0.9 && b > 0.9) return true;
  }
  return false;
}

/** Called before each image batch is embedded; does nothing unless a fault is configured. */
export function injectImageFault(pixels: Float32Array, count: number, size: number): void {
  const fault = process.env.FOTOGLOT_TEST_FAULT;
  if (!fault) return;
  if (fault === 'hang-on-magenta') {
    if (isMagenta(pixels, count, size)) hangForever();
    return;
  }
  const every = /^every:(\d+):(.+)$/.exec(fault);
  if (!every) return;
  const [, n, counterFile] = every as unknown as [string, string, string];
  let seen = 0;
  try {
    seen = Number(readFileSync(counterFile, 'utf8')) || 0;
  } catch {
    // First request of the run.
  }
  seen++;
  writeFileSync(counterFile, String(seen));
  if (seen % Number(n) !== 0) return;
  if ((seen / Number(n)) % 2 === 1) process.kill(process.pid, 'SIGKILL');
  else hangForever();
}
