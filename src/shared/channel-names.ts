/**
 * @file The names of the contract's channels, free of zod so the sandboxed preload stays
 * small. `channels` in contract.ts must have exactly these keys (the type checker enforces it).
 */

export const channelNames = [
  'app:info',
  'library:folders',
  'library:addFolder',
  'library:index',
  'library:removeFolder',
  'library:removedFolders',
  'library:restoreFolder',
  'library:forgetFolder',
  'library:rescan',
  'library:problems',
  'library:facets',
  'library:pickFolder',
  'library:storage',
  'library:clearPreviews',
  'photos:list',
  'photos:get',
  'photos:resolve',
  'photos:cards',
  'photos:reveal',
  'photos:openExternal',
  'photos:trash',
  'photos:files',
  'photos:setDate',
  'photos:search',
  'photos:similar',
  'photos:duplicates',
  'photos:dismissDuplicates',
  'photos:trashCopies',
  'tags:list',
  'tags:forPhoto',
  'tags:accept',
  'tags:reject',
  'tags:add',
  'tags:acceptAll',
  'tags:rejectAll',
  'tags:addMany',
  'tags:acceptFolder',
  'tags:review',
  'tags:suggestions',
  'tags:reviewPhotos',
  'tags:rename',
  'tags:remove',
  'tags:previewCustom',
  'tags:applyCustom',
  'settings:get',
  'settings:set',
  'jobs:pause',
  'jobs:resume',
  'jobs:run',
  'people:list',
  'people:name',
  'people:merge',
  'people:hide',
  'models:list',
  'models:install',
  'models:cancel',
  'models:import',
  'models:use',
  'models:verify',
  'models:remove',
  'models:test',
] as const;

export type Channel = (typeof channelNames)[number];

/** The name of the event subscription; hosts use it as IPC channel and WebSocket path. */
export const eventsChannel = 'app:events';

/** Type guard for channel names arriving from outside (URLs, IPC). */
export function isChannel(name: string): name is Channel {
  return (channelNames as readonly string[]).includes(name);
}
