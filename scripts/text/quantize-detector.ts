/**
 * @file Static int8 quantisation (QDQ format) of PP-OCRv4's text detector, written with
 * onnx-proto: no Python quantisation tool is needed. An experiment, not shipped
 * (docs/benchmarks.md "Text", "Int8 first look").
 *
 * Steps, each a pure function of the float graph and the calibration ranges:
 * 1. `foldedGraph` (src/worker/text/folded-graph.ts, [Note: Folded graphs], what the app
 *    runs): BatchNormalization and the affine blocks folded into the Convs, so a Conv's output
 *    is the tensor quantised (onnxruntime folds BatchNormalization itself in the float graph,
 *    but not across a QuantizeLinear).
 * 2. `calibrationGraph`: the folded graph with every Conv's input and output as graph outputs,
 *    run in float to find each tensor's range.
 * 3. `quantizedGraph`: weights int8 per output channel (symmetric), biases int32 at the input
 *    scale × the weight scale, activations uint8 (asymmetric, min/max of the calibration) as a
 *    QuantizeLinear → DequantizeLinear pair on each Conv input and output. onnxruntime's QDQ
 *    transformer turns each DQ → Conv → Q into a QLinearConv (int8 kernels) when it opens the
 *    session; everything between Convs (hard-swish, residual adds, resizes, the head's
 *    transposed convolutions) stays float.
 */
import type { onnx as Onnx } from 'onnx-proto';
import onnxProto from 'onnx-proto';
import { node } from '../test-tiny/onnx-graph';
import { dimsOf, floats, floatTensor, rawTensor } from '../../src/worker/onnx-edit';
import { foldedGraph } from '../../src/worker/text/folded-graph';

export { floats, foldedGraph };

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

type Model = Onnx.ModelProto;
type Node = Onnx.INodeProto;
type Tensor = Onnx.ITensorProto;

/** What stays float: see `floatConvs`. */
export interface KeepFloat {
  /** The first Conv (on the photo itself). */
  first?: boolean;
  /** The DB head: every Conv after the neck's last Concat (the probability map's). */
  head?: boolean;
  /** The squeeze-and-excitation Convs (on a 1×1 pooled tensor: no CPU to save). */
  se?: boolean;
  /** The last `tail` Convs other than squeeze-and-excitation ones (the neck's last). */
  tail?: number;
}

/** The output names of the Convs that stay float. */
export function floatConvs(model: Model, keep: KeepFloat = {}): Set<string> {
  const nodes = model.graph?.node ?? [];
  const inputs = new Set((model.graph?.input ?? []).map((i) => i.name ?? ''));
  const producer = new Map<string, Node>();
  for (const n of nodes) for (const o of n.output ?? []) producer.set(o, n);
  let lastConcat = -1;
  nodes.forEach((n, i) => {
    if (n.opType === 'Concat') lastConcat = i;
  });
  const out = new Set<string>();
  const isSe = (n: Node) => {
    const from = producer.get(n.input?.[0] ?? '');
    const conv = from?.opType === 'Relu' ? producer.get(from.input?.[0] ?? '') : undefined;
    return (
      from?.opType === 'GlobalAveragePool' ||
      (conv?.opType === 'Conv' &&
        producer.get(conv.input?.[0] ?? '')?.opType === 'GlobalAveragePool')
    );
  };
  const plain = nodes.filter((n) => n.opType === 'Conv' && !isSe(n));
  for (const n of plain.slice(plain.length - (keep.tail ?? 0))) out.add(n.output?.[0] ?? '');
  nodes.forEach((n, i) => {
    if (n.opType !== 'Conv') return;
    const x = n.input?.[0] ?? '';
    const se = isSe(n);
    if (
      (keep.first && inputs.has(x)) ||
      (keep.head && lastConcat >= 0 && i > lastConcat) ||
      (keep.se && se)
    )
      out.add(n.output?.[0] ?? '');
  });
  return out;
}

/** The tensors quantised: every quantised Conv's activation input and its output. */
export function quantisedTensors(model: Model, keep: KeepFloat = {}): string[] {
  const float = floatConvs(model, keep);
  const names = new Set<string>();
  for (const n of model.graph?.node ?? []) {
    if (n.opType !== 'Conv' || float.has(n.output?.[0] ?? '')) continue;
    names.add(n.input?.[0] ?? '');
    names.add(n.output?.[0] ?? '');
  }
  return [...names].sort();
}

/** Step 2: `model` (folded) with the quantised tensors as extra float outputs. */
export function calibrationGraph(model: Model): Uint8Array {
  const copy = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const graph = copy.graph;
  if (!graph) throw new Error('no graph');
  const existing = new Set((graph.output ?? []).map((o) => o.name));
  for (const name of quantisedTensors(copy)) {
    if (existing.has(name)) continue;
    graph.output = [
      ...(graph.output ?? []),
      { name, type: { tensorType: { elemType: DataType.FLOAT } } },
    ];
  }
  return onnx.ModelProto.encode(copy).finish();
}

/** A tensor's calibrated range. */
export interface Range {
  min: number;
  max: number;
}

/** uint8 scale and zero point of a range (which is widened to hold 0). */
export function activationParams(r: Range): { scale: number; zero: number } {
  const min = Math.min(0, r.min);
  const max = Math.max(0, r.max);
  const scale = max > min ? (max - min) / 255 : 1;
  return { scale, zero: Math.max(0, Math.min(255, Math.round(-min / scale))) };
}

/** Step 3: the QDQ graph of the folded `model`, given each quantised tensor's range. */
export function quantizedGraph(
  model: Model,
  ranges: Map<string, Range>,
  keep: KeepFloat = {},
): Uint8Array {
  const copy = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const graph = copy.graph;
  if (!graph) throw new Error('no graph');
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const added: Tensor[] = [];
  const before = new Map<Node, Node[]>();
  const after = new Map<Node, Node[]>();
  const params = new Map<string, { scale: number; zero: number }>();
  const prepend: Node[] = [];
  const addQdq = (name: string, producer: Node | undefined) => {
    const range = ranges.get(name);
    if (!range) throw new Error(`no calibration range for ${name}`);
    const p = activationParams(range);
    params.set(name, p);
    added.push(floatTensor(`${name}_scale`, [], Float32Array.of(p.scale)));
    added.push(rawTensor(`${name}_zero`, [], DataType.UINT8, Uint8Array.of(p.zero)));
    const pair = [
      node('QuantizeLinear', [name, `${name}_scale`, `${name}_zero`], [`${name}_q`]),
      node('DequantizeLinear', [`${name}_q`, `${name}_scale`, `${name}_zero`], [`${name}_dq`]),
    ];
    if (producer) after.set(producer, [...(after.get(producer) ?? []), ...pair]);
    else prepend.push(...pair);
  };
  const producers = new Map<string, Node>();
  for (const n of graph.node ?? []) for (const o of n.output ?? []) producers.set(o, n);
  const quantised = quantisedTensors(copy, keep);
  const float = floatConvs(copy, keep);
  for (const name of quantised) addQdq(name, producers.get(name));
  const renamed = new Set(quantised);
  for (const n of graph.node ?? []) {
    // A float Conv reads its input as it was (not through a quantise-dequantise pair).
    if (n.opType === 'Conv' && float.has(n.output?.[0] ?? '')) continue;
    n.input = (n.input ?? []).map((i) => (renamed.has(i) ? `${i}_dq` : i));
    if (n.opType !== 'Conv') continue;
    const x = (n.input[0] ?? '').replace(/_dq$/, '');
    const xScale = params.get(x)?.scale ?? 1;
    const w = inits.get(n.input[1] ?? '');
    if (!w) throw new Error(`Conv ${n.name ?? ''}: weights not constant`);
    const dims = dimsOf(w);
    const channels = dims[0] ?? 0;
    const values = floats(w);
    const per = values.length / channels;
    const wScale = new Float32Array(channels);
    const q = new Int8Array(values.length);
    for (let c = 0; c < channels; c++) {
      let m = 0;
      for (let i = c * per; i < (c + 1) * per; i++) m = Math.max(m, Math.abs(values[i] ?? 0));
      const s = m > 0 ? m / 127 : 1;
      wScale[c] = s;
      for (let i = c * per; i < (c + 1) * per; i++)
        q[i] = Math.max(-127, Math.min(127, Math.round((values[i] ?? 0) / s)));
    }
    const wn = n.input[1] ?? '';
    added.push(rawTensor(`${wn}_int8`, dims, DataType.INT8, new Uint8Array(q.buffer)));
    added.push(floatTensor(`${wn}_wscale`, [channels], wScale));
    added.push(rawTensor(`${wn}_wzero`, [channels], DataType.INT8, new Uint8Array(channels)));
    const pre: Node[] = [
      node('DequantizeLinear', [`${wn}_int8`, `${wn}_wscale`, `${wn}_wzero`], [`${wn}_dq`], {
        axis: 0,
      }),
    ];
    const inputs = [n.input[0] ?? '', `${wn}_dq`];
    const bn = n.input[2];
    if (bn) {
      const b = floats(inits.get(bn) ?? {});
      const bScale = wScale.map((s) => s * xScale);
      const bq = new Int32Array(channels).map((_, c) => Math.round((b[c] ?? 0) / (bScale[c] ?? 1)));
      const bytes = new Uint8Array(bq.buffer);
      added.push(rawTensor(`${bn}_int32`, [channels], DataType.INT32, bytes));
      added.push(floatTensor(`${bn}_bscale`, [channels], bScale));
      added.push(
        rawTensor(`${bn}_bzero`, [channels], DataType.INT32, new Uint8Array(channels * 4)),
      );
      pre.push(
        node('DequantizeLinear', [`${bn}_int32`, `${bn}_bscale`, `${bn}_bzero`], [`${bn}_dq`], {
          axis: 0,
        }),
      );
      inputs.push(`${bn}_dq`);
    }
    n.input = inputs;
    before.set(n, pre);
  }
  const nodes: Node[] = [...prepend];
  for (const n of graph.node ?? [])
    nodes.push(...(before.get(n) ?? []), n, ...(after.get(n) ?? []));
  // The Q nodes read the original tensors; restore them (the renaming above touched them).
  for (const n of nodes)
    if (n.opType === 'QuantizeLinear')
      n.input = [(n.input?.[0] ?? '').replace(/_dq$/, ''), ...(n.input ?? []).slice(1)];
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  graph.node = nodes;
  graph.initializer = [...(graph.initializer ?? []), ...added].filter((t) =>
    used.has(t.name ?? ''),
  );
  return onnx.ModelProto.encode(copy).finish();
}

/** `bytes` (a model) with the float tensors `names` as extra graph outputs. */
export function withOutputs(bytes: Uint8Array, names: string[]): Uint8Array {
  const copy = onnx.ModelProto.decode(bytes);
  const graph = copy.graph;
  if (!graph) throw new Error('no graph');
  for (const name of names)
    graph.output = [
      ...(graph.output ?? []),
      { name, type: { tensorType: { elemType: DataType.FLOAT } } },
    ];
  return onnx.ModelProto.encode(copy).finish();
}

/** The head's float Conv: the one reading the neck's last Concat, and that tensor's name. */
export function headConv(model: Model): { conv: Node; input: string } {
  const nodes = model.graph?.node ?? [];
  const concat = nodes.filter((n) => n.opType === 'Concat').at(-1);
  const input = concat?.output?.[0] ?? '';
  const conv = nodes.find((n) => n.opType === 'Conv' && n.input?.[0] === input);
  if (!conv) throw new Error('no head Conv after the last Concat');
  return { conv, input };
}

/**
 * Bias correction of the head: the quantised backbone and neck shift the head's input by a
 * mean `shift` per channel (int8 minus float, on the calibration images); the head's float
 * Conv takes it off its bias, b − Σ W·shift (exact away from the borders).
 */
export function correctedHead(bytes: Uint8Array, shift: Float32Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('no graph');
  const { conv } = headConv(model);
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const w = inits.get(conv.input?.[1] ?? '');
  if (!w) throw new Error('head Conv weights not constant');
  const dims = dimsOf(w);
  const [outs = 0, ins = 0] = dims;
  const per = (dims[2] ?? 1) * (dims[3] ?? 1);
  const weights = floats(w);
  const b = conv.input?.[2] ? floats(inits.get(conv.input[2]) ?? {}) : new Float32Array(outs);
  const corrected = b.map((v, o) => {
    let sum = 0;
    for (let c = 0; c < ins; c++)
      for (let k = 0; k < per; k++)
        sum += (weights[(o * ins + c) * per + k] ?? 0) * (shift[c] ?? 0);
    return v - sum;
  });
  const name = `${conv.output?.[0] ?? ''}_bias_corrected`;
  graph.initializer = [...(graph.initializer ?? []), floatTensor(name, [outs], corrected)];
  conv.input = [conv.input?.[0] ?? '', conv.input?.[1] ?? '', name];
  return onnx.ModelProto.encode(model).finish();
}
