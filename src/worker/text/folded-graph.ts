/**
 * @file PP-OCR's three models as onnxruntime runs them fastest on a CPU: the same functions,
 * with the work onnxruntime does not fuse folded into the graphs before the sessions open.
 *
 * [Note: Folded graphs]
 * PaddlePaddle exports hard-swish as four ops, x · clip(x + 3, 0, 6) / 6, and the PP-LCNetV3
 * backbone's "learnable affine blocks" as a Mul and an Add by scalars after each Conv and
 * activation; onnxruntime runs each of them as its own pass over the tensor (and reorders its
 * NCHWc layout around them). `foldedGraph` turns every hard-swish into one HardSwish (fused
 * into the Conv before it), folds BatchNormalization and the affine blocks into the Convs'
 * weights and biases where that is exact (after a Conv; before a 1×1 Conv without padding),
 * and Constant nodes into initializers; the detector's head loses its two transposed
 * convolutions (detector-head.ts). The recogniser and the direction classifier are
 * opset 9 exports, where HardSwish does not exist yet: paddle-opset.ts first rewrites their
 * few ops whose form changed by opset 14. Measured in one process, one thread
 * (docs/benchmarks.md "Text"): the detector at the first look's 512 px 10 % less CPU per run,
 * 5 % more since the affine blocks whose scalar PaddlePaddle puts first are folded too, and
 * 3–4 % more without the transposed convolutions; the
 * recogniser 15–18 % less on 160–640 px lines; the classifier 24 % less. Outputs stay within
 * about 1e-6 of the exported graphs' (folded-graph.test.ts: the same boxes, text share,
 * readings and turns). The worker folds the shipped files when it opens them (about 200 ms,
 * once per process), so the files users have are PaddleOCR's own (models/text/SOURCES.md
 * hashes them). scripts/text/quantize-detector.ts starts its int8 builds from the same
 * folded detector.
 */
import { headAsDepthToSpace } from './detector-head';
import { toOpset14 } from './paddle-opset';
import {
  attr,
  dimsOf,
  floats,
  floatTensor,
  onnx,
  opsetOf,
  soleConsumers,
  type Model,
  type Node,
  type Tensor,
} from '../onnx-edit';

/** The folded graph of an ONNX model ([Note: Folded graphs]); given bytes are not changed. */
export function foldedGraph(bytes: Uint8Array | Model): Model {
  const model = bytes instanceof Uint8Array ? onnx.ModelProto.decode(bytes) : bytes;
  const graph = model.graph;
  if (!graph) throw new Error('no graph');
  const inits = new Map<string, Tensor>();
  for (const t of graph.initializer ?? []) inits.set(t.name ?? '', t);
  let nodes: Node[] = [];
  for (const n of graph.node ?? []) {
    const value = n.opType === 'Constant' ? attr(n, 'value')?.t : undefined;
    if (value) {
      const name = n.output?.[0] ?? '';
      inits.set(name, { ...value, name });
    } else nodes.push(n);
  }
  const consumers = () => {
    const map = new Map<string, Node[]>();
    for (const n of nodes) for (const i of n.input ?? []) map.set(i, [...(map.get(i) ?? []), n]);
    return map;
  };
  const constant = (name: string | undefined) => (name ? inits.get(name) : undefined);
  const scalar = (name: string | undefined) => {
    const t = constant(name);
    if (!t) return undefined;
    const v = floats(t);
    return v.length === 1 ? v[0] : undefined;
  };
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  let changed = true;
  while (changed) {
    changed = false;
    const uses = consumers();
    for (const conv of nodes) {
      if (conv.opType !== 'Conv') continue;
      const out = conv.output?.[0] ?? '';
      const next = uses.get(out);
      if (!next || next.length !== 1 || graphOutputs.has(out)) continue;
      const [follower] = next;
      if (!follower) continue;
      const params = convParams(conv, inits);
      if (!params) continue;
      const { dims: wDims, channels, weights, perChannel, bias } = params;
      let scale: Float32Array | undefined;
      let shift: Float32Array | undefined;
      let removed: Node[] = [];
      let newOut = '';
      if (follower.opType === 'BatchNormalization') {
        const [, g, b, m, v] = follower.input ?? [];
        const eps = attr(follower, 'epsilon')?.f ?? 1e-5;
        const [gamma, beta, mean, variance] = [g, b, m, v].map((x) => floats(constant(x) ?? {}));
        if (!gamma || !beta || !mean || !variance) continue;
        scale = gamma.map((gv, c) => gv / Math.sqrt((variance[c] ?? 0) + eps));
        shift = beta.map((bv, c) => bv - (mean[c] ?? 0) * (scale?.[c] ?? 0));
        removed = [follower];
        newOut = follower.output?.[0] ?? '';
      } else if (follower.opType === 'Mul') {
        const other = follower.input?.find((i) => i !== out);
        const s = scalar(other);
        const mulOut = follower.output?.[0] ?? '';
        const after = uses.get(mulOut);
        const add = after?.length === 1 ? after[0] : undefined;
        if (s === undefined || graphOutputs.has(mulOut)) continue;
        const b = add?.opType === 'Add' ? scalar(add.input?.find((i) => i !== mulOut)) : undefined;
        scale = new Float32Array(channels).fill(s);
        shift = new Float32Array(channels).fill(b ?? 0);
        removed = b === undefined || !add ? [follower] : [follower, add];
        newOut = removed.at(-1)?.output?.[0] ?? '';
      } else continue;
      const folded = weights.map((x, i) => x * (scale[Math.floor(i / perChannel)] ?? 1));
      const foldedBias = bias.map((x, c) => x * (scale[c] ?? 1) + (shift[c] ?? 0));
      const wName = `${conv.input?.[1] ?? ''}_folded`;
      const bName = `${conv.output?.[0] ?? ''}_bias_folded`;
      inits.set(wName, floatTensor(wName, wDims, folded));
      inits.set(bName, floatTensor(bName, [channels], foldedBias));
      conv.input = [conv.input?.[0] ?? '', wName, bName];
      conv.output = [newOut];
      conv.name = `Conv_${newOut}`;
      nodes = nodes.filter((n) => !removed.includes(n));
      changed = true;
      break;
    }
  }
  nodes = withHardSwish(nodes, scalar);
  nodes = foldAffineIntoPointwise(nodes, inits, scalar);
  nodes = headAsDepthToSpace(nodes, inits);
  // HardSwish is opset 14; the float ops used here mean the same from 11 to 14.
  model.opsetImport = [{ domain: '', version: 14 }];
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  graph.node = nodes;
  graph.initializer = [...inits.values()].filter((t) => used.has(t.name ?? ''));
  return model;
}

/**
 * A Conv's weights (as stored: output channel first), their shape and output channels, the
 * weights per output channel, and its bias (zeros when it has none); undefined when its
 * weights are not a constant.
 */
function convParams(conv: Node, inits: Map<string, Tensor>) {
  const w = inits.get(conv.input?.[1] ?? '');
  if (!w) return undefined;
  const dims = dimsOf(w);
  const channels = dims[0] ?? 0;
  const weights = floats(w);
  const bias = conv.input?.[2]
    ? floats(inits.get(conv.input[2]) ?? {})
    : new Float32Array(channels);
  return { dims, channels, weights, perChannel: weights.length / channels, bias };
}

/**
 * PaddlePaddle's hard-swish as exported, x · clip(x + 3, 0, 6) / 6 in four ops, as one
 * HardSwish (one pass over the tensor instead of four).
 */
function withHardSwish(nodes: Node[], scalar: (n: string | undefined) => number | undefined) {
  const sole = soleConsumers(nodes);
  const drop = new Set<Node>();
  const replace = new Map<Node, Node>();
  for (const add of nodes) {
    if (add.opType !== 'Add') continue;
    const [x = '', c = ''] = add.input ?? [];
    if (scalar(c) !== 3) continue;
    const clip = sole.get(add.output?.[0] ?? '');
    if (clip?.opType !== 'Clip' || scalar(clip.input?.[1]) !== 0 || scalar(clip.input?.[2]) !== 6)
      continue;
    const mul = sole.get(clip.output?.[0] ?? '');
    if (mul?.opType !== 'Mul' || !(mul.input ?? []).includes(x)) continue;
    const div = sole.get(mul.output?.[0] ?? '');
    if (div?.opType !== 'Div' || scalar(div.input?.[1]) !== 6) continue;
    drop.add(add).add(clip).add(mul);
    replace.set(div, { opType: 'HardSwish', input: [x], output: [div.output?.[0] ?? ''] });
  }
  return nodes.filter((n) => !drop.has(n)).map((n) => replace.get(n) ?? n);
}

/**
 * A scale-and-shift by scalars (Mul, Add) whose result only a 1×1 Conv without padding reads
 * is folded into that Conv: W·(s·x + b) + B = (s·W)·x + (B + b·ΣW). (With padding it would not
 * be exact at the borders, so those stay.)
 */
function foldAffineIntoPointwise(
  nodes: Node[],
  inits: Map<string, Tensor>,
  scalar: (n: string | undefined) => number | undefined,
) {
  const sole = soleConsumers(nodes);
  const drop = new Set<Node>();
  for (const mul of nodes) {
    if (mul.opType !== 'Mul') continue;
    // Either input may be the scalar (PaddlePaddle puts it first in the recogniser).
    const sName = mul.input?.find((i) => scalar(i) !== undefined);
    const x = mul.input?.find((i) => i !== sName) ?? '';
    const s = scalar(sName);
    const add = sole.get(mul.output?.[0] ?? '');
    if (s === undefined || add?.opType !== 'Add') continue;
    const b = scalar(add.input?.find((i) => i !== mul.output?.[0]));
    const conv = sole.get(add.output?.[0] ?? '');
    if (b === undefined || conv?.opType !== 'Conv') continue;
    const pads = attr(conv, 'pads')?.ints?.map(Number) ?? [];
    const kernel = attr(conv, 'kernel_shape')?.ints?.map(Number) ?? [];
    const group = Number(attr(conv, 'group')?.i ?? 1);
    if (pads.some((p) => p !== 0) || kernel.some((k) => k !== 1) || group !== 1) continue;
    const params = convParams(conv, inits);
    if (!params) continue;
    const { dims, channels, weights, perChannel: per, bias } = params;
    const foldedBias = bias.map((v, c) => {
      let sum = 0;
      for (let i = c * per; i < (c + 1) * per; i++) sum += weights[i] ?? 0;
      return v + b * sum;
    });
    const wName = `${conv.input?.[1] ?? ''}_scaled`;
    const bName = `${conv.output?.[0] ?? ''}_bias_shifted`;
    inits.set(
      wName,
      floatTensor(
        wName,
        dims,
        weights.map((v) => v * s),
      ),
    );
    inits.set(bName, floatTensor(bName, [channels], foldedBias));
    conv.input = [x, wName, bName];
    drop.add(mul).add(add);
  }
  return nodes.filter((n) => !drop.has(n));
}

/**
 * The bytes of a shipped PP-OCR model's folded graph, for onnxruntime ([Note: Folded graphs]):
 * an opset 9 export is first brought to opset 14's forms.
 */
export function foldedModel(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  return onnx.ModelProto.encode(
    foldedGraph(opsetOf(model) === 9 ? toOpset14(model) : model),
  ).finish();
}
