/**
 * @file The `models:` channels: the catalog, downloads (through the core's ModelDownloads,
 * so every host sees the same ones), imports, and the active model.
 */
import path from 'node:path';
import { AppFailure } from '../../shared/result';
import type { Core } from '../core';
import type { DomainHandlers } from './handler-types';

function logBackgroundError(error: unknown): void {
  console.error('[models] background work failed:', error);
}

/** The handlers of the `models:` channels. */
export function modelsHandlers(core: Core): DomainHandlers<'models'> {
  /**
   * Runs `change`; when it changed which model is active (the first download becomes active by
   * itself, removing one falls back to another), the photos are embedded for the new one in the
   * background ([Note: Pipeline]) — otherwise search would wait for work nobody started.
   */
  const followingActive = async <T>(change: () => Promise<T>): Promise<T> => {
    const before = core.models.active()?.id ?? null;
    const value = await change();
    if ((core.models.active()?.id ?? null) !== before)
      core.pipeline.afterIngest().catch(logBackgroundError);
    return value;
  };
  /** The self-test after an install or import ([Note: Model self-test]); it never undoes one. */
  const tested = async (dir: string) => {
    const selfTest = await core.selfTest.run(path.basename(dir)).catch((error: unknown) => {
      logBackgroundError(error);
      return null;
    });
    return { dir, selfTest };
  };
  return {
    'models:list': (args) => {
      const downloading = new Set(core.downloads.active);
      return core.models.list(args?.developer ?? false).map((m) => ({
        ...m,
        downloading: downloading.has(m.id),
        selfTest: core.selfTest.result(m.id),
      }));
    },
    'models:install': async ({ id, mirror }) =>
      tested(await followingActive(() => core.downloads.start(id, mirror))),
    'models:cancel': ({ id }) => ({ cancelled: core.downloads.cancel(id) }),
    'models:import': async ({ dir, id }) =>
      tested(await followingActive(() => core.models.importFrom(dir, id))),
    'models:use': async ({ id }) => {
      await core.models.use(id);
      // Re-embed and re-tag with the new model in the background ([Note: Pipeline]); search
      // keeps the old vectors meanwhile.
      core.pipeline.afterIngest().catch(logBackgroundError);
      return { active: id };
    },
    'models:verify': async ({ id }) => ({ problems: await core.models.verify(id) }),
    'models:remove': async ({ id }) => {
      await followingActive(() => core.models.remove(id));
      core.selfTest.forget(id);
      return { removed: id };
    },
    'models:test': async (args) => {
      const id = args?.id ?? core.models.active()?.id;
      if (!id)
        throw new AppFailure(
          'not-found',
          'No model is installed to test; install one with "fotoglot models install <id>".',
        );
      return core.selfTest.run(id);
    },
  };
}
