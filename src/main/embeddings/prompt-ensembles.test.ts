/**
 * Prompt ensembles ([Note: Prompt ensembles]): which queries are wrapped in templates and
 * which are embedded as typed, in every UI language; the ensemble is the normalised mean of
 * the prompts' vectors, each prompt embedded in the query's language; and through the real
 * inference process with test-tiny, a search query's vector is exactly that.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagLanguages, vocabulary, promptsFor } from '../tagging/tag-vocabulary';
import { bundlePaths } from '../bundle-paths';
import { Core } from '../core';
import { nodeWorkerLauncher } from '../inference/worker-launcher';
import { cosine } from '../../shared/vector-math';
import {
  embedPromptSets,
  embedQuery,
  ensembleLanguage,
  ensembleLanguages,
  fillTemplates,
  promptTemplates,
  queryPrompts,
  queryTemplateCount,
  readsAsSentence,
  type TextEmbedder,
} from './prompt-ensembles';

describe('which queries get the ensemble', () => {
  it.each([
    'dog',
    'red car',
    'Hund am Strand',
    'chat noir',
    'perro en la playa',
    'torta di compleanno',
    'bolo de aniversário',
    'собака на пляже',
    '犬',
    '海辺の犬',
    '北海道の冬の朝',
    'dog on the beach',
    '生日蛋糕',
    'قطة سوداء',
    'dog running',
  ])('wraps the short noun phrase "%s"', (query) => {
    expect(readsAsSentence(query)).toBe(false);
  });

  it.each([
    'a dog running on the beach',
    'Kinder spielen im tiefen Schnee',
    'Where is my cat?',
    'sunset, beach',
    'le chat dort.',
    'photo of my grandmother',
    'Foto vom Urlaub',
    'фото кота',
    '富士山の写真',
    '孩子们在海边玩耍的场景',
    '子供たちが公園で遊んでいる',
    'أين قطتي؟',
  ])('embeds the sentence "%s" as typed', (query) => {
    expect(readsAsSentence(query)).toBe(true);
  });

  it('fills every template of the query language; a sentence or an unknown language stays as typed', () => {
    expect(queryPrompts('Hund', 'de')).toEqual(fillTemplates('Hund', 'de').slice(0, 3));
    expect(queryPrompts('Hund', 'de')).toHaveLength(queryTemplateCount);
    expect(queryPrompts('Hund', 'de')).toContain('ein Foto von Hund.');
    expect(queryPrompts('猫', 'zh-CN')).toContain('猫的照片。');
    expect(queryPrompts(' cat ', 'en')).toContain('a photo of cat.');
    expect(queryPrompts('a cat sleeping on the sofa', 'en')).toEqual([
      'a cat sleeping on the sofa',
    ]);
    expect(queryPrompts('고양이', 'ko')).toEqual(['고양이']);
    expect(queryPrompts('cat', null)).toEqual(['cat']);
    expect(ensembleLanguage('pt-BR')).toBe('pt');
    expect(ensembleLanguage('el')).toBeNull();
  });
});

describe('the templates', () => {
  it('exist for every UI language, several each, one {} in each, none repeated', () => {
    for (const lang of ensembleLanguages) {
      const templates = promptTemplates[lang];
      expect(templates.length, lang).toBeGreaterThanOrEqual(4);
      expect(new Set(templates).size, lang).toBe(templates.length);
      for (const t of templates) expect(t.split('{}'), `${lang}: ${t}`).toHaveLength(2);
    }
  });

  it('are what the tag vocabulary embeds its concepts with, in each of its languages', () => {
    const dog = vocabulary.tags.find((t) => t.id === 'dog');
    expect(dog).toBeDefined();
    if (!dog) return;
    for (const lang of tagLanguages)
      expect(promptsFor(dog, lang)).toEqual(fillTemplates(dog.names[lang], lang));
    expect(promptsFor(dog, 'ru')).toContain(`фото: ${dog.names.ru}.`);
  });
});

/**
 * A text embedder with a fixed, distinct direction per (text, language), recording the
 * requests: enough to check the averaging and the batching arithmetic.
 */
function directions(dimension = 8): { embed: TextEmbedder; requests: string[][] } {
  const requests: string[][] = [];
  const embed: TextEmbedder = (texts, languages) => {
    requests.push(texts.map((t, i) => `${languages[i] ?? '-'}|${t}`));
    return Promise.resolve(
      texts.map((t, i) => {
        // A pseudo-random direction seeded by the text (FNV-1a, then an LCG).
        let seed = 2166136261;
        for (const ch of `${languages[i] ?? ''}|${t}`)
          seed = Math.imul(seed ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
        const v = new Float32Array(dimension).map(() => {
          seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
          return seed / 2 ** 31 - 1;
        });
        let n = 0;
        for (const x of v) n += x * x;
        return v.map((x) => x / Math.sqrt(n));
      }),
    );
  };
  return { embed, requests };
}

describe('the ensemble vector', () => {
  it('is the normalised mean of the prompts, each embedded in the query language', async () => {
    const { embed, requests } = directions();
    const vector = await embedQuery(embed, 'Hund', 'de');
    const used = queryPrompts('Hund', 'de');
    expect(requests).toEqual([used.map((p) => `de|${p}`)]);
    const prompts = await embed(
      used,
      used.map(() => 'de'),
    );
    const sum = new Float32Array(8);
    for (const p of prompts) for (let d = 0; d < 8; d++) sum[d] = (sum[d] ?? 0) + (p[d] ?? 0);
    expect(cosine(vector, sum)).toBeCloseTo(1, 6);
    let norm = 0;
    for (const x of vector) norm += x * x;
    expect(norm).toBeCloseTo(1, 6);
  });

  it('embeds prompt sets in requests of about the batch size, never splitting a set', async () => {
    const { embed, requests } = directions();
    const sets = Array.from({ length: 10 }, (_, i) => fillTemplates(`thing ${String(i)}`, 'en'));
    const done: number[] = [];
    const vectors = await embedPromptSets(embed, sets, 'en', {
      batch: 13,
      onBatch: (n) => done.push(n),
    });
    expect(vectors).toHaveLength(10);
    expect(requests.map((r) => r.length)).toEqual([12, 12, 12, 12, 12]);
    expect(done).toEqual([2, 4, 6, 8, 10]);
    const alone = (await embedPromptSets(embed, [fillTemplates('thing 7', 'en')], 'en'))[0];
    expect(cosine(vectors[7] ?? new Float32Array(), alone ?? new Float32Array())).toBeCloseTo(1, 6);
    expect(cosine(vectors[7] ?? new Float32Array(), vectors[6] ?? new Float32Array())).toBeLessThan(
      0.9999,
    );
  });
});

describe('through the real inference process (test-tiny)', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  let home: string;
  let core: Core;
  beforeAll(() => {
    home = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-prompts-')));
    core = Core.open({
      home,
      launchWorker: nodeWorkerLauncher(bundlePaths(path.join(root, 'dist/node')).workerScript),
      bundledModelsDir: path.join(root, 'models'),
    });
  });
  afterAll(async () => {
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('a short query is the mean of its prompts, a sentence is itself, unknown words are nothing', async () => {
    const model = { id: 'test-tiny', dir: path.join(root, 'models/test-tiny') };
    const worker = (texts: string[], lang: string) =>
      core.embeddings.embedTexts(
        model,
        texts,
        texts.map(() => lang),
      );
    const query = await core.embeddings.embedText(model, 'rot', 'de');
    const prompts = await worker(fillTemplates('rot', 'de'), 'de');
    const [red] = await worker(['red'], 'en');
    expect(cosine(query, await embedQuery((t) => worker([...t], 'de'), 'rot', 'de'))).toBeCloseTo(
      1,
      6,
    );
    expect(prompts).toHaveLength(promptTemplates.de.length);
    // test-tiny reads colour words only: every German prompt points at red, so does the query.
    expect(cosine(query, red ?? new Float32Array())).toBeCloseTo(1, 5);
    const sentence = await core.embeddings.embedText(model, 'ein rotes und blaues Auto', 'de');
    const [typed] = await worker(['ein rotes und blaues Auto'], 'de');
    expect(cosine(sentence, typed ?? new Float32Array())).toBeCloseTo(1, 6);
    const unknown = await core.embeddings.embedText(model, 'Hund', 'de');
    expect(unknown.some((v) => v !== 0)).toBe(false);
  });
});
