/**
 * The model self-test ([Note: Model self-test]) through a real core and its inference process:
 * test-tiny passes in all 10 languages right after its import; copies of it whose pipeline is
 * broken on purpose (wrong normalisation in preprocess_cfg.json, token ids shifted in
 * tokenizer.json) fail; the result is stored per model and the active model's verdict in the
 * user's language is in app:info ([Note: Self-test verdict]).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/model-catalog';
import { openTestCore, repoRoot, type TestCore } from '../../../test/helpers/test-core';
import { createHandlers, type Handlers } from '../app-handlers';

const tiny = path.join(repoRoot, 'models/test-tiny');
const allLanguages = ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'zh', 'ja', 'ar'];
let t: TestCore;
let handlers: Handlers;
let bundled: string;

/** A copy of test-tiny in the bundle, listed in the catalog as `id`, changed by `damage`. */
function bundleCopy(catalog: Catalog, id: string, damage: (dir: string) => void, kit = 'colours') {
  const entry = catalog.models.find((m) => m.id === 'test-tiny');
  if (!entry) throw new Error('the catalog has no test-tiny');
  cpSync(tiny, path.join(bundled, id), { recursive: true });
  damage(path.join(bundled, id));
  return {
    ...entry,
    id,
    selfTest: kit,
    files: entry.files.map((f) => ({ ...f, bytes: null, sha256: null })),
  };
}

function editJson(file: string, change: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(file, JSON.stringify(json));
}

beforeAll(() => {
  // A bundle without test-tiny itself (it is imported below), with three damaged copies of it.
  bundled = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-selftest-'));
  const catalog = JSON.parse(
    readFileSync(path.join(repoRoot, 'models/catalog.json'), 'utf8'),
  ) as Catalog;
  const copies = [
    // The pixels normalised with mean 0 / std 1 where the model expects 0.5 / 0.5.
    bundleCopy(catalog, 'wrong-normalisation', (dir) => {
      editJson(path.join(dir, 'visual/preprocess_cfg.json'), (cfg) => {
        cfg.mean = [0, 0, 0];
        cfg.std = [1, 1, 1];
      });
    }),
    // Every word's token id moved 97 places along the vocabulary: the tower reads other words.
    bundleCopy(catalog, 'shifted-tokens', (dir) => {
      editJson(path.join(dir, 'textual/tokenizer.json'), (tokenizer) => {
        const model = tokenizer.model as { vocab: Record<string, number> };
        const size = Object.keys(model.vocab).length;
        for (const [token, id] of Object.entries(model.vocab))
          if (id >= 2) model.vocab[token] = 2 + ((id - 2 + 97) % (size - 2));
      });
    }),
    // Intact, but shown the real photos: test-tiny knows no astronaut.
    bundleCopy(catalog, 'colours-only', () => undefined, 'photos'),
  ];
  writeFileSync(
    path.join(bundled, 'catalog.json'),
    JSON.stringify({ ...catalog, models: [...catalog.models, ...copies] }),
  );
  t = openTestCore({ bundledModelsDir: bundled });
  handlers = createHandlers(t.core);
});

afterAll(async () => {
  await t.close();
  rmSync(bundled, { recursive: true, force: true });
});

describe('model self-test', () => {
  it('runs after an import: test-tiny names all four colour photos in all 10 languages', async () => {
    const { selfTest } = await handlers['models:import']({ dir: tiny, id: 'test-tiny' });
    expect(selfTest).toMatchObject({
      model: 'test-tiny',
      kit: 'colours',
      passed: true,
      error: null,
    });
    expect(selfTest?.languages.map((l) => l.language)).toEqual(allLanguages);
    for (const language of selfTest?.languages ?? []) {
      expect(language.passed, language.language).toBe(true);
      expect(language.photos.map((p) => [p.subject, p.picked])).toEqual([
        ['red', 'red'],
        ['green', 'green'],
        ['blue', 'blue'],
        ['yellow', 'yellow'],
      ]);
    }
    // The German label the model ranked first for the red photo is the German word.
    const german = selfTest?.languages.find((l) => l.language === 'de');
    expect(german?.photos[0]?.pickedText).toBe('rot');
  });

  it('stores the last result per model: listed in models:list and app:info for the active model', async () => {
    await handlers['models:use']({ id: 'test-tiny' });
    t.core.updateSettings({ language: 'ja' });
    const listed = (await handlers['models:list']({ developer: true })).find(
      (m) => m.id === 'test-tiny',
    );
    expect(listed?.selfTest?.passed).toBe(true);
    const info = await handlers['app:info'](undefined);
    expect(info.selfTest).toEqual({
      model: 'test-tiny',
      language: 'ja',
      state: 'passed',
      right: 4,
      total: 4,
    });
  });

  it.each(['wrong-normalisation', 'shifted-tokens'])(
    'fails loudly when the pipeline is broken (%s)',
    async (id) => {
      const result = await handlers['models:test']({ id });
      expect(result.error).toBeNull();
      expect(result.passed).toBe(false);
      // Every language fails: the broken step is shared by all of them.
      expect(result.languages.filter((l) => !l.passed).map((l) => l.language)).toEqual(
        allLanguages,
      );
      expect(t.core.selfTest.result(id)?.passed).toBe(false);
    },
  );

  it('shows real models the shipped photos, which a colour model cannot name', async () => {
    const result = await handlers['models:test']({ id: 'colours-only' });
    expect(result.kit).toBe('photos');
    expect(result.languages).toHaveLength(10);
    expect(result.languages.every((l) => !l.passed)).toBe(true);
    expect(result.languages[0]?.photos.map((p) => p.subject)).toEqual([
      'astronaut',
      'cat',
      'coffee',
      'rocket',
    ]);
  });

  it('flags the active model when it fails in the user’s language', async () => {
    await handlers['models:use']({ id: 'wrong-normalisation' });
    t.core.updateSettings({ language: 'de' });
    const info = await handlers['app:info'](undefined);
    expect(info.selfTest).toMatchObject({
      model: 'wrong-normalisation',
      language: 'de',
      state: 'failed',
    });
    expect(info.selfTest?.right).toBeLessThan(4);
  });

  it('tests the active model by default, and says when a model is not installed', async () => {
    expect((await handlers['models:test'](undefined)).model).toBe('wrong-normalisation');
    await expect(handlers['models:test']({ id: 'ViT-B-32__openai' })).rejects.toThrow(
      /not installed/,
    );
  });

  it('forgets a removed model’s result', async () => {
    await handlers['models:use']({ id: 'test-tiny' });
    await handlers['models:remove']({ id: 'test-tiny' });
    expect(t.core.selfTest.result('test-tiny')).toBeNull();
  });
});
