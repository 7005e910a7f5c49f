/**
 * @file The parts of a test-tiny model folder, shared by the base model and its variants:
 * the colour-histogram image tower, the colour vocabulary, the token-sum text tower, the
 * tokenizer and config files, and writing a folder to disk.
 *
 * [Note: The test-tiny model]
 * A real CLIP-layout model of a few kilobytes whose two towers share a meaningful space of
 * 11 dimensions, one per colour:
 * - visual/model.onnx takes the preprocessed `image` [batch, 3, 64, 64], undoes the
 *   normalisation, measures every pixel's squared distance to 11 colour prototypes, turns
 *   the distances into soft memberships (softmax) and averages them over the pixels: the
 *   embedding is the photo's colour histogram, so its dominant colour wins.
 * - textual/model.onnx takes token ids `text` [batch, 16] and sums rows of a table in which
 *   each colour word (in ten languages) is a unit vector along its colour and every other
 *   token, [PAD] and [UNK] included, is zero: "rot", "赤" and "a blue photo" point at their
 *   colour, unknown words contribute nothing.
 * - textual/tokenizer.json is a WordPiece tokenizer with BERT normalisation (lowercase, CJK
 *   ideographs split into characters); a whole unknown word becomes [UNK].
 * Its variants (models/test-variants/) change one contract each; see [Note: test-tiny variants].
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { onnx as Onnx } from 'onnx-proto';
import {
  colourCharacters,
  colourRgb,
  colours,
  colourWords,
  type Colour,
  type Language,
} from './colour-words';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-graph';

export const imageSize = 64;
export const contextLength = 16;
/** The embedding dimension: one per colour. */
export const dims = colours.length;
const mean = [0.5, 0.5, 0.5];
const std = [0.5, 0.5, 0.5];
/** Sharpness of the colour memberships: exp(-k · squared RGB distance). */
const membershipSharpness = 30;

/** A symbolic batch dimension ("batch", as open_clip exports with dynamic axes) or a fixed one. */
export type Batch = string | number;

/** A vector of `weight` along one colour. */
export function colourVector(colour: Colour, weight = 1): number[] {
  return colours.map((c) => (c === colour ? weight : 0));
}

/** The image tower's graph: the photo's colour histogram (see [Note: The test-tiny model]). */
export function visualGraph(batch: Batch = 'batch', output = 'embedding'): Onnx.IGraphProto {
  return {
    name: 'test-tiny-visual',
    input: [valueInfo('image', DataType.FLOAT, [batch, 3, imageSize, imageSize])],
    output: [valueInfo(output, DataType.FLOAT, [batch, dims])],
    initializer: [
      floatTensor('std', [1, 3, 1, 1], std),
      floatTensor('mean', [1, 3, 1, 1], mean),
      int64Tensor('flat_shape', [3], [0, 3, -1]),
      int64Tensor('unsqueeze_axes', [1], [2]),
      int64Tensor('channel_axis', [1], [3]),
      floatTensor(
        'prototypes',
        [1, 1, dims, 3],
        colours.flatMap((c) => colourRgb[c]),
      ),
      floatTensor('neg_sharpness', [1], [-membershipSharpness]),
    ],
    node: [
      node('Mul', ['image', 'std'], ['scaled']),
      node('Add', ['scaled', 'mean'], ['rgb']), // back to 0–1 sRGB
      node('Reshape', ['rgb', 'flat_shape'], ['flat']), // [N, 3, P]
      node('Transpose', ['flat'], ['pixels'], { perm: [0, 2, 1] }), // [N, P, 3]
      node('Unsqueeze', ['pixels', 'unsqueeze_axes'], ['pixels4']), // [N, P, 1, 3]
      node('Sub', ['pixels4', 'prototypes'], ['diff']), // [N, P, k, 3]
      node('Mul', ['diff', 'diff'], ['squared']),
      node('ReduceSum', ['squared', 'channel_axis'], ['distance'], { keepdims: 0 }), // [N, P, k]
      node('Mul', ['distance', 'neg_sharpness'], ['logits']),
      node('Softmax', ['logits'], ['membership'], { axis: 2 }),
      node('ReduceMean', ['membership'], [output], { axes: [1], keepdims: 0 }), // [N, k]
    ],
  };
}

/** The image tower: the photo's colour histogram (see [Note: The test-tiny model]). */
export function visualModel(batch: Batch = 'batch', output = 'embedding'): Uint8Array {
  return encodeModel(
    visualGraph(batch, output),
    'Colour histogram over 11 prototypes; see [Note: The test-tiny model] in scripts/test-tiny.',
  );
}

/** A special token of a vocabulary; its row is zero unless given (two-input's loud pad). */
export interface SpecialToken {
  content: string;
  row?: number[];
}

/** Tokens by id, their vectors, and the languages each colour word belongs to. */
export interface Vocabulary {
  tokens: string[];
  rows: number[][];
  languages: Language[][];
  /** The special tokens (added_tokens of tokenizer.json). */
  special: string[];
}

/**
 * The colour vocabulary between `leading` special tokens (ids 0…) and `trailing` ones (the
 * highest ids): colour words and characters, then kana continuations.
 */
export function buildVocabulary(
  leading: SpecialToken[] = [{ content: '[PAD]' }, { content: '[UNK]' }],
  trailing: SpecialToken[] = [],
): Vocabulary {
  const vocab: Vocabulary = { tokens: [], rows: [], languages: [], special: [] };
  const zero = () => new Array<number>(dims).fill(0);
  const add = (token: string, row: number[], languages: Language[] = []) => {
    if (vocab.tokens.includes(token)) throw new Error(`duplicate token ${token}`);
    vocab.tokens.push(token);
    vocab.rows.push(row);
    vocab.languages.push(languages);
  };
  const addSpecial = ({ content, row }: SpecialToken) => {
    add(content, row ?? zero());
    vocab.special.push(content);
  };
  leading.forEach(addSpecial);
  for (const colour of colours) {
    for (const [word, ...languages] of colourWords[colour])
      add(word.normalize('NFC'), colourVector(colour), languages);
    for (const [char, weight, ...languages] of colourCharacters[colour])
      add(char, colourVector(colour, weight), languages);
  }
  // Kana continuations ("オレンジ" + "##の") so a colour in katakana followed by a particle is found;
  // they carry no colour themselves.
  for (let cp = 0x3041; cp <= 0x30ff; cp++) add(`##${String.fromCodePoint(cp)}`, zero());
  trailing.forEach(addSpecial);
  return vocab;
}

/** The id of a token of `vocab`; throws for an unknown token (a typo in a builder). */
export function tokenId(vocab: Vocabulary, token: string): number {
  const id = vocab.tokens.indexOf(token);
  if (id < 0) throw new Error(`no token ${token}`);
  return id;
}

/** The token table initializer: one row per token id. */
export function tokenTable(vocab: Vocabulary): Onnx.ITensorProto {
  return floatTensor('token_table', [vocab.tokens.length, dims], vocab.rows.flat());
}

/** How a token-sum text tower differs from the base one. */
export interface SumTextualOptions {
  batch?: Batch;
  output?: string;
  /** The token table, e.g. stored as external data; default inline. */
  table?: Onnx.ITensorProto;
}

/** The base text tower: the sum of the token vectors (see [Note: The test-tiny model]). */
export function sumTextualModel(vocab: Vocabulary, options: SumTextualOptions = {}): Uint8Array {
  const { batch = 'batch', output = 'embedding', table = tokenTable(vocab) } = options;
  const graph = {
    name: 'test-tiny-textual',
    input: [valueInfo('text', DataType.INT32, [batch, contextLength])],
    output: [valueInfo(output, DataType.FLOAT, [batch, dims])],
    initializer: [table, int64Tensor('token_axis', [1], [1])],
    node: [
      node('Gather', ['token_table', 'text'], ['token_vectors'], { axis: 0 }), // [N, L, k]
      node('ReduceSum', ['token_vectors', 'token_axis'], [output], { keepdims: 0 }), // [N, k]
    ],
  };
  return encodeModel(
    graph,
    'Sum of per-token colour vectors; see [Note: The test-tiny model] in scripts/test-tiny.',
  );
}

/** How a tokenizer differs from the base one (BERT-normalised WordPiece, no template). */
export interface TokenizerOptions {
  lowercase?: boolean;
  preTokenizer?: object;
  postProcessor?: object | null;
  unk?: string;
}

/** textual/tokenizer.json in Hugging Face's format. */
export function tokenizerJson(vocab: Vocabulary, options: TokenizerOptions = {}): object {
  const { lowercase = true, postProcessor = null, unk = '[UNK]' } = options;
  const special = (content: string) => ({
    id: tokenId(vocab, content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: vocab.special.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: false,
      lowercase,
    },
    pre_tokenizer: options.preTokenizer ?? { type: 'BertPreTokenizer' },
    post_processor: postProcessor,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.tokens.map((t, i) => [t, i])),
    },
  };
}

/**
 * A TemplateProcessing post-processor that writes `before` and `after` around the text (the
 * way CLIP writes <|startoftext|> … <|endoftext|> and NLLB eng_Latn … </s>).
 */
export function templateProcessing(vocab: Vocabulary, before: string[], after: string[]): object {
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const sequence = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    type: 'TemplateProcessing',
    single: [...before.map(special), sequence('A', 0), ...after.map(special)],
    pair: [...before.map(special), sequence('A', 0), sequence('B', 1), ...after.map(special)],
    special_tokens: Object.fromEntries(
      [...before, ...after].map((t) => [t, { id: t, ids: [tokenId(vocab, t)], tokens: [t] }]),
    ),
  };
}

/** Everything a model folder is made of; only `textual` is required. */
export interface FolderOptions {
  vocab?: Vocabulary;
  visual?: Uint8Array;
  textual?: Uint8Array;
  /** More files beside the towers, by path in the folder (external data). */
  extraFiles?: Record<string, Uint8Array>;
  tokenizer?: TokenizerOptions;
  pad?: string;
  /** More special tokens for tokenizer_config.json and special_tokens_map.json (eos_token, …). */
  specialTokens?: Record<string, string>;
  /** More text_cfg keys for config.json (tokenizer_kwargs, …). */
  textCfg?: Record<string, unknown>;
  /** config.json's embed_dim when the towers map the colours into a larger space. */
  embedDim?: number;
}

/** A model folder's files by relative path: bytes, or a value written as JSON. */
export type ModelFolder = Record<string, Uint8Array | object>;

/** The files of a CLIP-layout folder; the defaults are test-tiny itself. */
export function modelFolder(options: FolderOptions = {}): ModelFolder {
  const vocab = options.vocab ?? buildVocabulary();
  const { tokenizer = {}, pad = '[PAD]', specialTokens = {} } = options;
  const unk = tokenizer.unk ?? '[UNK]';
  return {
    'config.json': {
      embed_dim: options.embedDim ?? dims,
      vision_cfg: { image_size: imageSize, layers: 0, width: 0, patch_size: imageSize },
      text_cfg: {
        context_length: contextLength,
        vocab_size: vocab.tokens.length,
        width: 0,
        heads: 0,
        layers: 0,
        ...options.textCfg,
      },
    },
    'visual/model.onnx': options.visual ?? visualModel(),
    'visual/preprocess_cfg.json': {
      size: [imageSize, imageSize],
      mode: 'RGB',
      mean,
      std,
      interpolation: 'bicubic',
      resize_mode: 'squash',
      fill_color: 0,
    },
    'textual/model.onnx': options.textual ?? sumTextualModel(vocab),
    ...options.extraFiles,
    'textual/tokenizer.json': tokenizerJson(vocab, tokenizer),
    'textual/tokenizer_config.json': {
      model_max_length: contextLength,
      pad_token: pad,
      unk_token: unk,
      do_lower_case: tokenizer.lowercase ?? true,
      tokenizer_class: 'PreTrainedTokenizerFast',
      clean_up_tokenization_spaces: true,
      ...specialTokens,
    },
    'textual/special_tokens_map.json': { pad_token: pad, unk_token: unk, ...specialTokens },
  };
}

/** Writes a folder's files under `dir` (JSON pretty-printed with a final newline). */
export function writeModelFolder(dir: string, folder: ModelFolder): void {
  for (const [file, content] of Object.entries(folder)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(
      target,
      content instanceof Uint8Array ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
  }
}
