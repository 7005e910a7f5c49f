/** @file The `places:` channels: the library's places, and places the user sets ([Note: Photo places]). */
import { AppFailure } from '../../shared/result';
import type { Core } from '../core';
import { findTowns } from '../places/place-finder';
import { placeTree } from '../places/place-tree';
import type { DomainHandlers } from './handler-types';

/** The handlers of the `places:` channels. */
export function placesHandlers(core: Core): DomainHandlers<'places'> {
  const geocoder = async () => {
    try {
      return await core.places.geocoder();
    } catch {
      throw new AppFailure(
        'unavailable',
        core.places.problem ?? 'The place database cannot be read.',
      );
    }
  };
  return {
    'places:tree': async () => {
      const tree = placeTree(core.db.db, await geocoder(), core.placeLanguage);
      return { ...tree, problem: core.places.problem };
    },
    'places:set': async ({ ids, to }) => {
      let position = to && 'lat' in to ? to : null;
      if (to && 'town' in to) {
        position = (await geocoder()).townPosition(to.town);
        if (!position)
          throw new AppFailure(
            'not-found',
            `There is no town ${String(to.town)} in the place database.`,
          );
      }
      return { updated: (await core.setPlaces(ids, position)).updated };
    },
    'places:find': async ({ query }) => findTowns(await geocoder(), query, core.placeLanguage),
  };
}
