import { describe, expect, it } from 'vitest';
import { PlaceNames, type LibraryPlace } from './place-names';
import { placeNameForms } from './place-inflections';

/** A library with photos in these places, named as the place database names them. */
const library: LibraryPlace[] = [
  {
    key: 'town:2988507',
    label: 'Paris, France',
    names: ['Paris', 'Париж', '巴黎', 'パリ', 'باريس', 'Parigi', 'París'],
    photos: 40,
  },
  {
    key: 'town:524901',
    label: 'Moscow, Russia',
    names: ['Moscow', 'Москва', 'Moskau', 'Moscou', 'موسكو', 'モスクワ', '莫斯科'],
    photos: 12,
  },
  {
    key: 'town:3169070',
    label: 'Rome, Italy',
    names: ['Rome', 'Рим', 'Rom', 'Roma', 'روما', 'ローマ', '罗马'],
    photos: 9,
  },
  {
    key: 'town:360630',
    label: 'Cairo, Egypt',
    names: ['Cairo', 'Каир', 'Kairo', 'Le Caire', 'القاهرة', 'カイロ', '开罗'],
    photos: 3,
  },
  {
    key: 'town:498817',
    label: 'Saint Petersburg, Russia',
    names: ['Saint Petersburg', 'Санкт-Петербург', 'Sankt Petersburg'],
    photos: 2,
  },
  { key: 'town:551487', label: 'Kazan, Russia', names: ['Kazan', 'Казань'], photos: 2 },
  { key: 'town:456172', label: 'Riga, Latvia', names: ['Riga', 'Рига', 'ريغا'], photos: 2 },
  { key: 'town:627907', label: 'Sochi, Russia', names: ['Sochi', 'Сочи'], photos: 1 },
  {
    key: 'country:IT',
    label: 'Italy',
    names: ['Italy', 'Italien', 'Italie', 'Italia', 'Италия', 'イタリア', '意大利', 'إيطاليا'],
    photos: 30,
  },
  {
    key: 'country:DE',
    label: 'Germany',
    names: ['Germany', 'Deutschland', 'Allemagne', 'Alemania', 'Германия', 'ألمانيا'],
    photos: 20,
  },
  {
    key: 'region:77',
    label: 'Brittany, France',
    names: ['Brittany', 'Bretagne', 'Bretaña', 'Бретань'],
    photos: 5,
  },
];
const places = new PlaceNames(library);

describe('place names in queries, as a sentence has them (issue 17)', () => {
  // [query, chips expected (keys), text left to search by meaning]
  const table: [string, string[], string][] = [
    // Russian: cases after prepositions.
    ['пляж в Париже', ['town:2988507'], 'пляж в'],
    ['фото из Москвы 2019', ['town:524901'], 'фото из 2019'],
    ['по Москве', ['town:524901'], 'по'],
    ['пляж в Италии', ['country:IT'], 'пляж в'],
    ['в Германии зимой', ['country:DE'], 'в зимой'],
    ['в Риме', ['town:3169070'], 'в'],
    ['в Казани', ['town:551487'], 'в'],
    ['из Риги', ['town:456172'], 'из'],
    ['в Санкт-Петербурге', ['town:498817'], 'в'],
    ['в Бретани', ['region:77'], 'в'],
    ['в Сочи', ['town:627907'], 'в'],
    ['Париж', ['town:2988507'], ''],
    // Arabic: separate prepositions and prefixes written onto the name.
    ['شاطئ في باريس', ['town:2988507'], 'شاطئ في'],
    ['شاطئ بباريس', ['town:2988507'], 'شاطئ'],
    ['رحلة لروما', ['town:3169070'], 'رحلة'],
    ['من القاهرة', ['town:360630'], 'من'],
    ['بالقاهرة', ['town:360630'], ''],
    ['للقاهرة', ['town:360630'], ''],
    ['روما وباريس', ['town:3169070', 'town:2988507'], ''],
    ['في إيطاليا', ['country:IT'], 'في'],
    // The other languages: the name after a separate word or an apostrophe.
    ['Strand in Italien 2019', ['country:IT'], 'Strand in 2019'],
    ['plage en Bretagne', ['region:77'], 'plage en'],
    ["vacances d'Italie", ['country:IT'], "vacances d'"],
    ['spiaggia a Roma', ['town:3169070'], 'spiaggia a'],
    ['パリで夕食', ['town:2988507'], 'で夕食'],
    ['在巴黎', ['town:2988507'], '在'],
    // Negatives: words that look like a form of a place, and are not.
    ['парижский шик', [], 'парижский шик'],
    ['Римма на пляже', [], 'Римма на пляже'],
    ['Москвич', [], 'Москвич'],
    ['бриз', [], 'бриз'],
    ['أزياء باريسية', [], 'أزياء باريسية'],
    ['Romeo', [], 'Romeo'],
    ['Parisienne', [], 'Parisienne'],
    ['Italiener', [], 'Italiener'],
    ['Москвичи', [], 'Москвичи'],
  ];
  it.each(table)('%s', (query, keys, rest) => {
    const { text, found } = places.extract(query);
    expect(found.map((f) => f.key)).toEqual(keys);
    expect(text.replace(/\s+/g, ' ').trim()).toBe(rest);
  });

  it('shows the chip with the place as the library names it, whatever form was typed', () => {
    expect(places.extract('из Москвы').found).toEqual([
      { key: 'town:524901', label: 'Moscow, Russia', text: 'Москвы' },
    ]);
  });
});

describe('placeNameForms', () => {
  it('declines Russian names by their ending and leaves indeclinable ones alone', () => {
    expect(placeNameForms('Москва')).toEqual(['Москвы', 'Москве', 'Москву', 'Москвой', 'Москвою']);
    expect(placeNameForms('Рига')).toContain('Риги');
    expect(placeNameForms('Италия')).toEqual(['Италии', 'Италию', 'Италией']);
    expect(placeNameForms('Сочи')).toEqual([]);
    expect(placeNameForms('Осло')).toEqual([]);
  });

  it('writes the Arabic prefixes onto a name, ل with the article as لل', () => {
    expect(placeNameForms('القاهرة')).toContain('للقاهرة');
    expect(placeNameForms('القاهرة')).toContain('بالقاهرة');
    expect(placeNameForms('باريس')).toContain('بباريس');
  });

  it('has no forms for the languages that need none', () => {
    expect(placeNameForms('Italien')).toEqual([]);
    expect(placeNameForms('パリ')).toEqual([]);
  });
});
