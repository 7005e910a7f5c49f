/**
 * @file The score-regime variants of test-tiny (models/test-variants/siglip-scores and
 * clip-scores): the same colour space, with cosines in the ranges real models give.
 *
 * [Note: Score-regime variants]
 * test-tiny's cosines are near 1 for a photo's colour and near 0 for the rest, a range no real
 * model has, so calibration and relevance tested on it alone prove little. These variants map
 * both towers' colour vectors (unit length) into a 22-dimensional space where
 *
 *   cos(photo, text) = colourWeight · (photo colour · text colour)   the signal
 *                    + shared                                           a constant offset
 *                    + crossTalk · (A·photo colour) · (B·text colour)   structured "noise"
 *
 * A and B are fixed pseudo-random 8 × 11 matrices with unit columns, so a red photo's score
 * for "blue" differs from a green photo's, by ± ~0.01–0.02 as between unrelated concepts of real
 * models; each tower's own private dimension makes up the rest of its unit length.
 * - siglip-scores: colour 0.10, shared 0.0 → true label ≈ 0.10, false ≈ 0.0 (base SigLIP's
 *   published true-label cosine on ImageNet is ≈ 0.095–0.10).
 * - clip-scores: colour 0.10, shared 0.20 → true ≈ 0.30, false ≈ 0.20 (OpenAI CLIP's band).
 * A text without colour words (every tag but the colours) gets the shared offset alone, the
 * same score for every photo.
 */
import type { onnx as Onnx } from 'onnx-proto';
import { colours } from './colour-words';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-graph';
import {
  buildVocabulary,
  contextLength,
  dims,
  modelFolder,
  tokenTable,
  visualGraph,
  type ModelFolder,
} from './model-folder';

/** Dimensions of the cross-talk subspace. */
const crossDims = 8;
/** Colours, shared offset, image-private, text-private, cross-talk. */
export const regimeDimension = dims + 3 + crossDims;
const sharedAt = dims;
const imagePrivateAt = dims + 1;
const textPrivateAt = dims + 2;
const crossAt = dims + 3;

/** How one regime splits each tower's unit length. */
interface Regime {
  name: string;
  /** Image and text weights of the colour part: their product is the true-label signal. */
  colour: [number, number];
  /** Image and text weights of the shared dimension: their product is the constant offset. */
  shared: [number, number];
  /** Image and text weights of the cross-talk part. */
  cross: [number, number];
}

/** A deterministic pseudo-random matrix [crossDims, colours] with unit columns. */
function unitColumns(seed: number): number[][] {
  const value = (i: number) => {
    const x = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
    return 2 * (x - Math.floor(x)) - 1;
  };
  const columns = colours.map((_, c) =>
    Array.from({ length: crossDims }, (_, r) => value(c * crossDims + r)),
  );
  return columns.map((col) => {
    const norm = Math.hypot(...col);
    return col.map((v) => v / norm);
  });
}

/**
 * The head both towers end with: the colour vector made unit length (zero stays zero), then
 * mixed into the regime's space: `embedding = unit · W + b`.
 */
function head(
  input: string,
  output: string,
  weights: { colour: number; shared: number; cross: number; privateAt: number },
  columns: number[][],
): { initializer: Onnx.ITensorProto[]; nodes: Onnx.INodeProto[] } {
  const w = Array.from({ length: dims }, () => new Array<number>(regimeDimension).fill(0));
  colours.forEach((_, c) => {
    const row = w[c] ?? [];
    row[c] = weights.colour;
    (columns[c] ?? []).forEach((v, r) => {
      row[crossAt + r] = weights.cross * v;
    });
  });
  const bias = new Array<number>(regimeDimension).fill(0);
  bias[sharedAt] = weights.shared;
  const used = weights.colour ** 2 + weights.shared ** 2 + weights.cross ** 2;
  bias[weights.privateAt] = Math.sqrt(1 - used);
  return {
    initializer: [
      floatTensor('mix', [dims, regimeDimension], w.flat()),
      floatTensor('offset', [regimeDimension], bias),
      floatTensor('epsilon', [1], [1e-12]),
    ],
    nodes: [
      node('ReduceL2', [input], ['colour_norm'], { axes: [1], keepdims: 1 }), // [N, 1]
      node('Add', ['colour_norm', 'epsilon'], ['colour_norm_safe']),
      node('Div', [input, 'colour_norm_safe'], ['colour_unit']), // [N, k]
      node('MatMul', ['colour_unit', 'mix'], ['mixed']), // [N, D]
      node('Add', ['mixed', 'offset'], [output]),
    ],
  };
}

const docString = (name: string) =>
  `test-tiny score-regime variant ${name}; see [Note: Score-regime variants] in scripts/test-tiny.`;

function regimeFolder(regime: Regime): ModelFolder {
  const vocab = buildVocabulary();
  const imageColumns = unitColumns(1);
  const textColumns = unitColumns(2);

  const visual = visualGraph('batch', 'histogram');
  const visualHead = head(
    'histogram',
    'embedding',
    {
      colour: regime.colour[0],
      shared: regime.shared[0],
      cross: regime.cross[0],
      privateAt: imagePrivateAt,
    },
    imageColumns,
  );
  const visualModel = encodeModel(
    {
      ...visual,
      name: `test-tiny-${regime.name}-visual`,
      output: [valueInfo('embedding', DataType.FLOAT, ['batch', regimeDimension])],
      initializer: [...(visual.initializer ?? []), ...visualHead.initializer],
      node: [...(visual.node ?? []), ...visualHead.nodes],
    },
    docString(regime.name),
  );

  const textHead = head(
    'colour_sum',
    'embedding',
    {
      colour: regime.colour[1],
      shared: regime.shared[1],
      cross: regime.cross[1],
      privateAt: textPrivateAt,
    },
    textColumns,
  );
  const textualModel = encodeModel(
    {
      name: `test-tiny-${regime.name}-textual`,
      input: [valueInfo('text', DataType.INT32, ['batch', contextLength])],
      output: [valueInfo('embedding', DataType.FLOAT, ['batch', regimeDimension])],
      initializer: [
        tokenTable(vocab),
        int64Tensor('token_axis', [1], [1]),
        ...textHead.initializer,
      ],
      node: [
        node('Gather', ['token_table', 'text'], ['token_vectors'], { axis: 0 }), // [N, L, k]
        node('ReduceSum', ['token_vectors', 'token_axis'], ['colour_sum'], { keepdims: 0 }),
        ...textHead.nodes,
      ],
    },
    docString(regime.name),
  );
  return modelFolder({
    vocab,
    visual: visualModel,
    textual: textualModel,
    embedDim: regimeDimension,
  });
}

/** True label ≈ 0.10, false ≈ 0.0 (see [Note: Score-regime variants]). */
export const siglipScores = () =>
  regimeFolder({ name: 'siglip-scores', colour: [0.3, 1 / 3], shared: [0, 0], cross: [0.15, 0.2] });

/** True label ≈ 0.30, false ≈ 0.20 (see [Note: Score-regime variants]). */
export const clipScores = () =>
  regimeFolder({
    name: 'clip-scores',
    colour: [0.3, 1 / 3],
    shared: [0.5, 0.4],
    cross: [0.15, 0.2],
  });
