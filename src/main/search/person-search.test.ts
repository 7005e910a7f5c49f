/**
 * Person names in search through the real core ([Note: Person names in queries]): real LFW
 * faces found by the faces stage with the shipped models, persons named by the user, then
 * queries that mix names, dates, meaning (test-tiny) and keys, and `fotoglot search`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { searchValueSchema } from '../../shared/search-schemas';
import { runFotoglot } from '../../../test/helpers/cli';
import {
  identityOfFile,
  peoplePhotos,
  writePeoplePhotos,
  type Identity,
} from '../../../test/helpers/people-photos';
import { openCoreAt, openTestCore, type TestCore } from '../../../test/helpers/test-core';

let t: TestCore;
const names = (r: { path: string | null }[]) => r.map((x) => path.basename(x.path ?? '')).sort();
const sorted = (files: readonly string[]) => [...files].sort();

/** The person holding most of an identity's photos. */
function personOf(identity: Identity): number {
  let best = { id: 0, n: 0 };
  for (const p of [...t.core.people.persons('main'), ...t.core.people.persons('singles')]) {
    const paths = t.core.people
      .personPhotos(p.id)
      .map(
        (id) =>
          t.core.db.db
            .prepare('SELECT path FROM files WHERE photo_id = ?')
            .pluck()
            .get(id) as string,
      );
    const n = paths.filter((f) => identityOfFile(f) === identity).length;
    if (n > best.n) best = { id: p.id, n };
  }
  return best.id;
}

beforeAll(async () => {
  t = openTestCore();
  await writePeoplePhotos(t.photos);
  await t.core.library.index([t.photos], false);
  t.core.people.name(personOf('powell'), 'Anna');
  t.core.people.name(personOf('blair'), 'Ben');
  t.core.people.name(personOf('putin'), 'Anna Maria');
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('search by person', () => {
  it('a name alone lists that person’s photos by date, without a model', async () => {
    const found = await t.core.search.search({ query: 'anna' });
    expect(found.chips).toEqual([{ kind: 'person', value: 'Anna', text: 'anna' }]);
    expect(found.text).toBe('');
    expect(found.model).toBeNull();
    expect(names(found.results)).toEqual(sorted(peoplePhotos.powell));
    const dates = found.results.map((r) => r.capturedAt ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('"Anna 2019" is only Anna’s photos of 2019', async () => {
    const found = await t.core.search.search({ query: 'Anna 2019' });
    expect(found.filters.persons).toEqual(['Anna']);
    expect(names(found.results)).toEqual(
      sorted([
        'powell-2019-05.jpg',
        'powell-2019-08.jpg',
        'powell-blair-2019-07.jpg',
        'powell-red-2019-10.jpg',
      ]),
    );
  });

  it('the longest name wins: "Anna Maria 2019" is the other person', async () => {
    const found = await t.core.search.search({ query: 'anna maria 2019' });
    expect(found.chips.map((c) => c.value)).toEqual(['Anna Maria', '2019-01-01..2020-01-01']);
    expect(names(found.results)).toEqual(['putin-2019-04.jpg']);
  });

  it.each(['Anna und Ben', 'Ben and Anna', 'person:anna person:BEN', 'Anna et Ben 2019'])(
    '"%s" is the photos with both',
    async (query) => {
      const found = await t.core.search.search({ query });
      expect(found.text).toBe('');
      expect(names(found.results)).toEqual(['powell-blair-2019-07.jpg']);
    },
  );

  it('combines a person with meaning: "Anna rot" is Anna on red, not the other red photo', async () => {
    const red = await t.core.search.search({ query: 'rot' });
    expect(names(red.results)).toEqual(['powell-red-2019-10.jpg', 'red-2019-11.jpg']);
    const found = await t.core.search.search({ query: 'Anna rot' });
    expect(found.text).toBe('rot');
    expect(names(found.results)).toEqual(['powell-red-2019-10.jpg']);
  });

  it('a person chip sent back by the UI filters like a typed name; an unknown one matches nothing', async () => {
    const kept = await t.core.search.search({
      query: '2021',
      chips: [{ kind: 'person', value: 'Ben', text: 'Ben' }],
    });
    expect(names(kept.results)).toEqual(['blair-2021-06.jpg']);
    const unknown = await t.core.search.search({ query: 'person:Kim' });
    expect(unknown.results).toEqual([]);
    expect(unknown.total).toBe(0);
  });

  it('follows a rename and a hide at once; a hidden person is found only by person:', async () => {
    const ben = personOf('blair');
    t.core.people.name(ben, 'Benedikt');
    expect((await t.core.search.search({ query: 'Ben' })).chips).toEqual([]);
    const renamed = await t.core.search.search({ query: 'benedikt' });
    expect(names(renamed.results)).toEqual(sorted(peoplePhotos.blair));
    t.core.people.hide(ben);
    expect((await t.core.search.search({ query: 'benedikt' })).chips).toEqual([]);
    const byKey = await t.core.search.search({ query: 'person:benedikt' });
    expect(names(byKey.results)).toEqual(sorted(peoplePhotos.blair));
    t.core.people.hide(ben, false);
    t.core.people.name(ben, 'Ben');
  });

  it('`fotoglot search` shows the person chip, in text and JSON', async () => {
    await t.core.dispose();
    const home = path.join(t.root, 'data');
    try {
      const plain = await runFotoglot(['search', 'anna', '--home', home]);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout).toMatch(/^filters: person: Anna$/m);
      expect(plain.stdout.match(/\.jpg$/gm)).toHaveLength(peoplePhotos.powell.length);
      const json = await runFotoglot([
        'search',
        'person:"Anna Maria" 2019',
        '--json',
        '--home',
        home,
      ]);
      expect(json.code, json.stderr).toBe(0);
      const value = searchValueSchema
        .pick({ chips: true, filters: true })
        .extend({ results: z.array(z.object({ path: z.string().nullable() })) })
        .parse(JSON.parse(json.stdout));
      expect(value.chips).toEqual([
        { kind: 'person', value: 'Anna Maria', text: 'person:"Anna Maria"' },
        { kind: 'date', value: '2019-01-01..2020-01-01', text: '2019' },
      ]);
      expect(value.filters.persons).toEqual(['Anna Maria']);
      expect(names(value.results)).toEqual(['putin-2019-04.jpg']);
    } finally {
      t = { ...t, core: openCoreAt(home) };
    }
  }, 60_000);
});
