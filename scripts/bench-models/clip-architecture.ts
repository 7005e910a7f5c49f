/**
 * @file ONNX graphs with the architecture and tensor shapes of open_clip SigLIP models —
 * a ViT image tower with attention pooling and a bidirectional text transformer pooled at
 * the last token — filled with seeded random weights. `npm run bench:embed` runs them: the
 * compute (and weight memory) is that of the real model, the vectors mean nothing.
 *
 * The op patterns are those torch.onnx exports produce (LayerNormalization, MatMul + Add,
 * tanh-GELU as arithmetic), so onnxruntime's graph optimiser fuses them as it would fuse a
 * downloaded model's.
 */
import type { onnx as Onnx } from 'onnx-proto';
import {
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  node,
  rawFloatTensor,
  valueInfo,
} from '../test-tiny/onnx-graph';

export interface TransformerShape {
  width: number;
  layers: number;
  heads: number;
  mlpRatio: number;
}

export interface VisionShape extends TransformerShape {
  imageSize: number;
  patchSize: number;
}

export interface TextShape extends TransformerShape {
  vocabSize: number;
  contextLength: number;
}

/**
 * How a graph declares its batch and names its output: the weights and the compute do not
 * depend on it, so one architecture can be built in both shapes.
 */
export interface ExportShape {
  /** A fixed batch dimension, or null for a symbolic (dynamic) one. */
  batch: number | null;
  imageOutput: string;
  textOutput: string;
}

/** Dynamic batch, our own output names: the first bench graphs. */
export const dynamicExport: ExportShape = {
  batch: null,
  imageOutput: 'image_embeds',
  textOutput: 'text_embeds',
};

/**
 * Immich's exports (see [Note: Real model contract]): traced from a batch of one without
 * dynamic axes, outputs named by the exporter.
 */
export const immichExport: ExportShape = {
  batch: 1,
  imageOutput: 'image_embedding',
  textOutput: 'text_embedding',
};

/** A seeded uniform generator (xorshift32): the same model bytes on every machine. */
class Weights {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }

  /** Values uniform in ±scale·√3 (standard deviation `scale`), like a truncated-normal init. */
  fill(count: number, scale = 0.02): Float32Array {
    const out = new Float32Array(count);
    const k = (scale * Math.sqrt(3) * 2) / 4294967296;
    let x = this.#state;
    for (let i = 0; i < count; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = (x >>> 0) * k - scale * Math.sqrt(3);
    }
    this.#state = x;
    return out;
  }
}

/** Accumulates nodes and initializers with unique names. */
class GraphBuilder {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly initializers: Onnx.ITensorProto[] = [];
  #next = 0;

  constructor(readonly weights: Weights) {}

  name(hint: string): string {
    this.#next++;
    return `${hint}_${String(this.#next)}`;
  }

  op(opType: string, inputs: string[], attributes: Parameters<typeof node>[3] = {}): string {
    const out = this.name(opType.toLowerCase());
    this.nodes.push(node(opType, inputs, [out], attributes));
    return out;
  }

  random(hint: string, dims: number[], scale?: number): string {
    const name = this.name(hint);
    this.initializers.push(
      rawFloatTensor(
        name,
        dims,
        this.weights.fill(
          dims.reduce((a, b) => a * b, 1),
          scale,
        ),
      ),
    );
    return name;
  }

  constant(hint: string, dims: number[], values: number[]): string {
    const name = this.name(hint);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  ints(hint: string, values: number[]): string {
    const name = this.name(hint);
    this.initializers.push(int64Tensor(name, [values.length], values));
    return name;
  }

  linear(x: string, inDim: number, outDim: number): string {
    return this.op('Add', [
      this.op('MatMul', [x, this.random('w', [inDim, outDim])]),
      this.random('b', [outDim], 0.01),
    ]);
  }

  layerNorm(x: string, width: number): string {
    return this.op(
      'LayerNormalization',
      [
        x,
        this.constant('ln_g', [width], new Array<number>(width).fill(1)),
        this.constant('ln_b', [width], new Array<number>(width).fill(0)),
      ],
      { axis: -1, epsilon: 1e-6 },
    );
  }

  /** GELU, tanh approximation (SigLIP's), written out the way exporters emit it. */
  gelu(x: string): string {
    const c = (v: number) => this.constant('c', [], [v]);
    const cube = this.op('Mul', [this.op('Mul', [x, x]), x]);
    const inner = this.op('Mul', [
      this.op('Add', [x, this.op('Mul', [cube, c(0.044715)])]),
      c(Math.sqrt(2 / Math.PI)),
    ]);
    return this.op('Mul', [
      this.op('Mul', [x, c(0.5)]),
      this.op('Add', [this.op('Tanh', [inner]), c(1)]),
    ]);
  }

  /** Multi-head attention of queries `q` ([B, Tq, W]) over `kv` ([B, T, W]). */
  attention(q: string, kv: string, s: TransformerShape): string {
    const headDim = s.width / s.heads;
    const split = (x: string, perm: number[]) =>
      this.op(
        'Transpose',
        [this.op('Reshape', [x, this.ints('shape', [0, -1, s.heads, headDim])])],
        { perm },
      );
    const query = split(this.linear(q, s.width, s.width), [0, 2, 1, 3]);
    const key = split(this.linear(kv, s.width, s.width), [0, 2, 3, 1]);
    const value = split(this.linear(kv, s.width, s.width), [0, 2, 1, 3]);
    const scores = this.op('Mul', [
      this.op('MatMul', [query, key]),
      this.constant('scale', [], [1 / Math.sqrt(headDim)]),
    ]);
    const mixed = this.op('MatMul', [this.op('Softmax', [scores], { axis: -1 }), value]);
    const merged = this.op('Reshape', [
      this.op('Transpose', [mixed], { perm: [0, 2, 1, 3] }),
      this.ints('shape', [0, -1, s.width]),
    ]);
    return this.linear(merged, s.width, s.width);
  }

  mlp(x: string, s: TransformerShape): string {
    const hidden = s.width * s.mlpRatio;
    return this.linear(this.gelu(this.linear(x, s.width, hidden)), hidden, s.width);
  }

  /** A pre-norm transformer block: x + attn(ln(x)), then + mlp(ln(x)). */
  block(x: string, s: TransformerShape): string {
    const normed = this.layerNorm(x, s.width);
    const afterAttention = this.op('Add', [x, this.attention(normed, normed, s)]);
    return this.op('Add', [afterAttention, this.mlp(this.layerNorm(afterAttention, s.width), s)]);
  }
}

function encode(
  b: GraphBuilder,
  name: string,
  input: Onnx.IValueInfoProto,
  output: string,
  dimension: number,
  batch: number | string,
): Uint8Array {
  const graph: Onnx.IGraphProto = {
    name,
    node: b.nodes,
    initializer: b.initializers,
    input: [input],
    output: [valueInfo(output, DataType.FLOAT, [batch, dimension])],
  };
  return encodeModel(graph, `${name}: random weights, real architecture (benchmarks only)`, 17);
}

/** The image tower: patch embedding, position embedding, blocks, norm, attention-pool head. */
export function visionTower(
  s: VisionShape,
  seed: number,
  shape: ExportShape = dynamicExport,
): Uint8Array {
  const b = new GraphBuilder(new Weights(seed));
  const grid = s.imageSize / s.patchSize;
  const patches = b.op(
    'Conv',
    [
      'image',
      b.random('patch_w', [s.width, 3, s.patchSize, s.patchSize]),
      b.random('patch_b', [s.width]),
    ],
    { kernel_shape: [s.patchSize, s.patchSize], strides: [s.patchSize, s.patchSize] },
  );
  const tokens = b.op(
    'Transpose',
    [b.op('Reshape', [patches, b.ints('shape', [0, s.width, -1])])],
    {
      perm: [0, 2, 1],
    },
  );
  let x = b.op('Add', [tokens, b.random('pos', [1, grid * grid, s.width])]);
  for (let i = 0; i < s.layers; i++) x = b.block(x, s);
  x = b.layerNorm(x, s.width);
  // Attention pooling (SigLIP's MAP head): one learned probe attends over every patch.
  const probe = b.random('probe', [1, 1, s.width]);
  const pooled = b.attention(probe, x, s);
  const head = b.op('Add', [pooled, b.mlp(b.layerNorm(pooled, s.width), s)]);
  // Reshapes copy the batch dimension (0), so the same nodes serve a fixed or a dynamic batch.
  const out = shape.imageOutput;
  b.nodes.push(node('Reshape', [head, b.ints('shape', [0, s.width])], [out]));
  const batch = shape.batch ?? 'batch';
  return encode(
    b,
    'visual',
    valueInfo('image', DataType.FLOAT, [batch, 3, s.imageSize, s.imageSize]),
    out,
    s.width,
    batch,
  );
}

/** The text tower: token + position embeddings, blocks (no causal mask), norm, last token, projection. */
export function textTower(
  s: TextShape,
  dimension: number,
  seed: number,
  shape: ExportShape = dynamicExport,
): Uint8Array {
  const b = new GraphBuilder(new Weights(seed));
  const embedded = b.op('Gather', [b.random('token_embedding', [s.vocabSize, s.width]), 'text']);
  let x = b.op('Add', [embedded, b.random('pos', [s.contextLength, s.width])]);
  for (let i = 0; i < s.layers; i++) x = b.block(x, s);
  x = b.layerNorm(x, s.width);
  const last = b.name('last');
  b.initializers.push(int64Tensor(last, [], [s.contextLength - 1]));
  const pooled = b.op('Gather', [x, last], { axis: 1 });
  const out = shape.textOutput;
  const projected = b.linear(pooled, s.width, dimension);
  b.nodes.push(node('Identity', [projected], [out]));
  const batch = shape.batch ?? 'batch';
  return encode(
    b,
    'textual',
    valueInfo('text', DataType.INT32, [batch, s.contextLength]),
    out,
    dimension,
    batch,
  );
}
