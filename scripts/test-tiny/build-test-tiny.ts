/**
 * @file Builds models/test-tiny deterministically (`npm run build:test-tiny`).
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
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { colourCharacters, colourRgb, colours, colourWords } from './colour-words';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-graph';

// Output folder: the first argument, else models/test-tiny (run from the repository root, as scripts/run-ts.mjs does).
const root = path.resolve(process.argv[2] ?? path.join('models', 'test-tiny'));
const imageSize = 64;
const contextLength = 16;
const mean = [0.5, 0.5, 0.5];
const std = [0.5, 0.5, 0.5];
/** Sharpness of the colour memberships: exp(-k · squared RGB distance). */
const membershipSharpness = 30;

function writeJson(file: string, value: unknown): void {
  writeFileSync(path.join(root, file), `${JSON.stringify(value, null, 2)}\n`);
}

function buildVisual(): Uint8Array {
  const k = colours.length;
  const graph = {
    name: 'test-tiny-visual',
    input: [valueInfo('image', DataType.FLOAT, ['batch', 3, imageSize, imageSize])],
    output: [valueInfo('embedding', DataType.FLOAT, ['batch', k])],
    initializer: [
      floatTensor('std', [1, 3, 1, 1], std),
      floatTensor('mean', [1, 3, 1, 1], mean),
      int64Tensor('flat_shape', [3], [0, 3, -1]),
      int64Tensor('unsqueeze_axes', [1], [2]),
      int64Tensor('channel_axis', [1], [3]),
      floatTensor(
        'prototypes',
        [1, 1, k, 3],
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
      node('ReduceMean', ['membership'], ['embedding'], { axes: [1], keepdims: 0 }), // [N, k]
    ],
  };
  return encodeModel(
    graph,
    'Colour histogram over 11 prototypes; see [Note: The test-tiny model] in scripts/test-tiny.',
  );
}

interface Vocabulary {
  tokens: string[];
  rows: number[][];
}

function buildVocabulary(): Vocabulary {
  const k = colours.length;
  const zero = () => new Array<number>(k).fill(0);
  const tokens = ['[PAD]', '[UNK]'];
  const rows = [zero(), zero()];
  const add = (token: string, row: number[]) => {
    if (tokens.includes(token)) throw new Error(`duplicate token ${token}`);
    tokens.push(token);
    rows.push(row);
  };
  colours.forEach((colour, i) => {
    const unit = (weight: number) => zero().map((_, j) => (j === i ? weight : 0));
    for (const word of colourWords[colour]) add(word.normalize('NFC'), unit(1));
    for (const [char, weight] of colourCharacters[colour]) add(char, unit(weight));
  });
  // Kana continuations ("オレンジ" + "##の") so a colour in katakana followed by a particle is found;
  // they carry no colour themselves.
  for (let cp = 0x3041; cp <= 0x30ff; cp++) add(`##${String.fromCodePoint(cp)}`, zero());
  return { tokens, rows };
}

function buildTextual(vocab: Vocabulary): Uint8Array {
  const k = colours.length;
  const graph = {
    name: 'test-tiny-textual',
    input: [valueInfo('text', DataType.INT32, ['batch', contextLength])],
    output: [valueInfo('embedding', DataType.FLOAT, ['batch', k])],
    initializer: [
      floatTensor('token_table', [vocab.tokens.length, k], vocab.rows.flat()),
      int64Tensor('token_axis', [1], [1]),
    ],
    node: [
      node('Gather', ['token_table', 'text'], ['token_vectors'], { axis: 0 }), // [N, L, k]
      node('ReduceSum', ['token_vectors', 'token_axis'], ['embedding'], { keepdims: 0 }), // [N, k]
    ],
  };
  return encodeModel(
    graph,
    'Sum of per-token colour vectors; see [Note: The test-tiny model] in scripts/test-tiny.',
  );
}

function tokenizerJson(vocab: Vocabulary): unknown {
  const special = (id: number, content: string) => ({
    id,
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
    added_tokens: [special(0, '[PAD]'), special(1, '[UNK]')],
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: false,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.tokens.map((t, i) => [t, i])),
    },
  };
}

mkdirSync(path.join(root, 'visual'), { recursive: true });
mkdirSync(path.join(root, 'textual'), { recursive: true });
const vocab = buildVocabulary();
writeJson('config.json', {
  embed_dim: colours.length,
  vision_cfg: { image_size: imageSize, layers: 0, width: 0, patch_size: imageSize },
  text_cfg: {
    context_length: contextLength,
    vocab_size: vocab.tokens.length,
    width: 0,
    heads: 0,
    layers: 0,
  },
});
writeFileSync(path.join(root, 'visual', 'model.onnx'), buildVisual());
writeJson('visual/preprocess_cfg.json', {
  size: [imageSize, imageSize],
  mode: 'RGB',
  mean,
  std,
  interpolation: 'bicubic',
  resize_mode: 'squash',
  fill_color: 0,
});
writeFileSync(path.join(root, 'textual', 'model.onnx'), buildTextual(vocab));
writeJson('textual/tokenizer.json', tokenizerJson(vocab));
writeJson('textual/tokenizer_config.json', {
  model_max_length: contextLength,
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  do_lower_case: true,
  tokenizer_class: 'PreTrainedTokenizerFast',
  clean_up_tokenization_spaces: true,
});
writeJson('textual/special_tokens_map.json', { pad_token: '[PAD]', unk_token: '[UNK]' });
console.log(
  `test-tiny: ${String(vocab.tokens.length)} tokens, ${String(colours.length)} dimensions → ${root}`,
);
