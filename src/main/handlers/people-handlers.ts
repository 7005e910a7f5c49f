/** @file The `people:` channels: persons, and the user's decisions about them ([Note: Persons]). */
import { AppFailure } from '../../shared/result';
import type { Core } from '../core';
import { bestFirst, faceViews, nameKey, withCoverFaces } from '../people/face-views';
import type { PersonSummary } from '../people/person-queries';
import type { DomainHandlers } from './handler-types';
import { suggestionHandlers } from './people-suggestion-handlers';

const lists = ['main', 'singles', 'hidden'] as const;

/** A person from any list (main, singles, hidden) with its cover face; not-found when none. */
function summary(core: Core, id: number) {
  for (const list of lists) {
    const found = core.people.persons(list).find((p) => p.id === id);
    if (found) return withCoverFaces(core.db.db, [found])[0] ?? found;
  }
  throw new AppFailure('not-found', `There is no person ${String(id)}.`);
}

/** The person of that name in any list (compared by nameKey), or null. */
function personNamed(core: Core, name: string): PersonSummary | null {
  const key = nameKey(name);
  for (const list of lists) {
    const found = core.people.persons(list).find((p) => p.name !== null && nameKey(p.name) === key);
    if (found) return found;
  }
  return null;
}

/** The handlers of the `people:` channels. */
export function peopleHandlers(core: Core): DomainHandlers<'people'> {
  return {
    ...suggestionHandlers(core, (id) => summary(core, id)),
    'people:list': () => ({
      persons: withCoverFaces(core.db.db, core.people.persons('main')),
      singles: withCoverFaces(core.db.db, core.people.persons('singles')),
      hidden: withCoverFaces(core.db.db, core.people.persons('hidden')),
      regionsWithoutFace: core.people.regionsWithoutFace(),
    }),
    'people:name': async ({ id, name }) => {
      core.people.name(id, name);
      await core.faceSidecarsWritten();
      return summary(core, id);
    },
    'people:merge': async ({ ids }) => {
      const [into = 0] = ids;
      core.people.merge(ids, into);
      await core.faceSidecarsWritten();
      return summary(core, into);
    },
    'people:writeSidecars': async () => ({ files: await core.writeAllFaceSidecars() }),
    'people:hide': ({ id, hidden }) => {
      core.people.hide(id, hidden);
      return summary(core, id);
    },
    'people:faces': ({ id }) => ({
      faces: faceViews(core.db.db, bestFirst(core.people.personFaces(id))),
    }),
    'people:photos': ({ id }) => ({ photos: core.library.cards(core.people.personPhotos(id)) }),
    'people:split': ({ faceIds }) => summary(core, core.people.split(faceIds)),
    'people:move': ({ faceIds, person, name }) => {
      // A name of no one yet makes a new person of these faces, named so.
      const target = person ?? (name === undefined ? null : personNamed(core, name)?.id);
      if (target !== undefined && target !== null) {
        core.people.move(faceIds, target);
        return summary(core, target);
      }
      const id = core.people.split(faceIds);
      if (name !== undefined) core.people.name(id, name);
      return summary(core, id);
    },
    'people:notThis': ({ faceIds, person }) => {
      core.people.notThisPerson(faceIds, person);
      return { ok: true as const };
    },
    'people:cover': ({ person, face }) => {
      core.people.setRepresentative(person, face);
      return summary(core, person);
    },
  };
}
