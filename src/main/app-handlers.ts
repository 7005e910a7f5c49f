/**
 * @file The handler for every contract channel, written once and bound by every host
 * (see [Note: One contract, three hosts]): the per-domain handler modules of
 * src/main/handlers, merged. Each domain's type admits exactly its own `<domain>:` channels,
 * and the merge must be a whole `Handlers`, so a channel is bound once and none is left out.
 */
import type { Core } from './core';
import { appHandlers } from './handlers/app-handlers';
import type { Handlers, HostActions } from './handlers/handler-types';
import { jobsHandlers } from './handlers/jobs-handlers';
import { libraryHandlers } from './handlers/library-handlers';
import { modelsHandlers } from './handlers/models-handlers';
import { peopleHandlers } from './handlers/people-handlers';
import { placesHandlers } from './handlers/places-handlers';
import { photosHandlers } from './handlers/photos-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { tagsHandlers } from './handlers/tags-handlers';
import { textHandlers } from './handlers/text-handlers';

export type { Handlers, HostActions } from './handlers/handler-types';
export { markedForDeletion } from './handlers/photos-handlers';

/** Each domain's handlers, by domain, for hosts and for the test that no channel is bound twice. */
export function domainHandlers(core: Core, host: HostActions) {
  return {
    app: appHandlers(core, host),
    library: libraryHandlers(core, host),
    photos: photosHandlers(core, host),
    tags: tagsHandlers(core),
    settings: settingsHandlers(core),
    jobs: jobsHandlers(core),
    models: modelsHandlers(core),
    people: peopleHandlers(core),
    places: placesHandlers(core),
    text: textHandlers(core),
  };
}

/**
 * The handlers of every channel for `core`, with what `host` can do with files. State the
 * handlers share across hosts (downloads in progress) lives in the core, not here, so any
 * number of hosts may bind one core.
 */
export function createHandlers(core: Core, host: HostActions = { kind: 'server' }): Handlers {
  const domains = domainHandlers(core, host);
  return {
    ...domains.app,
    ...domains.library,
    ...domains.photos,
    ...domains.tags,
    ...domains.settings,
    ...domains.jobs,
    ...domains.models,
    ...domains.people,
    ...domains.places,
    ...domains.text,
  };
}
