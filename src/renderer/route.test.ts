import { describe, expect, it } from 'vitest';
import type { SearchChip } from '../shared/search-schemas';
import {
  formatRoute,
  historyMode,
  libraryRoute,
  parseRoute,
  searchRoute,
  sectionOf,
  type Route,
} from './route';

const dateChip: SearchChip = {
  kind: 'date',
  value: '2021-01-01..2022-01-01',
  text: '2021-01-01..2022-01-01',
};

describe('parseRoute / formatRoute', () => {
  it('round-trips every view, the search and the open photo', () => {
    const routes: Route[] = [
      libraryRoute,
      { view: 'tags', photo: null },
      { view: 'duplicates', photo: 7 },
      { view: 'settings', photo: null },
      { view: 'library', photo: 12 },
      { view: 'search', query: 'rot', chips: [], all: false, photo: null },
      {
        view: 'search',
        query: 'Hund am Strand & "Katze" #1 ?x=y/z',
        chips: [dateChip, { kind: 'folder', value: 'C:\\Fotos: 2019', text: 'C:\\Fotos: 2019' }],
        all: true,
        photo: 3,
      },
      { view: 'search', query: '', chips: [dateChip], all: false, photo: null },
      { view: 'search', query: '猫 雪 قطة', chips: [], all: false, photo: null },
      {
        view: 'search',
        query: '',
        chips: [
          { kind: 'person', value: 'Anna Maria', text: 'Anna Maria' },
          { kind: 'person', value: 'アンナ', text: 'アンナ' },
        ],
        all: false,
        photo: null,
      },
      { view: 'similar', to: 42, photo: null },
      { view: 'similar', to: 42, photo: 43 },
      { view: 'people', photo: null },
      { view: 'person', id: 7, photo: null },
      { view: 'person', id: 7, photo: 12 },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('writes readable hashes', () => {
    expect(formatRoute(libraryRoute)).toBe('#/library');
    expect(formatRoute({ view: 'tags', photo: null })).toBe('#/tags');
    expect(formatRoute(searchRoute('rot auto', [dateChip], true, 5))).toBe(
      '#/search?q=rot+auto&chip=date%3A2021-01-01..2022-01-01&all=1&photo=5',
    );
    expect(formatRoute({ view: 'similar', to: 42, photo: null })).toBe('#/similar/42');
    expect(formatRoute({ view: 'person', id: 7, photo: 3 })).toBe('#/people/7?photo=3');
  });

  it("a person's page is in the People section; a bad person id opens People", () => {
    expect(sectionOf({ view: 'person', id: 7, photo: null })).toBe('people');
    expect(parseRoute('#/people/abc')).toEqual({ view: 'people', photo: null });
    expect(parseRoute('#/people/0')).toEqual({ view: 'people', photo: null });
  });

  it('reads hand-written and percent-encoded hashes, with or without #', () => {
    expect(parseRoute('#/search?q=rot%20auto')).toEqual(searchRoute('rot auto'));
    expect(parseRoute('/search?q=blau&chip=tag:Urlaub')).toEqual(
      searchRoute('blau', [{ kind: 'tag', value: 'Urlaub', text: 'Urlaub' }]),
    );
    expect(parseRoute('#/tags/')).toEqual({ view: 'tags', photo: null });
  });

  it('opens the library for an empty hash and for anything unknown or malformed', () => {
    for (const hash of [
      '',
      '#',
      '#/',
      '#/nowhere',
      '#/tags/extra',
      '#/similar',
      '#/similar/abc',
      '#/similar/-1',
      '#/similar/0',
      '#/similar/99999999999999999999',
      '#/search',
      '#/search?q=%20%20',
      '#/search/x?q=rot',
    ])
      expect(parseRoute(hash), hash).toEqual(libraryRoute);
  });

  it('keeps the open photo over a fallback view, and ignores a bad photo id', () => {
    expect(parseRoute('#/nowhere?photo=5')).toEqual({ view: 'library', photo: 5 });
    expect(parseRoute('#/tags?photo=x')).toEqual({ view: 'tags', photo: null });
    expect(parseRoute('#/tags?photo=1.5')).toEqual({ view: 'tags', photo: null });
  });

  it('drops chips it cannot read, and never lets chips outlive their search', () => {
    expect(parseRoute('#/search?q=rot&chip=colour:red&chip=date:&chip=nocolon')).toEqual(
      searchRoute('rot'),
    );
    // Chips belong to the search route only: other views ignore them.
    expect(parseRoute('#/tags?chip=date:2021-01-01..2022-01-01&q=rot')).toEqual({
      view: 'tags',
      photo: null,
    });
    expect(parseRoute('#/similar/4?chip=tag:x')).toEqual({ view: 'similar', to: 4, photo: null });
  });
});

describe('searchRoute', () => {
  it('is the library when the query is cleared and no chip is kept', () => {
    expect(searchRoute('')).toEqual(libraryRoute);
    expect(searchRoute('   ')).toEqual(libraryRoute);
    expect(searchRoute('', [dateChip])).toEqual({
      view: 'search',
      query: '',
      chips: [dateChip],
      all: false,
      photo: null,
    });
  });
});

describe('historyMode', () => {
  const search = (query: string, photo: number | null = null) =>
    searchRoute(query, [], false, photo);

  it('pushes a new view, a different similar photo and a photo being opened', () => {
    expect(historyMode(libraryRoute, { view: 'tags', photo: null })).toBe('push');
    expect(historyMode(libraryRoute, search('r'))).toBe('push');
    expect(historyMode(search('rot'), libraryRoute)).toBe('push');
    expect(
      historyMode({ view: 'similar', to: 1, photo: null }, { view: 'similar', to: 2, photo: null }),
    ).toBe('push');
    expect(historyMode(search('rot'), search('rot', 4))).toBe('push');
    expect(historyMode(libraryRoute, { view: 'library', photo: 4 })).toBe('push');
  });

  it('replaces while typing, showing all, and stepping or closing in the viewer', () => {
    expect(historyMode(search('r'), search('ro'))).toBe('replace');
    expect(historyMode(search('rot'), searchRoute('rot', [], true))).toBe('replace');
    expect(historyMode(search('rot', 4), search('rot', 5))).toBe('replace');
    expect(historyMode(search('rot', 4), search('rot'))).toBe('replace');
  });
});

describe('sectionOf', () => {
  it('names the sidebar section, none for results', () => {
    expect(sectionOf({ view: 'duplicates', photo: 3 })).toBe('duplicates');
    expect(sectionOf(searchRoute('rot'))).toBe(null);
    expect(sectionOf({ view: 'similar', to: 1, photo: null })).toBe(null);
  });
});
