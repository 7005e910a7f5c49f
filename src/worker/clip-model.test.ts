/** The model layer on the real test-tiny files: tokenization, text towers, broken model files. */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { colours } from '../../scripts/test-tiny/colour-words';
import { ClipModel, providerCandidates } from './clip-model';

const testTiny = path.resolve(import.meta.dirname, '../../models/test-tiny');
let model: ClipModel;

beforeAll(async () => {
  model = await ClipModel.load(testTiny);
});
afterAll(async () => {
  await model.dispose();
});

const strongest = (v: Float32Array) => {
  let best = -1;
  let value = 0;
  v.forEach((x, i) => {
    if (x > value) [best, value] = [i, x];
  });
  return best < 0 ? null : colours[best];
};

describe('tokenization', () => {
  it('tokenizes XTD captions in 11 languages: no crash, context length, deterministic ids', async () => {
    const xtd = JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../../../shared/data/babel-imagenet/xtd.json'),
        'utf8',
      ),
    ) as {
      captions: Record<string, string[][]>;
    };
    expect(Object.keys(xtd.captions).sort()).toEqual([
      'de',
      'en',
      'es',
      'fr',
      'it',
      'jp',
      'ko',
      'pl',
      'ru',
      'tr',
      'zh',
    ]);
    for (const [language, captions] of Object.entries(xtd.captions)) {
      for (const [caption] of captions.slice(0, 200)) {
        const ids = await model.tokenize(caption ?? '');
        expect(ids, language).toHaveLength(model.contextLength);
        expect(await model.tokenize(caption ?? ''), language).toEqual(ids);
      }
    }
  });

  it('pads short texts with the pad token and truncates long ones', async () => {
    const short = await model.tokenize('rot');
    expect(short[0]).not.toBe(0);
    expect(short.slice(1).every((id) => id === 0)).toBe(true); // [PAD] is id 0
    expect(await model.tokenize('rot '.repeat(100))).toHaveLength(16);
  });
});

describe('test-tiny text tower', () => {
  it('maps colour names in ten languages to their colour, and unknown words to nothing', async () => {
    const cases: [string, string | null][] = [
      ['a blue photo', 'blue'],
      ['rot', 'red'],
      ['赤い車', 'red'],
      ['红色的猫', 'red'],
      ['粉红色的花', 'pink'],
      ['オレンジの写真', 'orange'],
      ['Grüne Wiese', 'green'],
      ['une voiture jaune', 'yellow'],
      ['perro negro', 'black'],
      ['gatto bianco', 'white'],
      ['casa cinza', 'grey'],
      ['красная машина', 'red'],
      ['سيارة زرقاء', 'blue'],
      ['Hund am Strand', null],
      ['redemption', null],
    ];
    const vectors = await model.embedTexts(cases.map(([text]) => text));
    cases.forEach(([text, colour], i) => {
      expect(strongest(vectors[i] ?? new Float32Array()), text).toBe(colour);
    });
    // Unit length, or zero where nothing is known.
    const norm = (v: Float32Array) => Math.hypot(...v);
    expect(norm(vectors[0] ?? new Float32Array())).toBeCloseTo(1, 5);
    expect(norm(vectors[13] ?? new Float32Array())).toBe(0);
  });
});

describe('execution providers', () => {
  it('auto tries the accelerated providers this install ships, then falls back to cpu with the reason', () => {
    const { candidates, skipped } = providerCandidates('auto');
    expect(candidates.at(-1)).toBe('cpu');
    const shipped = new Set(
      ort
        .listSupportedBackends()
        .filter((b) => b.bundled)
        .map((b) => b.name),
    );
    for (const provider of candidates) expect(shipped.has(provider), provider).toBe(true);
    const { name, note } = model.executionProvider;
    expect(candidates).toContain(name);
    if (name === 'cpu' && candidates.length + skipped.length > 1) {
      // No GPU here: every faster provider was tried or left out, and status says why.
      for (const tried of candidates.slice(0, -1))
        expect(note).toMatch(new RegExp(`${tried} unavailable: \\S`));
      for (const reason of skipped) expect(note).toContain(reason);
      expect(note).not.toMatch(/onnxruntime_src|lambda/);
    } else {
      expect(note).toBeNull();
    }
  });

  it('cpu when asked, and the asked-for provider first otherwise', async () => {
    expect(providerCandidates('cpu')).toEqual({ candidates: ['cpu'], skipped: [] });
    expect(providerCandidates('webgpu')).toEqual({ candidates: ['webgpu', 'cpu'], skipped: [] });
    const onCpu = await ClipModel.load(testTiny, { choice: 'cpu', threads: 1 });
    expect(onCpu.executionProvider).toEqual({ name: 'cpu', note: null });
    await onCpu.dispose();
  });
});

describe('broken model files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-model-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the damaged or missing file and says how to fix it', async () => {
    const broken = (name: string, damage: (root: string) => void) => {
      const root = path.join(dir, name);
      cpSync(testTiny, root, { recursive: true });
      damage(root);
      return ClipModel.load(root);
    };
    await expect(
      broken('truncated-onnx', (root) => {
        const file = path.join(root, 'visual/model.onnx');
        writeFileSync(file, readFileSync(file).subarray(0, 100));
      }),
    ).rejects.toThrow(/visual\/model\.onnx cannot be loaded.*fotoglot models/);
    await expect(
      broken('missing-tokenizer', (root) => {
        rmSync(path.join(root, 'textual/tokenizer.json'));
      }),
    ).rejects.toThrow(/textual\/tokenizer\.json is missing/);
    await expect(
      broken('bad-config', (root) => {
        writeFileSync(path.join(root, 'config.json'), '{"embed_dim": "many"}');
      }),
    ).rejects.toThrow(/config\.json is not what Fotoglot expects/);
    await expect(
      broken('bad-json', (root) => {
        copyFileSync(
          path.join(root, 'visual/model.onnx'),
          path.join(root, 'visual/preprocess_cfg.json'),
        );
      }),
    ).rejects.toThrow(/preprocess_cfg\.json is damaged/);
    // A tower over 2 GB without its weights file: named, not onnxruntime's own words.
    const external = path.join(dir, 'no-external-data');
    cpSync(path.resolve(testTiny, '../test-variants/external-data'), external, { recursive: true });
    rmSync(path.join(external, 'textual/model.onnx_data'));
    await expect(ClipModel.load(external)).rejects.toThrow(
      /textual\/model\.onnx cannot be loaded \(its external-data file textual\/model\.onnx_data is missing\)/,
    );
  });
});
