/**
 * @file Finds towns of the place database by name in any language, for "Set place…"
 * (`places:find`): "Arezzo", "アレッツォ", "Paris, Texas", "Springfield, Illinois".
 *
 * The part before a comma is the town, matched from the start of any of its names; the part
 * after narrows it to towns whose region or country has a name starting with it. A query that
 * is itself a region or country name ("Toscana", "Italien") also lists that place's largest
 * towns, so the user can pick one. Exact names come first, then by population: the Paris the
 * user means is far more often the large one.
 */
import type { PlaceFound } from '../../shared/place-schemas';
import type { PlaceLanguage, TownRow } from './place-db';
import type { ReverseGeocoder } from './reverse-geocoder';

/** How many towns one search returns. */
export const findLimit = 10;

/** Lower case without accents, so "Köln" is found as "koln" and "Ñuñoa" as "nunoa". */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Entry {
  town: TownRow;
  names: string[];
  /** The folded names of its region and country, for the part after the comma. */
  within: string[];
}

/** The town index of one geocoder (built on first use: about 135,000 towns). */
const indexes = new WeakMap<ReverseGeocoder, Entry[]>();

function indexOf(geocoder: ReverseGeocoder): Entry[] {
  let index = indexes.get(geocoder);
  if (!index) {
    const regionNames = new Map<number, string[]>();
    const countryNames = new Map<string, string[]>();
    index = [];
    for (const town of geocoder.towns()) {
      let region: string[] = [];
      if (town.region !== null) {
        region = regionNames.get(town.region) ?? [];
        if (!regionNames.has(town.region)) {
          region = [...new Set(geocoder.allNames('region', town.region).map(foldName))];
          regionNames.set(town.region, region);
        }
      }
      let country = countryNames.get(town.country);
      if (!country) {
        country = [...new Set(geocoder.allNames('country', town.country).map(foldName))];
        countryNames.set(town.country, country);
      }
      index.push({
        town,
        names: [...new Set(geocoder.allNames('town', town.id).map(foldName))],
        within: [...region, ...country],
      });
    }
    indexes.set(geocoder, index);
  }
  return index;
}

/** The towns matching `query` (see the file's note), best first, named in `lang`. */
export function findTowns(
  geocoder: ReverseGeocoder,
  query: string,
  lang: PlaceLanguage,
): PlaceFound[] {
  const [head = '', ...rest] = query.split(/[,،、，]/);
  const name = foldName(head);
  const qualifier = foldName(rest.join(' '));
  if (name === '') return [];
  const scored: { entry: Entry; rank: number }[] = [];
  for (const entry of indexOf(geocoder)) {
    if (qualifier && !entry.within.some((w) => w.startsWith(qualifier))) continue;
    let rank = -1;
    if (entry.names.includes(name)) rank = 0;
    else if (entry.names.some((n) => n.startsWith(name))) rank = 1;
    // "Italien" alone: the towns of Italy, largest first.
    else if (!qualifier && entry.within.includes(name)) rank = 2;
    if (rank >= 0) scored.push({ entry, rank });
  }
  scored.sort((a, b) => a.rank - b.rank || b.entry.town.population - a.entry.town.population);
  return scored.slice(0, findLimit).map(({ entry: { town } }) => {
    const names = geocoder.names(
      { country: town.country, region: town.region, town: town.id },
      lang,
    );
    return {
      town: town.id,
      name: names.town ?? town.name,
      region: names.region,
      country: names.country,
      lat: town.lat,
      lon: town.lon,
    };
  });
}
