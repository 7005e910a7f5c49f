/**
 * @file The handler for every contract channel, written once and bound by every host
 * (see [Note: One contract, three hosts]).
 */
import type { z } from 'zod';
import { channels, type Channel, type ChannelValue } from '../shared/contract';
import { AppFailure } from '../shared/result';
import type { Core } from './core';
import { appVersion } from './version';

/** One function per channel, taking the already-validated argument. */
export type Handlers = {
  [C in Channel]: (
    args: z.output<(typeof channels)[C]['args']>,
  ) => Promise<ChannelValue<C>> | ChannelValue<C>;
};

function logBackgroundError(error: unknown): void {
  console.error('[library] background work failed:', error);
}

/**
 * What only the desktop host can do with files (Electron's shell); the headless server,
 * possibly opened from another machine, has none of it.
 */
export interface HostActions {
  kind: 'desktop' | 'server';
  reveal?: (file: string) => void;
  openWithDefault?: (file: string) => Promise<void>;
  trash?: (file: string) => Promise<void>;
  /** The OS folder picker; resolves null when the user cancels. */
  pickFolder?: () => Promise<string | null>;
}

/** The user tag the headless host puts on photos chosen for deletion (it deletes nothing). */
export const markedForDeletion = 'marked-for-deletion';

export function createHandlers(core: Core, host: HostActions = { kind: 'server' }): Handlers {
  const fileOf = (id: number): string => {
    const { path } = core.similar.resolve({ id });
    if (!path) throw new AppFailure('not-found', `Photo ${String(id)} has no file on disk.`);
    return path;
  };
  const desktopOnly = (what: string, file: string) =>
    new AppFailure('unavailable', `Only the desktop app can ${what}. The file is ${file}.`);
  /** Downloads in progress, by model id, so they can be cancelled. */
  const downloads = new Map<string, AbortController>();
  return {
    'app:info': () => ({
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
      stages: core.stages(),
      paused: core.pipeline.paused,
      inference: core.embeddings.inferenceInfo,
      models: core.embeddings.models(),
    }),
    'library:folders': () => core.library.folders(),
    'library:addFolder': async ({ path, watch }) => {
      const folder = await core.library.addFolder(path, watch);
      // Scan and ingest in the background; progress arrives on app:events.
      core.library.refresh([folder.id], 'scanning an added folder');
      return folder;
    },
    'library:removeFolder': async ({ id }) => ({
      forgottenPhotos: await core.library.removeFolder(id),
    }),
    'library:rescan': () => {
      core.library.refresh(undefined, 'rescan');
      return { started: true };
    },
    'library:problems': () => core.library.problems(),
    'library:facets': () => core.library.facets(),
    'library:storage': () => core.storage(),
    'library:clearPreviews': async () => ({ freedBytes: await core.clearPreviews() }),
    'photos:list': (args) => core.library.photos(args?.limit ?? 200, args?.offset ?? 0),
    'photos:get': ({ id }) => core.library.photo(id),
    'photos:cards': ({ ids }) => ({ photos: core.library.cards(ids) }),
    'library:pickFolder': async () => {
      if (!host.pickFolder)
        throw new AppFailure(
          'unavailable',
          'Type the folder path: only the desktop app has a folder picker.',
        );
      return { path: await host.pickFolder() };
    },
    'photos:reveal': ({ id }) => {
      const file = fileOf(id);
      if (!host.reveal) throw desktopOnly('show files in their folder', file);
      host.reveal(file);
      return { ok: true as const };
    },
    'photos:openExternal': async ({ id }) => {
      const file = fileOf(id);
      if (!host.openWithDefault) throw desktopOnly('open files in other programs', file);
      await host.openWithDefault(file);
      return { ok: true as const };
    },
    'photos:trash': async ({ ids }) => {
      if (!host.trash) {
        // The headless host never deletes: it marks, and the user deletes on their machine.
        let marked = 0;
        for (const id of ids) {
          core.similar.resolve({ id });
          await core.tags.add(id, markedForDeletion);
          marked++;
        }
        return { trashed: 0, marked };
      }
      let trashed = 0;
      for (const id of ids) {
        for (const file of core.library.filesOf(id)) {
          await host.trash(file);
          trashed++;
        }
      }
      await core.library.scan();
      return { trashed, marked: 0 };
    },
    'photos:search': (args) => core.search.search(args),
    'photos:similar': ({ photo, limit }) => core.similar.similar(photo, limit),
    'photos:duplicates': async () => ({ groups: await core.similar.duplicates() }),
    'tags:list': (args) => core.tags.list(args?.lang),
    'tags:forPhoto': ({ photoId, lang }) => {
      core.similar.resolve({ id: photoId });
      return core.tags.photoTags(photoId, lang);
    },
    'tags:accept': async ({ photoId, name }) => {
      core.similar.resolve({ id: photoId });
      await core.tags.accept(photoId, name);
      return { ok: true as const };
    },
    'tags:reject': ({ photoId, name }) => {
      core.similar.resolve({ id: photoId });
      core.tags.reject(photoId, name);
      return { ok: true as const };
    },
    'tags:add': async ({ photoId, name }) => {
      core.similar.resolve({ id: photoId });
      await core.tags.add(photoId, name);
      return { ok: true as const };
    },
    'tags:acceptAll': async ({ photoIds }) => ({
      accepted: await core.tags.acceptSuggestions(photoIds),
    }),
    'tags:review': async ({ name, accept }) => ({ photos: await core.tags.review(name, accept) }),
    'tags:rename': ({ from, to }) => ({ photos: core.tags.rename(from, to) }),
    'tags:remove': ({ name }) => ({ photos: core.tags.remove(name) }),
    'tags:previewCustom': ({ text, limit }) => core.tags.previewZeroShot(text, limit),
    'tags:applyCustom': async ({ text, photoIds }) => ({
      tagged: await core.tags.applyZeroShot(text, photoIds),
    }),
    'settings:get': () => core.settings(),
    'settings:set': (changes) => core.updateSettings(changes),
    'jobs:pause': () => {
      core.pipeline.pause();
      return { paused: core.pipeline.paused };
    },
    'jobs:resume': () => {
      core.pipeline.resume();
      return { paused: core.pipeline.paused };
    },
    'models:list': (args) => core.models.list(args?.developer ?? false),
    'models:install': async ({ id, mirror }) => {
      if (downloads.has(id))
        throw new AppFailure('invalid-argument', `${id} is already being downloaded.`);
      const abort = new AbortController();
      downloads.set(id, abort);
      try {
        const dir = await core.models.install(id, {
          ...(mirror ? { baseUrl: mirror } : {}),
          signal: abort.signal,
          onProgress: (p) => {
            core.emit({
              type: 'job:progress',
              job: `download:${id}`,
              done: p.bytes,
              total: p.totalBytes ?? p.bytes,
              rate: p.rate,
              etaSeconds: p.etaSeconds,
            });
          },
        });
        return { dir };
      } finally {
        downloads.delete(id);
      }
    },
    'models:cancel': ({ id }) => {
      const download = downloads.get(id);
      download?.abort();
      return { cancelled: download !== undefined };
    },
    'models:import': async ({ dir, id }) => ({ dir: await core.models.importFrom(dir, id) }),
    'models:use': async ({ id }) => {
      await core.models.use(id);
      // Re-embed with the new model in the background; search keeps the old vectors meanwhile.
      core.embeddings.run().catch(logBackgroundError);
      return { active: id };
    },
    'models:verify': async ({ id }) => ({ problems: await core.models.verify(id) }),
    'models:remove': async ({ id }) => {
      await core.models.remove(id);
      return { removed: id };
    },
  };
}
