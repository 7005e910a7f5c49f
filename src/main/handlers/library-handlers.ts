/** @file The `library:` channels: the photo folders, their problems, and the data folder's disk use. */
import { AppFailure } from '../../shared/result';
import type { Core } from '../core';
import type { DomainHandlers, HostActions } from './handler-types';

/** The handlers of the `library:` channels. */
export function libraryHandlers(core: Core, host: HostActions): DomainHandlers<'library'> {
  return {
    'library:folders': () => core.library.folders(),
    'library:addFolder': async ({ path, watch }) => {
      const folder = await core.library.addFolder(path, watch);
      // Scan and ingest in the background; progress arrives on app:events.
      core.library.refresh([folder.id], 'scanning an added folder');
      return folder;
    },
    'library:index': ({ folders, watch }) => core.library.index(folders, watch),
    'library:removeFolder': ({ id }) => core.library.removeFolder(id),
    'library:removedFolders': () => core.library.removedFolders(),
    'library:restoreFolder': ({ id }) => core.library.restoreFolder(id),
    'library:forgetFolder': async ({ id }) => ({
      forgottenPhotos: await core.library.forgetFolder(id),
    }),
    'library:rescan': () => {
      core.library.refresh(undefined, 'rescan');
      return { started: true };
    },
    'library:problems': () => core.library.problems(),
    'library:facets': () => core.library.facets(),
    'library:pickFolder': async () => {
      if (!host.pickFolder)
        throw new AppFailure(
          'unavailable',
          'Type the folder path: only the desktop app has a folder picker.',
        );
      return { path: await host.pickFolder() };
    },
    'library:storage': () => core.storage(),
    'library:clearPreviews': async () => ({ freedBytes: await core.clearPreviews() }),
  };
}
