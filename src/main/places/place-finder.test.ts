import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeDbFile, readPlaceDb } from './place-db';
import { findTowns, findLimit, foldName } from './place-finder';
import { ReverseGeocoder } from './reverse-geocoder';

let geocoder: ReverseGeocoder;

beforeAll(() => {
  geocoder = new ReverseGeocoder(readPlaceDb(placeDbFile(path.resolve('models'))));
});

describe('finding towns by name', () => {
  it('finds a town by its name in other languages and scripts, named in the UI language', () => {
    for (const typed of ['Arezzo', 'arezzo', 'AREZ']) {
      const [first] = findTowns(geocoder, typed, 'de');
      expect(first, typed).toMatchObject({ name: 'Arezzo', country: 'Italien' });
    }
    for (const typed of ['パリ', 'Париж', '巴黎'])
      expect(findTowns(geocoder, typed, 'de')[0], typed).toMatchObject({
        name: 'Paris',
        country: 'Frankreich',
      });
    const [paris] = findTowns(geocoder, 'Paris', 'ja');
    expect(paris?.country).toBe('フランス');
    expect(paris?.lat).toBeCloseTo(48.85, 1);
  });

  it('narrows by region or country after a comma, and ignores accents', () => {
    const texas = findTowns(geocoder, 'Paris, Texas', 'en');
    expect(texas[0]).toMatchObject({
      name: 'Paris',
      region: 'Texas',
      country: 'United States of America',
    });
    expect(texas.every((t) => t.country === 'United States of America')).toBe(true);
    expect(findTowns(geocoder, 'koln', 'en')[0]?.country).toBe('Germany');
    expect(foldName('  Ñuñoa  ')).toBe('nunoa');
  });

  it("lists a country's largest towns for the country's name, at most ten", () => {
    const found = findTowns(geocoder, 'Italien', 'en');
    expect(found).toHaveLength(findLimit);
    expect(found.every((t) => t.country === 'Italy')).toBe(true);
    expect(found[0]?.name).toBe('Rome');
  });

  it('finds nothing for a name no town has, and for an empty town part', () => {
    expect(findTowns(geocoder, 'Xyzzyplugh', 'en')).toEqual([]);
    expect(findTowns(geocoder, ', Italy', 'en')).toEqual([]);
  });
});
