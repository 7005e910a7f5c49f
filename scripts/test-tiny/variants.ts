/**
 * @file The test-tiny variants (models/test-variants/<name>/): test-tiny with one real model
 * contract each, so that tests exercise what Immich's exports ask of the app.
 *
 * [Note: test-tiny variants]
 * Every variant keeps test-tiny's colour space (see [Note: The test-tiny model]), so the colour
 * tests run on it once the app honours the contract, and fail (or find nothing) when it does
 * not:
 * - static-batch: every input and output has batch 1 and the outputs are named
 *   image_embedding / text_embedding, as Immich's exporter writes them (no dynamic axes).
 * - canonicalize: a case-sensitive tokenizer that splits on whitespace only, and config.json
 *   text_cfg.tokenizer_kwargs.clean = "canonicalize" (open_clip's SigLIP cleaning: lowercase,
 *   no punctuation): "ROT" and "rot," are unknown unless the text is cleaned first.
 * - closing-token: <|startoftext|> $A <|endoftext|>, the closing token with the highest id
 *   (OpenAI CLIP pools at the argmax of the ids); the text tower gives zero when the closing
 *   token is missing, so a truncation that drops it finds nothing.
 * - nllb: the template writes eng_Latn $A </s>; a colour word counts only when it belongs to
 *   the language of the FLORES code at position 0, which the app must set to the query's.
 * - two-input: `input_ids` and `attention_mask` (int64), as XLM-R / M-CLIP exports; the pad
 *   token <pad> (id 1) points loudly at grey, so only a correct mask keeps the colours.
 * - external-data: the token table lives in textual/model.onnx_data beside the graph, as
 *   torch.onnx writes towers over 2 GB.
 * - siglip-scores, clip-scores: the colours in the cosine ranges of real models (22
 *   dimensions); see [Note: Score-regime variants].
 */
import type { onnx as Onnx } from 'onnx-proto';
import { languages, type Language } from './colour-words';
import {
  DataType,
  encodeModel,
  externalFloatTensor,
  floatTensor,
  int32Tensor,
  int64Tensor,
  node,
  valueInfo,
} from './onnx-graph';
import {
  buildVocabulary,
  colourVector,
  contextLength,
  dims,
  modelFolder,
  sumTextualModel,
  templateProcessing,
  tokenId,
  tokenTable,
  visualModel,
  type ModelFolder,
} from './model-folder';
import { clipScores, siglipScores } from './score-regimes';

const docString = (name: string) =>
  `test-tiny variant ${name}; see [Note: test-tiny variants] in scripts/test-tiny.`;

/**
 * A variant's text tower: test-tiny's dynamic-batch `embedding` output, and its int32 `text`
 * input unless `input` says otherwise.
 */
function textualModel(
  name: string,
  initializer: Onnx.ITensorProto[],
  nodes: Onnx.INodeProto[],
  input = [valueInfo('text', DataType.INT32, ['batch', contextLength])],
): Uint8Array {
  const graph = {
    name: `test-tiny-${name}-textual`,
    input,
    output: [valueInfo('embedding', DataType.FLOAT, ['batch', dims])],
    initializer,
    node: nodes,
  };
  return encodeModel(graph, docString(name));
}

function staticBatch(): ModelFolder {
  const vocab = buildVocabulary();
  return modelFolder({
    vocab,
    visual: visualModel(1, 'image_embedding'),
    textual: sumTextualModel(vocab, { batch: 1, output: 'text_embedding' }),
  });
}

function canonicalize(): ModelFolder {
  return modelFolder({
    // Whitespace only, as SentencePiece: punctuation stays glued to the word unless cleaned away.
    tokenizer: { lowercase: false, preTokenizer: { type: 'WhitespaceSplit' } },
    textCfg: { tokenizer_kwargs: { clean: 'canonicalize' } },
  });
}

function closingToken(): ModelFolder {
  const start = '<|startoftext|>';
  const end = '<|endoftext|>';
  const vocab = buildVocabulary(undefined, [{ content: start }, { content: end }]);
  const textual = textualModel(
    'closing-token',
    [
      tokenTable(vocab),
      int64Tensor('token_axis', [1], [1]),
      int32Tensor('closing_id', [], [tokenId(vocab, end)]),
    ],
    [
      node('Gather', ['token_table', 'text'], ['token_vectors'], { axis: 0 }), // [N, L, k]
      node('ReduceSum', ['token_vectors', 'token_axis'], ['colour_sum'], { keepdims: 0 }), // [N, k]
      node('Equal', ['text', 'closing_id'], ['is_closing']), // [N, L]
      node('Cast', ['is_closing'], ['is_closing_float'], { to: DataType.FLOAT }),
      node('ReduceMax', ['is_closing_float'], ['has_closing'], { axes: [1], keepdims: 1 }), // [N, 1]
      node('Mul', ['colour_sum', 'has_closing'], ['embedding']),
    ],
  );
  return modelFolder({
    vocab,
    textual,
    tokenizer: { postProcessor: templateProcessing(vocab, [start], [end]) },
    specialTokens: { bos_token: start, eos_token: end },
  });
}

/** NLLB's FLORES-200 code of each colour-word language. */
export const floresCodes: Record<Language, string> = {
  en: 'eng_Latn',
  de: 'deu_Latn',
  fr: 'fra_Latn',
  es: 'spa_Latn',
  it: 'ita_Latn',
  pt: 'por_Latn',
  ru: 'rus_Cyrl',
  zh: 'zho_Hans',
  ja: 'jpn_Jpan',
  ar: 'arb_Arab',
};

function nllb(): ModelFolder {
  const codes = Object.values(floresCodes);
  const vocab = buildVocabulary(
    undefined,
    ['</s>', ...codes].map((content) => ({ content })),
  );
  // [vocab, languages] 0/1: which languages a token is a word of, and which language a FLORES code names.
  const oneHot = (set: Language[]) => languages.map((l) => (set.includes(l) ? 1 : 0));
  const wordLanguages = vocab.languages.flatMap(oneHot);
  const codeLanguages = vocab.tokens.flatMap((t) =>
    oneHot(languages.filter((l) => floresCodes[l] === t)),
  );
  const textual = textualModel(
    'nllb',
    [
      tokenTable(vocab),
      floatTensor('word_languages', [vocab.tokens.length, languages.length], wordLanguages),
      floatTensor('code_languages', [vocab.tokens.length, languages.length], codeLanguages),
      int64Tensor('first_position', [], [0]),
      int64Tensor('position_axis', [1], [1]),
      int64Tensor('language_axis', [1], [2]),
    ],
    [
      node('Gather', ['token_table', 'text'], ['token_vectors'], { axis: 0 }), // [N, L, k]
      node('Gather', ['word_languages', 'text'], ['token_languages'], { axis: 0 }), // [N, L, G]
      node('Gather', ['text', 'first_position'], ['first_token'], { axis: 1 }), // [N]
      node('Gather', ['code_languages', 'first_token'], ['query_language'], { axis: 0 }), // [N, G]
      node('Unsqueeze', ['query_language', 'position_axis'], ['query_language3']), // [N, 1, G]
      node('Mul', ['token_languages', 'query_language3'], ['matches']), // [N, L, G]
      node('ReduceSum', ['matches', 'language_axis'], ['in_language'], { keepdims: 1 }), // [N, L, 1]
      node('Mul', ['token_vectors', 'in_language'], ['counted']), // [N, L, k]
      node('ReduceSum', ['counted', 'position_axis'], ['embedding'], { keepdims: 0 }), // [N, k]
    ],
  );
  return modelFolder({
    vocab,
    textual,
    // NLLB's tokenizer.json always writes eng_Latn; the app swaps in the query's language.
    tokenizer: { postProcessor: templateProcessing(vocab, ['eng_Latn'], ['</s>']) },
    specialTokens: { eos_token: '</s>' },
  });
}

function twoInput(): ModelFolder {
  const vocab = buildVocabulary([
    { content: '<s>' },
    { content: '<pad>', row: colourVector('grey', 10) },
    { content: '</s>' },
    { content: '<unk>' },
  ]);
  const textual = textualModel(
    'two-input',
    [tokenTable(vocab), int64Tensor('token_axis', [1], [1]), int64Tensor('mask_axis', [1], [2])],
    [
      node('Gather', ['token_table', 'input_ids'], ['token_vectors'], { axis: 0 }), // [N, L, k]
      node('Cast', ['attention_mask'], ['mask_float'], { to: DataType.FLOAT }), // [N, L]
      node('Unsqueeze', ['mask_float', 'mask_axis'], ['mask3']), // [N, L, 1]
      node('Mul', ['token_vectors', 'mask3'], ['masked']),
      node('ReduceSum', ['masked', 'token_axis'], ['embedding'], { keepdims: 0 }), // [N, k]
    ],
    [
      valueInfo('input_ids', DataType.INT64, ['batch', contextLength]),
      valueInfo('attention_mask', DataType.INT64, ['batch', contextLength]),
    ],
  );
  return modelFolder({
    vocab,
    textual,
    tokenizer: {
      unk: '<unk>',
      postProcessor: {
        type: 'RobertaProcessing',
        sep: ['</s>', tokenId(vocab, '</s>')],
        cls: ['<s>', tokenId(vocab, '<s>')],
        trim_offsets: true,
        add_prefix_space: true,
      },
    },
    pad: '<pad>',
    specialTokens: { bos_token: '<s>', eos_token: '</s>' },
  });
}

/** The file torch.onnx writes a large tower's weights to, beside model.onnx. */
export const externalDataFile = 'model.onnx_data';

function externalData(): ModelFolder {
  const vocab = buildVocabulary();
  const { tensor, data } = externalFloatTensor(
    'token_table',
    [vocab.tokens.length, dims],
    vocab.rows.flat(),
    externalDataFile,
  );
  return modelFolder({
    vocab,
    textual: sumTextualModel(vocab, { table: tensor }),
    extraFiles: { [`textual/${externalDataFile}`]: data },
  });
}

/** The variants by folder name (see [Note: test-tiny variants]). */
export const variants: Record<string, () => ModelFolder> = {
  'static-batch': staticBatch,
  canonicalize,
  'closing-token': closingToken,
  nllb,
  'two-input': twoInput,
  'external-data': externalData,
  'siglip-scores': siglipScores,
  'clip-scores': clipScores,
};
