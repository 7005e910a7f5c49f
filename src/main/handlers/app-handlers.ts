/** @file The `app:` channels: what this installation, its library and its worker look like. */
import type { Core } from '../core';
import { appVersion } from '../version';
import type { DomainHandlers, HostActions } from './handler-types';

/** The handlers of the `app:` channels. */
export function appHandlers(core: Core, host: HostActions): DomainHandlers<'app'> {
  return {
    'app:info': () => {
      const models = core.embeddings.models();
      const active = core.models.active();
      return {
        version: appVersion,
        host: host.kind,
        dataDir: core.home,
        platform: process.platform,
        arch: process.arch,
        database: {
          path: core.db.path,
          schemaVersion: core.db.schemaVersion,
          sqliteVersion: core.db.sqliteVersion,
          sqliteVecVersion: core.db.sqliteVecVersion,
        },
        worker: core.inference.status,
        recovery: core.recovery,
        diskFull: core.library.diskFull,
        stages: core.stages(models),
        faceModels: core.faces.modelsProblem,
        paused: core.pipeline.paused,
        inference: core.embeddings.inferenceInfo,
        selfTest: active ? core.selfTest.verdict(active.id, core.language) : null,
        models,
      };
    },
  };
}
