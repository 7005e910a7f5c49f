/** @file The `people:` channels: persons, and the user's decisions about them ([Note: Persons]). */
import { AppFailure } from '../../shared/result';
import type { Core } from '../core';
import type { PersonSummary } from '../people/person-queries';
import type { DomainHandlers } from './handler-types';
import { suggestionHandlers } from './people-suggestion-handlers';

/** A person from any list (main, singles, hidden); not-found when there is none. */
function summary(core: Core, id: number): PersonSummary {
  for (const list of ['main', 'singles', 'hidden'] as const) {
    const found = core.people.persons(list).find((p) => p.id === id);
    if (found) return found;
  }
  throw new AppFailure('not-found', `There is no person ${String(id)}.`);
}

/** The handlers of the `people:` channels. */
export function peopleHandlers(core: Core): DomainHandlers<'people'> {
  return {
    ...suggestionHandlers(core, (id) => summary(core, id)),
    'people:list': () => ({
      persons: core.people.persons('main'),
      singles: core.people.persons('singles'),
      hidden: core.people.persons('hidden'),
    }),
    'people:name': ({ id, name }) => {
      core.people.name(id, name);
      return summary(core, id);
    },
    'people:merge': ({ ids }) => {
      const [into = 0] = ids;
      core.people.merge(ids, into);
      return summary(core, into);
    },
    'people:hide': ({ id, hidden }) => {
      core.people.hide(id, hidden);
      return summary(core, id);
    },
  };
}
