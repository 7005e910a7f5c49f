/** @file The `text:` channels: the text read in photos ([Note: Text store]). */
import type { Core } from '../core';
import type { DomainHandlers } from './handler-types';

/** The handlers of the `text:` channels. */
export function textHandlers(core: Core): DomainHandlers<'text'> {
  return {
    'text:ofPhoto': ({ id }) => {
      // An unknown photo is not-found, not "not read yet".
      core.library.resolvePhoto({ id });
      const text = core.text.linesOf(id);
      return text
        ? { read: true, engine: text.engine, readAt: text.readAt, lines: text.lines }
        : { read: false, engine: null, readAt: null, lines: [] };
    },
  };
}
