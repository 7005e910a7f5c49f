/**
 * Text in photos in search, through the real core: lines saved through the real TextStore
 * (the text stage fills it in production), test-tiny ranking colours by meaning, and the two
 * merged into one ranking ([Note: Text in search]).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextLine } from '../../shared/text-schemas';
import { runFotoglot } from '../../../test/helpers/cli';
import { createHandlers } from '../app-handlers';
import {
  colours,
  openCoreAt,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore;
const names = (r: { path: string | null }[]) => r.map((x) => path.basename(x.path ?? ''));
const line = (text: string): TextLine => ({
  text,
  box: [0.1, 0.4, 0.9, 0.4, 0.9, 0.5, 0.1, 0.5],
  confidence: 0.9,
  words: [],
  reader: 'test',
});
const say = (name: string, ...lines: string[]) => {
  const { id } = t.core.library.resolvePhoto({ path: path.join(t.photos, name) });
  t.core.text.save(id, 'test', lines.map(line));
};

beforeAll(async () => {
  t = openTestCore();
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(t.photos, `red-${String(i)}.jpg`), colours.red, i, {
      date: `2019:07:1${String(i)} 10:00:00`,
    });
    await writeColourPhoto(path.join(t.photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i, {
      date: `2021:08:0${String(i + 1)} 12:00:00`,
    });
    await writeColourPhoto(path.join(t.photos, `green-${String(i)}.jpg`), colours.green, 20 + i, {
      date: `2021:12:2${String(i)} 12:00:00`,
    });
  }
  await t.core.library.index([t.photos], false);
  say('blue-1.jpg', 'MIGROS Zürich', 'Quittung 12.80 CHF');
  say('green-0.jpg', 'RECHNUNG Nr. 4711', 'München Hauptbahnhof');
  say('red-2.jpg', '東京駅 切符売り場');
  say('blue-2.jpg', 'Москва');
  say('green-1.jpg', 'WiFi password: kaffee2024');
  say('green-2.jpg');
  // The core's text stage read red-0 while indexing (no text): here it stands for a photo the
  // stage has not reached yet.
  const { id: unread } = t.core.library.resolvePhoto({ path: path.join(t.photos, 'red-0.jpg') });
  t.core.db.db.prepare('DELETE FROM photo_text WHERE photo_id = ?').run(unread);
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('text in search', () => {
  it('ranks the photo whose text holds a word first, and keeps the meaning hits', async () => {
    const found = await t.core.search.search({ query: 'red migros' });
    expect(names(found.results)).toEqual(['blue-1.jpg', 'red-0.jpg', 'red-1.jpg', 'red-2.jpg']);
    expect(found.total).toBe(4);
    expect(found.more).toBe(5);
    expect(found.results.map((r) => r.textMatches)).toEqual([['MIGROS'], [], [], []]);
    expect(found.results.every((r) => r.relevant)).toBe(true);
  });

  it('answers words the model has no meaning for from the text alone', async () => {
    const found = await t.core.search.search({ query: 'Rechnung' });
    expect(found.notice).toBeNull();
    expect(names(found.results)).toEqual(['green-0.jpg']);
    expect(found.results[0]?.textMatches).toEqual(['RECHNUNG']);
    expect(found.more).toBe(8);
    const moscow = await t.core.search.search({ query: 'москва' });
    expect(names(moscow.results)).toEqual(['blue-2.jpg']);
    const tokyo = await t.core.search.search({ query: '東京' });
    expect(names(tokyo.results)).toEqual(['red-2.jpg']);
    expect(tokyo.results[0]?.textMatches).toEqual(['東京']);
  });

  it('finds words the way people type them: no accents, any case, quoted phrases', async () => {
    const munich = await t.core.search.search({ query: 'munchen' });
    expect(names(munich.results)).toEqual(['green-0.jpg']);
    expect(munich.results[0]?.textMatches).toEqual(['München']);
    const phrase = await t.core.search.search({ query: '"wifi password"' });
    expect(names(phrase.results)).toEqual(['green-1.jpg']);
    expect(phrase.results[0]?.textMatches).toEqual(['WiFi password']);
    const apart = await t.core.search.search({ query: '"password wifi"' });
    expect(apart.results).toEqual([]);
  });

  it('puts photos holding more of the query’s words first', async () => {
    const found = await t.core.search.search({ query: 'migros quittung rechnung' });
    expect(names(found.results)).toEqual(['blue-1.jpg', 'green-0.jpg']);
  });

  it('filters by text: values anywhere in the text, short ones too, with other filters', async () => {
    const wifi = await t.core.search.search({ query: 'text:"wifi"' });
    expect(wifi.chips).toEqual([{ kind: 'text', value: 'wifi', text: 'text:"wifi"' }]);
    expect(wifi.filters.texts).toEqual(['wifi']);
    expect(names(wifi.results)).toEqual(['green-1.jpg']);
    expect(wifi.results[0]?.textMatches).toEqual(['WiFi']);
    // Inside a word, two characters: a filter is literal.
    const part = await t.core.search.search({ query: 'text:affee' });
    expect(names(part.results)).toEqual(['green-1.jpg']);
    const ig = await t.core.search.search({ query: 'text:ig' });
    expect(names(ig.results)).toEqual(['blue-1.jpg']);
    // With a date: the Migros receipt is from August 2021.
    expect(names((await t.core.search.search({ query: 'text:migros 2021' })).results)).toEqual([
      'blue-1.jpg',
    ]);
    expect((await t.core.search.search({ query: 'text:migros 2019' })).results).toEqual([]);
    // With meaning: blue photos whose text says Moscow.
    const blue = await t.core.search.search({ query: 'blue text:москва' });
    expect(names(blue.results)).toEqual(['blue-2.jpg']);
    // Sent back by the UI as a chip.
    const chip = await t.core.search.search({
      query: '',
      chips: [{ kind: 'text', value: '切符', text: 'text:切符' }],
    });
    expect(names(chip.results)).toEqual(['red-2.jpg']);
  });

  it('lets meaning decide for words too short or not in any text', async () => {
    const found = await t.core.search.search({ query: 'blue of' });
    expect(names(found.results).sort()).toEqual(['blue-0.jpg', 'blue-1.jpg', 'blue-2.jpg']);
    expect(found.results.every((r) => r.textMatches.length === 0)).toBe(true);
  });
});

describe('text:ofPhoto and the CLI', () => {
  it('gives a photo’s lines, says when it was not read and refuses unknown photos', async () => {
    const handlers = createHandlers(t.core);
    const id = (name: string) =>
      t.core.library.resolvePhoto({ path: path.join(t.photos, name) }).id;
    const read = await handlers['text:ofPhoto']({ id: id('green-0.jpg') });
    expect(read).toMatchObject({ read: true, engine: 'test' });
    expect(read.lines.map((l) => l.text)).toEqual(['RECHNUNG Nr. 4711', 'München Hauptbahnhof']);
    expect(await handlers['text:ofPhoto']({ id: id('green-2.jpg') })).toMatchObject({
      read: true,
      lines: [],
    });
    expect(await handlers['text:ofPhoto']({ id: id('red-0.jpg') })).toEqual({
      read: false,
      engine: null,
      readAt: null,
      lines: [],
    });
    await expect((async () => handlers['text:ofPhoto']({ id: 999_999 }))()).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('`fotoglot text` and `fotoglot search \'text:"…"\'` print the text and the matches', async () => {
    await t.core.dispose();
    const home = path.join(t.root, 'data');
    const file = (name: string) => path.join(t.photos, name);
    try {
      const lines = await runFotoglot(['text', file('blue-1.jpg'), '--home', home]);
      expect(lines.code, lines.stderr).toBe(0);
      expect(lines.stdout).toBe(
        '0.90  MIGROS Zürich\n0.90  Quittung 12.80 CHF\n2 lines, read by test\n',
      );
      const json = await runFotoglot(['text', file('blue-1.jpg'), '--json', '--home', home]);
      expect(JSON.parse(json.stdout)).toMatchObject({
        read: true,
        lines: [{ text: 'MIGROS Zürich' }, { text: 'Quittung 12.80 CHF' }],
      });
      const none = await runFotoglot(['text', file('green-2.jpg'), '--home', home]);
      expect(none.stdout).toMatch(/^No text found in .*green-2\.jpg\.$/m);
      const unread = await runFotoglot(['text', file('red-0.jpg'), '--home', home]);
      expect(unread.stdout).toMatch(/has not been read yet/);
      const search = await runFotoglot(['search', 'text:"wifi"', '--home', home]);
      expect(search.code, search.stderr).toBe(0);
      expect(search.stdout).toMatch(/^filters: text: wifi$/m);
      expect(search.stdout).toMatch(/green-1\.jpg {2}text: WiFi$/m);
      const found = await runFotoglot(['search', 'москва', '--json', '--home', home]);
      const value = JSON.parse(found.stdout) as {
        results: { path: string; textMatches: string[] }[];
      };
      expect(value.results.map((r) => [path.basename(r.path), r.textMatches])).toEqual([
        ['blue-2.jpg', ['Москва']],
      ]);
    } finally {
      t = { ...t, core: openCoreAt(home) };
    }
  }, 180_000);
});

describe('common words in text', () => {
  let c: TestCore;
  beforeAll(async () => {
    c = openTestCore();
    for (let i = 0; i < 29; i++)
      await writeColourPhoto(path.join(c.photos, `sign-${String(i)}.jpg`), colours.yellow, i);
    await c.core.library.index([c.photos], false);
    for (let i = 0; i < 29; i++) {
      const { id } = c.core.library.resolvePhoto({
        path: path.join(c.photos, `sign-${String(i)}.jpg`),
      });
      c.core.text.save(id, 'test', [line(i === 7 ? 'The MIGROS shop' : 'To the exit')]);
    }
  }, 60_000);
  afterAll(async () => {
    await c.close();
  });

  it('do not lift every photo when the query has rarer words, and still answer alone', async () => {
    const rare = await c.core.search.search({ query: 'the migros' });
    expect(names(rare.results)).toEqual(['sign-7.jpg']);
    expect(rare.results[0]?.textMatches).toEqual(['The', 'MIGROS']);
    const alone = await c.core.search.search({ query: 'the', limit: 100 });
    expect(alone.total).toBe(29);
  });
});
