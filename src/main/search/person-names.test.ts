import { describe, expect, it } from 'vitest';
import { PersonNames } from './person-names';
import { parseQuery } from './query-parser';

const now = new Date(2026, 10, 22, 12, 0, 0);
const library = new PersonNames(
  [
    'Anna',
    'Ben',
    'Anna Maria',
    'Maria',
    'Jean-Luc',
    'Zoë',
    'Ольга',
    'アンナ',
    'ベン',
    '山田 花子',
    'سارة',
    'بن',
    'Strand',
    'Straße',
  ].map((name, i) => ({ id: i + 1, name, hidden: false })),
);
const parse = (q: string) => parseQuery(q, now, library);
const persons = (q: string) =>
  parse(q)
    .chips.filter((c) => c.kind === 'person')
    .map((c) => c.value);

describe('person names in queries', () => {
  it('takes a name, a date and leaves the meaning', () => {
    expect(parse('Anna Strandkorb 2019')).toEqual({
      text: 'Strandkorb',
      chips: [
        { kind: 'person', value: 'Anna', text: 'Anna' },
        { kind: 'date', value: '2019-01-01..2020-01-01', text: '2019' },
      ],
    });
  });

  it.each([
    ['anna am meer', ['Anna'], 'am meer'],
    ['ANNA', ['Anna'], ''],
    ['zoe beach', ['Zoë'], 'beach'],
    ['ZOË', ['Zoë'], ''],
    ['jean luc vélo', ['Jean-Luc'], 'vélo'],
    ['Jean‐Luc', ['Jean-Luc'], ''],
    ['ольга на пляже', ['Ольга'], 'на пляже'],
    ['ОЛЬГА', ['Ольга'], ''],
    ['ｱﾝﾅ', ['アンナ'], ''],
    ['アンナ 海', ['アンナ'], '海'],
    ['アンナ海', ['アンナ'], '海'],
    ['海のアンナ', ['アンナ'], '海の'],
    ['山田花子 桜', ['山田 花子'], '桜'],
    ['سارة على الشاطئ', ['سارة'], 'على الشاطئ'],
    ['سَارَة', ['سارة'], ''],
    ['Strasse', ['Straße'], ''],
  ])('"%s" → %j, text "%s"', (query, names, text) => {
    const parsed = parse(query);
    expect(persons(query)).toEqual(names);
    expect(parsed.text).toBe(text);
  });

  it('matches whole words only where words are separated by spaces', () => {
    for (const q of ['Benz', 'Annabel', 'Banana', 'Hosanna', 'Olgas', 'بنت']) {
      expect(parse(q)).toEqual({ text: q, chips: [] });
    }
    // ベンチ ("bench") contains ベン: without spaces a name is found inside the text.
    expect(persons('ベンチ')).toEqual(['ベン']);
  });

  it('prefers the longest name', () => {
    expect(persons('anna maria 2019')).toEqual(['Anna Maria']);
    expect(persons('Maria Anna')).toEqual(['Maria', 'Anna']);
  });

  it.each([
    ['Anna und Ben', 'de'],
    ['Anna and Ben', 'en'],
    ['Anna et Ben', 'fr'],
    ['Anna y Ben', 'es'],
    ['Anna e Ben', 'it'],
    ['Anna & Ben', 'en'],
    ['Anna, Ben', 'en'],
    ['Anna mit Ben', 'de'],
  ])('drops the connective in "%s" (%s)', (query) => {
    expect(parse(query)).toMatchObject({ text: '' });
    expect(persons(query)).toEqual(['Anna', 'Ben']);
  });

  it('drops connectives in Cyrillic, Japanese, Chinese and Arabic', () => {
    expect(parseQuery('Ольга и Ben', now, library).text).toBe('');
    expect(persons('アンナとベン')).toEqual(['アンナ', 'ベン']);
    expect(parse('アンナとベン 2019年').text).toBe('');
    expect(persons('アンナ和ベン')).toEqual(['アンナ', 'ベン']);
    // Arabic writes "and" onto the next word: "سارة وبن" = Sara and Ben.
    expect(parse('سارة وبن')).toEqual({
      text: '',
      chips: [
        { kind: 'person', value: 'سارة', text: 'سارة' },
        { kind: 'person', value: 'بن', text: 'بن' },
      ],
    });
    expect(parse('سارة و بن في البحر').text).toBe('في البحر');
    // Not after a person, "وبن" is a word of its own.
    expect(parse('وبن')).toEqual({ text: 'وبن', chips: [] });
  });

  it('keeps connectives that do not stand between two persons', () => {
    expect(parse('Anna und Hund').text).toBe('und Hund');
    expect(parse('Katze und Anna').text).toBe('Katze und');
  });

  it('knows only the library’s names: the same words are meaning in another library', () => {
    const none = new PersonNames([]);
    expect(parseQuery('Strand 2019', now, none).text).toBe('Strand');
    expect(parseQuery('Strand 2019', now, library).text).toBe('');
    expect(persons('Strand 2019')).toEqual(['Strand']);
  });

  it('takes person: keys, quoted or not, in the user’s spelling', () => {
    expect(parse('person:"anna maria" person:ben Hund')).toEqual({
      text: 'Hund',
      chips: [
        { kind: 'person', value: 'Anna Maria', text: 'person:"anna maria"' },
        { kind: 'person', value: 'Ben', text: 'person:ben' },
      ],
    });
    // An unknown name stays a chip: it matches no photo.
    expect(parse('person:Kim').chips).toEqual([
      { kind: 'person', value: 'Kim', text: 'person:Kim' },
    ]);
  });

  it('does not find hidden persons in plain text, but resolves them by key', () => {
    const names = new PersonNames([
      { id: 1, name: 'Anna', hidden: true },
      { id: 2, name: 'anna', hidden: false },
      { id: 3, name: 'Kim', hidden: true },
    ]);
    expect(names.resolve('ANNA')).toEqual([1, 2]);
    expect(parseQuery('Kim', now, names)).toEqual({ text: 'Kim', chips: [] });
    expect(parseQuery('person:kim', now, names).chips).toEqual([
      { kind: 'person', value: 'Kim', text: 'person:kim' },
    ]);
    expect(names.resolve('kim')).toEqual([3]);
  });
});
