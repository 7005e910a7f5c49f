/**
 * @file The `people:suggestions` and `people:answer` channels: "Is this Anna?" ([Note: Person
 * suggestions]); filed under the `people:` domain by people-handlers.ts.
 */
import type { PersonSuggestionView } from '../../shared/person-suggestion-schemas';
import type { Core } from '../core';
import type { PersonSuggestion } from '../people/person-suggestions';
import type { PersonSummary } from '../people/person-queries';
import { boxOf } from '../people/person-store';
import type { Handlers } from './handler-types';

/** A suggestion as the contract carries it. */
export function suggestionView(s: PersonSuggestion): PersonSuggestionView {
  return {
    person: { id: s.personId, name: s.personName },
    faces: s.faces.map((f) => ({ id: f.id, photoId: f.photo_id, box: [...boxOf(f)] })),
    from: s.fromPerson,
    whole: s.whole,
    distance: s.distance,
  };
}

/** The handlers; `summary` gives a person as the People list shows it (not-found if none). */
export function suggestionHandlers(
  core: Core,
  summary: (id: number) => PersonSummary,
): Pick<Handlers, 'people:suggestions' | 'people:answer'> {
  return {
    'people:suggestions': (args) => ({
      suggestions: core.people.suggestions(args?.limit ?? 20, args?.person).map(suggestionView),
    }),
    'people:answer': ({ person, faces, answer }) => {
      core.people.answer(person, faces, answer === 'yes');
      return { person: summary(person) };
    },
  };
}
