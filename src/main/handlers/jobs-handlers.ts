/** @file The `jobs:` channels: the pause switch of [Note: Pipeline], and running it to the end. */
import type { Core } from '../core';
import type { DomainHandlers } from './handler-types';

/** The handlers of the `jobs:` channels. */
export function jobsHandlers(core: Core): DomainHandlers<'jobs'> {
  return {
    'jobs:pause': () => {
      core.pipeline.pause();
      return { paused: core.pipeline.paused };
    },
    'jobs:resume': () => {
      core.pipeline.resume();
      return { paused: core.pipeline.paused };
    },
    'jobs:run': async () => {
      // The same stages, in the same order, as after an ingest; a run already going is shared.
      await core.pipeline.afterIngest();
      return { stages: core.stages() };
    },
  };
}
