/**
 * @file The places the library has photos of, with every name they may be typed as, for
 * search ([Note: Place names in queries]).
 */
import type Database from 'better-sqlite3';
import { all, sql } from '../db/sql';
import { photoListed } from '../library/photo-query';
import type { LibraryPlace } from '../search/place-names';
import type { PlaceLanguage } from './place-db';
import type { ReverseGeocoder } from './reverse-geocoder';

/** The library's countries, regions and towns with photo counts; towns first (on a tie of a shared name, the most precise wins). */
export function libraryPlaces(
  db: Database.Database,
  geocoder: ReverseGeocoder,
  lang: PlaceLanguage,
): LibraryPlace[] {
  const rows = all<{ country: string; region: number; town: number | null; photos: number }>(
    db,
    sql`SELECT pp.country, pp.region, pp.town, count(*) AS photos
          FROM photo_places pp JOIN photos p ON p.id = pp.photo_id
         WHERE pp.country IS NOT NULL AND ${photoListed}
         GROUP BY pp.country, pp.region, pp.town`,
  );
  const counts = new Map<
    string,
    {
      kind: 'country' | 'region' | 'town';
      id: string | number;
      photos: number;
      answer: (typeof rows)[number];
    }
  >();
  const add = (
    kind: 'country' | 'region' | 'town',
    id: string | number,
    r: (typeof rows)[number],
  ) => {
    const key = `${kind}:${String(id)}`;
    const entry = counts.get(key) ?? { kind, id, photos: 0, answer: r };
    entry.photos += r.photos;
    counts.set(key, entry);
  };
  for (const r of rows) {
    if (r.town !== null) add('town', r.town, r);
    add('region', r.region, r);
    add('country', r.country, r);
  }
  const order = { town: 0, region: 1, country: 2 };
  return [...counts.entries()]
    .sort(([, a], [, b]) => order[a.kind] - order[b.kind])
    .map(([key, e]) => {
      const names = geocoder.names(
        {
          country: e.answer.country,
          region: e.kind === 'country' ? null : e.answer.region,
          town: e.kind === 'town' ? e.answer.town : null,
        },
        lang,
      );
      const own =
        e.kind === 'town' ? names.town : e.kind === 'region' ? names.region : names.country;
      const label =
        e.kind === 'country' ? (own ?? key) : `${own ?? key}, ${names.country ?? e.answer.country}`;
      return { key, label, names: geocoder.allNames(e.kind, e.id), photos: e.photos };
    });
}
