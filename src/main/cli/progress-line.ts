/**
 * @file A one-line progress bar for terminals (§5.12); silent when output is not a TTY.
 * Log lines written while it shows (logLine) go above it, one readable line each, and the bar
 * is drawn again below them: nothing prints into the middle of the bar.
 */
import { describeLogArgs } from '../../shared/error-text';

export interface ProgressLine {
  update(label: string, done: number, total: number, rate: number, etaSeconds: number | null): void;
  finish(): void;
}

/** The bar on screen now, if any: logLine clears it and draws it again. */
let shown: { stream: NodeJS.WriteStream; text: string } | null = null;

/**
 * Writes a console call's arguments to stderr as one line (see [Note: Errors as one line]),
 * above the progress bar when one is showing.
 */
export function logLine(args: readonly unknown[]): void {
  const stream = shown?.stream ?? process.stderr;
  const line = describeLogArgs(args);
  if (shown) stream.write(`\r\x1b[K${line}\n${shown.text}`);
  else stream.write(`${line}\n`);
}

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  return s >= 60
    ? ` ETA ${String(Math.floor(s / 60))}m${String(s % 60).padStart(2, '0')}s`
    : ` ETA ${String(s)}s`;
}

export function progressLine(
  stream: NodeJS.WriteStream = process.stderr,
  enabled = true,
): ProgressLine {
  if (!enabled || !stream.isTTY) return { update: () => undefined, finish: () => undefined };
  let last = 0;
  return {
    update(label, done, total, rate, eta) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 28;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const rateText = rate > 0 ? ` ${rate.toFixed(1)}/s` : '';
      const text = `${label} ${bar} ${String(done)}/${String(total)}${rateText}${formatEta(eta)}\x1b[K`;
      shown = { stream, text };
      stream.write(`\r${text}`);
    },
    finish() {
      if (shown?.stream === stream) {
        stream.write('\r\x1b[K');
        shown = null;
      }
    },
  };
}
