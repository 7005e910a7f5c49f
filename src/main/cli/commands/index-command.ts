/** @file `fotoglot index <folder>…`: add folders, scan them, ingest everything pending, report. */
import { counted } from '../counted';
import { withHandlers, type GlobalOptions } from '../open-core';
import { progressLine } from '../progress-line';

export interface IndexOptions extends GlobalOptions {
  json?: boolean;
  watch: boolean;
}

export function indexCommand(folders: string[], options: IndexOptions): Promise<number> {
  return withHandlers(options, async (handlers, core) => {
    // With --json, output is for programs: no progress bar even on a terminal.
    const progress = progressLine(process.stderr, !options.json);
    const off = core.onEvent((event) => {
      if (event.type !== 'job:progress') return;
      if (event.job === 'scan') progress.update('Scanning  ', event.done, event.total, 0, null);
      else progress.update('Processing', event.done, event.total, event.rate, event.etaSeconds);
    });
    if (core.pipeline.paused)
      process.stderr.write(
        'Work on photos is paused: this waits until "fotoglot resume" (in another terminal).\n',
      );
    try {
      const summary = await handlers['library:index']({ folders, watch: options.watch });
      progress.finish();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } else {
        process.stdout.write(
          `Indexed ${summary.folders.join(', ')}: ${counted(summary.photos, 'photo')} (${String(summary.added)} new, ${String(summary.updated)} changed, ${String(summary.missing)} missing) in ${summary.seconds.toFixed(1)} s.\n`,
        );
        if (summary.problems.length > 0) {
          process.stdout.write(`${counted(summary.problems.length, 'file')} could not be added:\n`);
          for (const p of summary.problems) process.stdout.write(`  ${p.path}: ${p.reason}\n`);
        }
      }
      return 0;
    } finally {
      off();
      progress.finish();
    }
  });
}
