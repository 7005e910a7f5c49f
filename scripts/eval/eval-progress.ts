/**
 * @file Progress of the evaluation on stderr, with rate and ETA: the CLI's bar on a terminal,
 * a plain line every few seconds otherwise (CI logs, `2> file`), so a long run on real
 * weights always says how long it has left.
 */
import { progressLine } from '../../src/main/cli/progress-line';
import { ProgressMeter, type Progress } from '../../src/main/jobs/progress-meter';

export interface EvalProgress {
  /** `done` of `total` items of `label` are finished (`items` of them just now). */
  tick(label: string, done: number, total: number, items: number): void;
  /** Progress measured elsewhere (the core's job:progress events), shown as it is. */
  show(label: string, progress: Progress): void;
  /** The phase is over: the bar goes, a plain line with the elapsed time stays. */
  finish(label: string, total: number): void;
}

const plainEvery = 5000;

/** A progress reporter for one phase after another (images, then texts). */
export function evalProgress(stream: NodeJS.WriteStream = process.stderr): EvalProgress {
  const bar = progressLine(stream);
  let meter = new ProgressMeter();
  let started = Date.now();
  let lastPlain = 0;
  let phase = '';
  const show = (label: string, p: Progress) => {
    bar.update(label, p.done, p.total, p.rate, p.etaSeconds);
    if (!stream.isTTY && Date.now() - lastPlain >= plainEvery) {
      lastPlain = Date.now();
      const eta = p.etaSeconds === null ? '?' : `${String(Math.round(p.etaSeconds))} s`;
      stream.write(
        `${label}: ${String(p.done)}/${String(p.total)}, ${p.rate.toFixed(1)}/s, ETA ${eta}\n`,
      );
    }
  };
  return {
    tick(label, done, total, items) {
      if (label !== phase) {
        phase = label;
        meter = new ProgressMeter();
        started = Date.now();
        lastPlain = started;
      }
      meter.tick(items);
      show(label, meter.progress(done, total));
    },
    show,
    finish(label, total) {
      bar.finish();
      const seconds = phase === label ? (Date.now() - started) / 1000 : 0;
      stream.write(`${label}: ${String(total)} in ${seconds.toFixed(1)} s\n`);
      phase = '';
    },
  };
}
