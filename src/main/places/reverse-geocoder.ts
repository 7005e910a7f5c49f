/**
 * @file Where a GPS position is, named: country, region and town from the place database.
 *
 * [Note: Place lookup]
 * Country and region come from the boundaries, never from the nearest town: a photo in Kehl is
 * in Germany however close Strasbourg is. A point a little off the drawn coastline (a beach, a
 * pier, a boat in the harbour: Natural Earth's 1:10 M coast is off by up to a few hundred metres)
 * takes the nearest region within `coastKm`; farther out at sea there is no country.
 * The town is the nearest populated place of the SAME region within its reach: a town reaches
 * farther the bigger it is (`reachKm`: 7 km for a village of 1,000, 25 km for a city of a
 * million, 40 km for the largest), so a photo in the suburbs of a big city is named after it
 * and one in the wilderness gets the region alone, never a far-away town. Among the towns that
 * reach the point the one with the smallest distance relative to its reach wins, so a village
 * inside a metropolis does not steal it unless the photo is right there.
 */
import type { PlaceData, PlaceLanguage, RegionRow, TownRow, CountryRow } from './place-db';
import { RegionIndex } from './region-index';
import { TownGrid } from './town-grid';

/** How far off a drawn coastline a point still belongs to the land, km. */
export const coastKm = 20;

/**
 * Natural Earth's precision at borders, km: a point this close to its region's boundary, with a
 * town of another country nearer than this, is in that town's country.
 */
export const borderBandKm = 3;

/** How far a town of `population` names the photos around it, km. */
export function reachKm(population: number): number {
  return Math.min(40, 7 * Math.max(1, population / 1000) ** 0.25);
}

export interface PlaceAnswer {
  /** ISO 3166-1 alpha-2; null at sea or where no country is drawn. */
  country: string | null;
  /** Region id (database row), or null. */
  region: number | null;
  /** GeoNames id of the town, or null outside every town's reach. */
  town: number | null;
  /** Why there is no place, when there is none. */
  reason?: 'invalid' | 'sea';
}

/** A place's names for people. */
export interface NamedPlace {
  country: string | null;
  region: string | null;
  town: string | null;
}

export class ReverseGeocoder {
  readonly #regions: RegionIndex;
  readonly #regionById = new Map<number, RegionRow>();
  readonly #countryByCode = new Map<string, CountryRow>();
  readonly #townById = new Map<number, TownRow>();
  readonly #towns: TownGrid;
  /** Scratch of every lookup (towns near the point and their distances), reused: no garbage. */
  readonly #near: TownRow[] = [];
  #km = new Float64Array(256);

  constructor(data: PlaceData) {
    this.#regions = new RegionIndex(data.regions);
    for (const r of data.regions) this.#regionById.set(r.id, r);
    for (const c of data.countries) this.#countryByCode.set(c.code, c);
    for (const t of data.towns) this.#townById.set(t.id, t);
    this.#towns = new TownGrid(data.towns, (t) => reachKm(t.population), [
      10,
      20,
      reachKm(Infinity),
    ]);
  }

  /** The place of a position; a position that cannot be real gives reason 'invalid'. */
  lookup(lat: number, lon: number): PlaceAnswer {
    if (!validPosition(lat, lon))
      return { country: null, region: null, town: null, reason: 'invalid' };
    const hit = this.#regions.lookup(lat, lon, coastKm);
    if (!hit) return { country: null, region: null, town: null, reason: 'sea' };
    // Within the 40 km a town reaches, the plane is as good as the sphere (< 0.5 %) and
    // several times cheaper: dozens of towns are measured per lookup.
    const cos = Math.cos((lat * Math.PI) / 180);
    const near = this.#near;
    const count = this.#towns.around(lat, lon, near);
    if (this.#km.length < count) this.#km = new Float64Array(count * 2);
    const kms = this.#km;
    for (let i = 0; i < count; i++) {
      const town = near[i];
      kms[i] = town ? planeKm(lat, lon, cos, town.lat, town.lon) : Infinity;
    }
    const regionId = this.#acrossBorder(lat, lon, hit.id, near, kms, count) ?? hit.id;
    const region = this.#regionById.get(regionId);
    return {
      country: region?.country ?? null,
      region: regionId,
      town: townOf(near, kms, count, regionId)?.id ?? null,
    };
  }

  /** A region's ISO 3166-2 code (or Natural Earth's own), or null for an unknown id. */
  regionCode(id: number): string | null {
    return this.#regionById.get(id)?.code ?? null;
  }

  /** A town's position, or null for an unknown GeoNames id. */
  townPosition(id: number): { lat: number; lon: number } | null {
    const town = this.#townById.get(id);
    return town ? { lat: town.lat, lon: town.lon } : null;
  }

  /** Every town of the database (for finding one by name, see place-finder.ts). */
  towns(): IterableIterator<TownRow> {
    return this.#townById.values();
  }

  /** Every name a country, region or town has in the database (all languages, local, alternate). */
  allNames(kind: 'country' | 'region' | 'town', id: string | number): string[] {
    if (kind === 'country') {
      const c = this.#countryByCode.get(String(id));
      return c ? Object.values(c.names).flat() : [];
    }
    if (kind === 'region') {
      const r = this.#regionById.get(Number(id));
      return r ? [r.name, ...Object.values(r.names)] : [];
    }
    const t = this.#townById.get(Number(id));
    return t ? [t.name, ...Object.values(t.names)] : [];
  }

  /** The names of a place in `lang`, falling back to English, then the local name. */
  names(answer: PlaceAnswer, lang: PlaceLanguage): NamedPlace {
    const country = answer.country ? this.#countryByCode.get(answer.country) : undefined;
    const region = answer.region === null ? undefined : this.#regionById.get(answer.region);
    const town = answer.town === null ? undefined : this.#townById.get(answer.town);
    return {
      country: country ? (country.names[lang]?.[0] ?? country.names.en?.[0] ?? country.code) : null,
      region: region ? (region.names[lang] ?? region.names.en ?? region.name) : null,
      town: town ? (town.names[lang] ?? town.name) : null,
    };
  }

  /**
   * The region of the town of another country right beside a point near a border, where the
   * drawn border and GeoNames disagree (see [Note: Place lookup]); null when they agree.
   */
  #acrossBorder(
    lat: number,
    lon: number,
    region: number,
    near: readonly TownRow[],
    kms: Float64Array,
    count: number,
  ): number | null {
    let nearest: TownRow | null = null;
    let nearestKm = borderBandKm;
    for (let i = 0; i < count; i++) {
      const km = kms[i] ?? Infinity;
      if (km < nearestKm) [nearest, nearestKm] = [near[i] ?? null, km];
    }
    const other = nearest?.region;
    if (other == null || other === region) return null;
    if (this.#regionById.get(other)?.country === this.#regionById.get(region)?.country) return null;
    return this.#regions.boundaryDistance(region, lat, lon, borderBandKm) < borderBandKm
      ? other
      : null;
  }
}

/** The town of `region` that reaches the point best (see [Note: Place lookup]). */
function townOf(
  near: readonly TownRow[],
  kms: Float64Array,
  count: number,
  region: number,
): TownRow | null {
  let best: TownRow | null = null;
  let bestScore = Infinity;
  for (let i = 0; i < count; i++) {
    const town = near[i];
    const km = kms[i] ?? Infinity;
    if (!town || town.region !== region) continue;
    const score = km / reachKm(town.population);
    if (score <= 1 && (score < bestScore || (score === bestScore && best && town.id < best.id))) {
      best = town;
      bestScore = score;
    }
  }
  return best;
}

/** GPS values that cannot be a real position: NaN, out of range, or exactly 0,0 ("null island"). */
export function validPosition(lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return false;
  return !(lat === 0 && lon === 0);
}

/** Distance on the plane tangent at the first point (cos: of its latitude), km; for short ones. */
function planeKm(lat1: number, lon1: number, cos: number, lat2: number, lon2: number): number {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const x = dLon * cos * 111.32;
  const y = (lat2 - lat1) * 110.57;
  // Not Math.hypot (see segmentDistance in region-index.ts): tens of these run per lookup.
  return Math.sqrt(x * x + y * y);
}

/** Great-circle distance, km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
