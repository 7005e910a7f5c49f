/**
 * Every real-model contract ([Note: Real model contract]) through the real core: each
 * test-tiny variant is the active model while colour photos are indexed, auto-tagged and
 * searched in several languages — the colour tests test-tiny passes, passed by models shaped
 * like Immich's exports (batch 1, exporter output names, canonicalize cleaning, a closing
 * token, NLLB's language token, a two-input text tower, external data).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colours, writeColourPhoto, type TestCore } from './helpers/test-core';
import { openVariantCore, variantNames } from './helpers/variant-core';

const names = (r: { path: string | null }[]) => r.map((x) => path.basename(x.path ?? '')).sort();
const four = (colour: string) => [0, 1, 2, 3].map((i) => `${colour}-${String(i)}.jpg`);

/** Queries as people type them, with the app's language at the time. */
const queries: [string, string, string][] = [
  ['rot', 'de', 'red'],
  ['赤', 'ja', 'red'],
  ['红色', 'en', 'red'],
  ['a blue photo', 'en', 'blue'],
  ['vert', 'fr', 'green'],
  ['зелёный', 'en', 'green'],
  ['أزرق', 'en', 'blue'],
  ['ROT!', 'de', 'red'],
  ['Bleu.', 'fr', 'blue'],
  // Longer than the context (16 tokens): truncation must keep the closing token.
  [
    'rot und dazu noch viele andere Wörter, die das Modell gar nicht kennt, aber trotzdem',
    'de',
    'red',
  ],
];

describe.each(variantNames)('the %s variant as the active model', (variant) => {
  let t: TestCore;
  const idOf = (name: string) =>
    t.core.db.db
      .prepare('SELECT photo_id FROM files WHERE path = ?')
      .pluck()
      .get(path.join(t.photos, name)) as number;

  beforeAll(async () => {
    t = await openVariantCore(variant);
    for (let i = 0; i < 4; i++) {
      await writeColourPhoto(path.join(t.photos, `red-${String(i)}.jpg`), colours.red, i);
      await writeColourPhoto(path.join(t.photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
      await writeColourPhoto(path.join(t.photos, `green-${String(i)}.jpg`), colours.green, 20 + i);
    }
    t.core.updateSettings({ language: 'de' });
    const summary = await t.core.library.index([t.photos], false);
    expect(summary.problems).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('embeds every photo with it', () => {
    const status = t.core.embeddings.models().find((m) => m.id === variant);
    expect(status).toMatchObject({ active: true, vectors: 12 });
  });

  it.each(queries)(
    '"%s" (app in %s) finds exactly the %s photos',
    async (query, language, colour) => {
      const found = await t.core.search.search({ query, language });
      expect(found.model).toBe(variant);
      expect(names(found.results)).toEqual(four(colour));
    },
  );

  it('auto-tags each photo with its colour in the user’s language', () => {
    expect(t.core.tags.photoTags(idOf('red-0.jpg')).map((x) => x.name)).toEqual(['rot']);
    expect(t.core.tags.photoTags(idOf('blue-1.jpg'), 'ja').map((x) => x.name)).toEqual(['青']);
    expect(t.core.tags.photoTags(idOf('green-2.jpg'), 'fr').map((x) => x.name)).toEqual(['vert']);
  });
});
