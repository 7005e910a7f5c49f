/**
 * @file The library's places as a tree for the Places view and `fotoglot places`: countries →
 * regions → towns with photo counts, most photos first, named in the user's language.
 */
import type Database from 'better-sqlite3';
import { all, get, sql } from '../db/sql';
import { photoListed } from '../library/photo-query';
import type { PlaceTree } from '../../shared/place-schemas';
import type { PlaceLanguage } from './place-db';
import type { ReverseGeocoder } from './reverse-geocoder';

interface Row {
  country: string;
  region: number;
  town: number | null;
  photos: number;
  inferred: number;
  lat: number;
  /** Mean longitude two ways, and the spread: see centreLon. */
  lon: number;
  lonEast: number;
  lonSpread: number;
}

/**
 * The centre of the photos' longitudes: their mean, or across the antimeridian (a region of Fiji
 * or Chukotka, with photos at 179° and −179°) the mean with western longitudes taken as east.
 */
function centreLon(r: Row): number {
  if (r.lonSpread <= 180) return r.lon;
  return r.lonEast > 180 ? r.lonEast - 360 : r.lonEast;
}

/** Counts of the photos of present files per country, region and town. */
export function placeTree(
  db: Database.Database,
  geocoder: ReverseGeocoder,
  lang: PlaceLanguage,
): Omit<PlaceTree, 'problem'> {
  const rows = all<Row>(
    db,
    sql`SELECT pp.country, pp.region, pp.town, count(*) AS photos,
               sum(pp.source = 'inferred') AS inferred, avg(pp.lat) AS lat, avg(pp.lon) AS lon,
               avg(CASE WHEN pp.lon < 0 THEN pp.lon + 360 ELSE pp.lon END) AS lonEast,
               max(pp.lon) - min(pp.lon) AS lonSpread
          FROM photo_places pp JOIN photos p ON p.id = pp.photo_id
         WHERE pp.country IS NOT NULL AND ${photoListed}
         GROUP BY pp.country, pp.region, pp.town`,
  );
  const covers = new Map(
    all<{ country: string; cover: number }>(
      db,
      sql`SELECT pp.country, max(p.id) AS cover
            FROM photo_places pp JOIN photos p ON p.id = pp.photo_id
           WHERE pp.country IS NOT NULL AND ${photoListed}
           GROUP BY pp.country`,
    ).map((r) => [r.country, r.cover]),
  );
  const placed = rows.reduce((n, r) => n + r.photos, 0);
  const total =
    get<{ n: number }>(db, sql`SELECT count(*) AS n FROM photos p WHERE ${photoListed}`)?.n ?? 0;
  const countries = new Map<string, PlaceTree['countries'][number]>();
  for (const r of rows) {
    const names = geocoder.names({ country: r.country, region: r.region, town: r.town }, lang);
    let country = countries.get(r.country);
    if (!country) {
      country = {
        code: r.country,
        name: names.country ?? r.country,
        cover: covers.get(r.country) ?? null,
        photos: 0,
        inferred: 0,
        regions: [],
      };
      countries.set(r.country, country);
    }
    let region = country.regions.find((x) => x.id === r.region);
    if (!region) {
      region = {
        id: r.region,
        code: geocoder.regionCode(r.region) ?? '',
        name: names.region ?? '',
        photos: 0,
        inferred: 0,
        towns: [],
        elsewhere: 0,
        at: null,
      };
      country.regions.push(region);
    }
    for (const node of [country, region]) {
      node.photos += r.photos;
      node.inferred += r.inferred;
    }
    const position = r.town === null ? null : geocoder.townPosition(r.town);
    if (r.town === null || !position) {
      // Photos outside every town (the wilderness, a coast, inferred from such a photo): an
      // approximate circle at their centre, so they are on the map too.
      region.at = region.at ?? { lat: r.lat, lon: centreLon(r) };
      region.elsewhere += r.photos;
    } else
      region.towns.push({
        id: r.town,
        name: names.town ?? '',
        ...position,
        photos: r.photos,
        inferred: r.inferred,
      });
  }
  const byCount = <T extends { photos: number; name: string }>(a: T, b: T) =>
    b.photos - a.photos || a.name.localeCompare(b.name, lang);
  const sorted = [...countries.values()].sort(byCount);
  for (const c of sorted) {
    c.regions.sort(byCount);
    for (const r of c.regions) r.towns.sort(byCount);
  }
  return { countries: sorted, unplaced: total - placed };
}
