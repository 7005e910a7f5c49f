/** @file A one-line progress bar for terminals (§5.12); silent when output is not a TTY. */

export interface ProgressLine {
  update(label: string, done: number, total: number, rate: number, etaSeconds: number | null): void;
  finish(): void;
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
  let shown = false;
  return {
    update(label, done, total, rate, eta) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const width = 28;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const rateText = rate > 0 ? ` ${rate.toFixed(1)}/s` : '';
      stream.write(
        `\r${label} ${bar} ${String(done)}/${String(total)}${rateText}${formatEta(eta)}\x1b[K`,
      );
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
