/** @file The `settings:` channels: the user's settings as the UI shows them. */
import type { Core } from '../core';
import type { DomainHandlers } from './handler-types';

/** The handlers of the `settings:` channels. */
export function settingsHandlers(core: Core): DomainHandlers<'settings'> {
  return {
    'settings:get': () => core.settings(),
    'settings:set': (changes) => core.updateSettings(changes),
  };
}
