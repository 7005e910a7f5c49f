/**
 * @file `fotoglot pause` and `fotoglot resume`: the user's pause of all work on photos, kept in
 * the library so a running `serve` or app and any `fotoglot index` follow it ([Note: Pipeline]).
 */
import { withHandlers, type GlobalOptions } from '../open-core';

/** Pauses (`pause` true) or resumes the work on photos of the library in `--home`. */
export function pauseCommand(pause: boolean, options: GlobalOptions): Promise<number> {
  return withHandlers(options, async (handlers) => {
    const { paused } = await handlers[pause ? 'jobs:pause' : 'jobs:resume'](undefined);
    process.stdout.write(
      paused
        ? 'Work on photos is paused (here and in a running Fotoglot); "fotoglot resume" continues it.\n'
        : 'Work on photos goes on.\n',
    );
    return 0;
  });
}
