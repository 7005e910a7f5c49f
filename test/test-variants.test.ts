/**
 * Each models/test-variants/* folder reproduces its real contract (see [Note: test-tiny
 * variants]) in onnxruntime and in Hugging Face's Rust tokenizers, the reference the app uses.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@anush008/tokenizers';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { colours, type Colour } from '../scripts/test-tiny/colour-words';
import { contextLength } from '../scripts/test-tiny/model-folder';
import { externalDataFile, floresCodes } from '../scripts/test-tiny/variants';

const models = path.resolve(import.meta.dirname, '../models');
const variant = (name: string, file = '') => path.join(models, 'test-variants', name, file);

function tokenizer(folder: string): Tokenizer {
  return Tokenizer.fromFile(path.join(folder, 'textual/tokenizer.json'));
}

async function encode(folder: string, text: string): Promise<number[]> {
  return (await tokenizer(folder).encode(text)).getIds();
}

/** The id of a token, which must exist. */
function idOf(t: Tokenizer, token: string): number {
  const id = t.tokenToId(token);
  if (id === null) throw new Error(`no token ${token}`);
  return id;
}

/** Ids padded (or cut) to the context length, one row each, as an int32 `text` input. */
function textTensor(rows: number[][]): ort.Tensor {
  const data = new Int32Array(rows.length * contextLength); // [PAD] is id 0 in these variants
  rows.forEach((ids, r) => {
    data.set(ids.slice(0, contextLength), r * contextLength);
  });
  return new ort.Tensor('int32', data, [rows.length, contextLength]);
}

/** The rows of the session's (only) output. */
async function embed(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
): Promise<number[][]> {
  const out = (await session.run(feeds))[session.outputNames[0] ?? ''];
  if (!out) throw new Error('no output');
  const data = Array.from(out.data as Float32Array);
  const rows = out.dims[0] ?? 0;
  return Array.from({ length: rows }, (_, r) =>
    data.slice(r * colours.length, (r + 1) * colours.length),
  );
}

/** The colour a vector points at, or null for the zero vector. */
function strongest(v: number[] | undefined): Colour | null {
  let best: Colour | null = null;
  let value = 0;
  (v ?? []).forEach((x, i) => {
    if (x > value) [best, value] = [colours[i] ?? null, x];
  });
  return best;
}

const textSession = (folder: string) =>
  ort.InferenceSession.create(path.join(folder, 'textual/model.onnx'));

describe('static-batch (Immich: batch 1, no dynamic axes, named outputs)', () => {
  it('accepts batch 1 and rejects batch 2, with image_embedding / text_embedding', async () => {
    const visual = await ort.InferenceSession.create(variant('static-batch', 'visual/model.onnx'));
    const textual = await textSession(variant('static-batch'));
    expect([visual.inputNames, visual.outputNames]).toEqual([['image'], ['image_embedding']]);
    expect([textual.inputNames, textual.outputNames]).toEqual([['text'], ['text_embedding']]);

    // A red photo, normalised as preprocess_cfg.json says ((x - 0.5) / 0.5).
    const pixels = 64 * 64;
    const red = (n: number) => {
      const data = new Float32Array(n * 3 * pixels);
      for (let i = 0; i < n; i++)
        [0.85, 0.1, 0.1].forEach((c, ch) =>
          data.fill((c - 0.5) / 0.5, (i * 3 + ch) * pixels, (i * 3 + ch + 1) * pixels),
        );
      return new ort.Tensor('float32', data, [n, 3, 64, 64]);
    };
    const image = await visual.run({ image: red(1) });
    expect(Object.keys(image)).toEqual(['image_embedding']);
    expect(strongest(Array.from(image.image_embedding?.data as Float32Array))).toBe('red');
    await expect(visual.run({ image: red(2) })).rejects.toThrow(/invalid dimensions.*image/);

    const rot = await encode(variant('static-batch'), 'rot');
    expect((await embed(textual, { text: textTensor([rot]) })).map(strongest)).toEqual(['red']);
    await expect(textual.run({ text: textTensor([rot, rot]) })).rejects.toThrow(
      /invalid dimensions.*text/,
    );
  });
});

describe('canonicalize (SigLIP: text cleaned before a case-sensitive tokenizer)', () => {
  it('asks for canonicalize cleaning, and knows only the cleaned text', async () => {
    const config = JSON.parse(readFileSync(variant('canonicalize', 'config.json'), 'utf8')) as {
      text_cfg: { tokenizer_kwargs?: { clean?: string } };
    };
    expect(config.text_cfg.tokenizer_kwargs?.clean).toBe('canonicalize');
    const t = tokenizer(variant('canonicalize'));
    const unk = idOf(t, '[UNK]');
    const rot = idOf(t, 'rot');
    expect((await t.encode('ROT')).getIds()).toEqual([unk]);
    expect((await t.encode('rot,')).getIds()).toEqual([unk]); // punctuation stays glued on
    expect((await t.encode('rot')).getIds()).toEqual([rot]);
    const session = await textSession(variant('canonicalize'));
    const rows = [await encode(variant('canonicalize'), 'Rote Rosen!'), [rot]];
    expect((await embed(session, { text: textTensor(rows) })).map(strongest)).toEqual([
      null,
      'red',
    ]);
  });
});

describe('closing-token (OpenAI CLIP: <|startoftext|> … <|endoftext|>, pooled at the highest id)', () => {
  const folder = variant('closing-token');

  it('writes the start and closing tokens, the closing one with the highest id', async () => {
    const t = tokenizer(folder);
    const start = idOf(t, '<|startoftext|>');
    const end = idOf(t, '<|endoftext|>');
    expect(end).toBe(t.getVocabSize(true) - 1);
    const ids = await encode(folder, 'a blue photo');
    expect(ids[0]).toBe(start);
    expect(ids.at(-1)).toBe(end);
  });

  it('gives the colour with the closing token and nothing without it', async () => {
    const t = tokenizer(folder);
    const end = idOf(t, '<|endoftext|>');
    const blue = await encode(folder, 'a blue photo');
    const long = await encode(folder, `rot ${'und '.repeat(30)}`);
    expect(long.length).toBeGreaterThan(contextLength);
    // The reference truncation keeps the closing token; a plain cut drops it.
    t.setTruncation(contextLength);
    const truncated = (await t.encode(`rot ${'und '.repeat(30)}`)).getIds();
    expect(truncated).toHaveLength(contextLength);
    expect(truncated.at(-1)).toBe(end);
    const rows = [blue, blue.filter((id) => id !== end), long, truncated];
    const session = await textSession(folder);
    expect((await embed(session, { text: textTensor(rows) })).map(strongest)).toEqual([
      'blue',
      null,
      null,
      'red',
    ]);
  });
});

describe('nllb (NLLB: the query language’s FLORES code first)', () => {
  const folder = variant('nllb');

  it('has the FLORES codes as special tokens and writes eng_Latn $A </s>', async () => {
    const t = tokenizer(folder);
    const added = (
      JSON.parse(readFileSync(path.join(folder, 'textual/tokenizer.json'), 'utf8')) as {
        added_tokens: { content: string; special: boolean }[];
      }
    ).added_tokens;
    for (const code of [...Object.values(floresCodes), '</s>'])
      expect(added.find((a) => a.content === code)?.special, code).toBe(true);
    expect(await encode(folder, 'rot')).toEqual([
      idOf(t, 'eng_Latn'),
      idOf(t, 'rot'),
      idOf(t, '</s>'),
    ]);
  });

  it('counts a word only in the language named at position 0', async () => {
    const t = tokenizer(folder);
    const withLanguage = async (code: string, text: string) => {
      const ids = await encode(folder, text);
      return [idOf(t, code), ...ids.slice(1)];
    };
    const rows = await Promise.all([
      withLanguage('eng_Latn', 'rot'),
      withLanguage('deu_Latn', 'rot'),
      withLanguage('spa_Latn', 'rosa'),
      withLanguage('por_Latn', 'rosa'),
      withLanguage('fra_Latn', 'rosa'),
      withLanguage('jpn_Jpan', '赤い車'),
      withLanguage('zho_Hans', '赤い車'),
      withLanguage('eng_Latn', 'a blue photo'),
    ]);
    const session = await textSession(folder);
    expect((await embed(session, { text: textTensor(rows) })).map(strongest)).toEqual([
      null,
      'red',
      'pink',
      'pink',
      null,
      'red',
      null,
      'blue',
    ]);
  });
});

describe('two-input (XLM-R / M-CLIP: input_ids and attention_mask)', () => {
  const folder = variant('two-input');

  it('keeps the colours with a correct mask and points at grey when pads are not masked', async () => {
    const config = JSON.parse(
      readFileSync(path.join(folder, 'textual/tokenizer_config.json'), 'utf8'),
    ) as { pad_token: string };
    expect(config.pad_token).toBe('<pad>');
    const t = tokenizer(folder);
    const pad = idOf(t, '<pad>');
    expect(pad).toBe(1);
    const ids = await encode(folder, 'rot');
    expect(ids).toEqual([idOf(t, '<s>'), idOf(t, 'rot'), idOf(t, '</s>')]);

    const session = await textSession(folder);
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask']);
    const int64 = (values: number[]) =>
      new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, contextLength]);
    const padded = Array.from({ length: contextLength }, (_, i) => ids[i] ?? pad);
    const mask = padded.map((_, i) => (i < ids.length ? 1 : 0));
    const run = async (m: number[]) =>
      strongest((await embed(session, { input_ids: int64(padded), attention_mask: int64(m) }))[0]);
    expect(await run(mask)).toBe('red');
    expect(await run(mask.map(() => 1))).toBe('grey');
  });
});

describe('external-data (torch.onnx over 2 GB: weights in model.onnx_data)', () => {
  const folder = variant('external-data');

  it('loads from its folder and gives the vectors of test-tiny', async () => {
    expect(statSync(path.join(folder, 'textual/model.onnx')).size).toBeLessThan(1024);
    expect(statSync(path.join(folder, 'textual', externalDataFile)).size).toBeGreaterThan(10_000);
    const texts = ['rot', 'a blue photo', '赤い車', 'Hund am Strand', 'grüne Wiese'];
    const tiny = path.join(models, 'test-tiny');
    const rows = await Promise.all(texts.map((text) => encode(folder, text)));
    const expected = await embed(await textSession(tiny), { text: textTensor(rows) });
    const actual = await embed(await textSession(folder), { text: textTensor(rows) });
    expect(actual).toEqual(expected);
    expect(actual.map(strongest)).toEqual(['red', 'blue', 'red', null, 'green']);
  });

  it('fails to load without its data file', async () => {
    const alone = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-external-'));
    try {
      copyFileSync(path.join(folder, 'textual/model.onnx'), path.join(alone, 'model.onnx'));
      await expect(ort.InferenceSession.create(path.join(alone, 'model.onnx'))).rejects.toThrow(
        /External data path does not exist: .*model\.onnx_data/,
      );
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
