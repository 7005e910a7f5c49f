/**
 * @file DBNet's head (PP-OCRv4's text detector) rewritten as two 1×1 convolutions and one
 * DepthToSpace: the same function, without the two transposed convolutions onnxruntime runs
 * in plain NCHW (reordering its blocked layout around them). Part of [Note: Folded graphs].
 *
 * The head after its 3×3 convolution and Relu is, per pixel x of that quarter-resolution map:
 * a 2×2 transposed convolution (stride 2, so each output pixel reads exactly one input pixel),
 * its bias, a batch norm and a Relu, then another 2×2 transposed convolution to one channel,
 * its bias and a sigmoid. So each quarter-resolution pixel alone decides the 4×4 block of the
 * map above it: 16 values, for sub-position (2·dy + ey, 2·dx + ex), of
 *   sigmoid(Σ_c W₁[c, ey, ex] · relu(s[c] · (Σ_k W₀[k, c, dy, dx] · x[k] + b₀[c]) + t[c]) + b₁).
 * That is a 1×1 convolution to 4 × C channels (one C-block per (dy, dx), the batch norm folded
 * in, the Relu fused by onnxruntime), a 1×1 convolution to 16 channels (each reading its
 * block; the sigmoid fused), and DepthToSpace (block 4, CRD) putting channel i·4 + j at row
 * offset i, column offset j. Measured on the first look's 512 × 384 (docs/benchmarks.md
 * "Text"); the map is the same to float rounding (folded-graph.test.ts).
 */
import {
  attr,
  floats,
  floatTensor,
  onnx,
  soleConsumers,
  type Node,
  type Tensor,
} from '../onnx-edit';

const { AttributeType } = onnx.AttributeProto;

const isStride2Kernel2 = (n: Node) =>
  n.opType === 'ConvTranspose' &&
  (attr(n, 'kernel_shape')?.ints ?? []).map(Number).join() === '2,2' &&
  (attr(n, 'strides')?.ints ?? []).map(Number).join() === '2,2' &&
  (attr(n, 'pads')?.ints ?? [0, 0, 0, 0]).every((p) => Number(p) === 0) &&
  Number(attr(n, 'group')?.i ?? 1) === 1 &&
  (n.input?.length ?? 0) === 2;

/**
 * `nodes` with the head rewritten (initializers added to `inits`), or unchanged when the graph
 * does not end in exactly the head described above.
 */
export function headAsDepthToSpace(nodes: Node[], inits: Map<string, Tensor>): Node[] {
  const sole = soleConsumers(nodes);
  const only = (n: Node | undefined, op: string): Node | undefined => {
    const next = sole.get(n?.output?.[0] ?? '');
    return next?.opType === op ? next : undefined;
  };
  const first = nodes.find(isStride2Kernel2);
  const bias0 = only(first, 'Add');
  const norm = only(bias0, 'BatchNormalization');
  const relu = only(norm, 'Relu');
  const second = only(relu, 'ConvTranspose');
  const bias1 = only(second, 'Add');
  const sigmoid = only(bias1, 'Sigmoid');
  if (!first || !bias0 || !norm || !relu || !second || !bias1 || !sigmoid) return nodes;
  if (!isStride2Kernel2(second)) return nodes;
  const tensor = (name: string | undefined) => (name ? inits.get(name) : undefined);
  const constantOf = (add: Node, x: string) => tensor(add.input?.find((i) => i !== x));
  const w0t = tensor(first.input?.[1]);
  const w1t = tensor(second.input?.[1]);
  const b0t = constantOf(bias0, first.output?.[0] ?? '');
  const b1t = constantOf(bias1, second.output?.[0] ?? '');
  const [, g, b, m, v] = norm.input ?? [];
  const [gamma, beta, mean, variance] = [g, b, m, v].map((x) => tensor(x));
  if (!w0t || !w1t || !b0t || !b1t || !gamma || !beta || !mean || !variance) return nodes;
  const [inC = 0, midC = 0] = (w0t.dims ?? []).map(Number);
  if ((w1t.dims ?? []).map(Number).join() !== `${String(midC)},1,2,2`) return nodes;
  const w0 = floats(w0t); // [inC, midC, 2, 2]
  const w1 = floats(w1t); // [midC, 1, 2, 2]
  const b0 = floats(b0t);
  const b1 = floats(b1t)[0] ?? 0;
  const eps = attr(norm, 'epsilon')?.f ?? 1e-5;
  const [gv, bv, mv, vv] = [gamma, beta, mean, variance].map(floats);
  if (!gv || !bv || !mv || !vv || b0.length !== midC) return nodes;
  const scale = gv.map((s, c) => s / Math.sqrt((vv[c] ?? 0) + eps));
  const shift = bv.map((t, c) => t - (mv[c] ?? 0) * (scale[c] ?? 0));

  // A: channel (dy·2 + dx)·midC + c = the first transposed convolution at (dy, dx), normalised.
  const aW = new Float32Array(4 * midC * inC);
  const aB = new Float32Array(4 * midC);
  for (let k = 0; k < 4; k++)
    for (let c = 0; c < midC; c++) {
      const o = k * midC + c;
      for (let i = 0; i < inC; i++)
        aW[o * inC + i] = (w0[(i * midC + c) * 4 + k] ?? 0) * (scale[c] ?? 1);
      aB[o] = (b0[c] ?? 0) * (scale[c] ?? 1) + (shift[c] ?? 0);
    }
  // B: channel i·4 + j (row i = 2·dy + ey, column j = 2·dx + ex of the 4×4 block) reads block
  // (dy, dx) of A through the second transposed convolution's (ey, ex) weights.
  const bW = new Float32Array(16 * 4 * midC);
  const bB = new Float32Array(16).fill(b1);
  for (let dy = 0; dy < 2; dy++)
    for (let dx = 0; dx < 2; dx++)
      for (let ey = 0; ey < 2; ey++)
        for (let ex = 0; ex < 2; ex++) {
          const q = (2 * dy + ey) * 4 + (2 * dx + ex);
          const block = (dy * 2 + dx) * midC;
          for (let c = 0; c < midC; c++)
            bW[q * 4 * midC + block + c] = w1[c * 4 + ey * 2 + ex] ?? 0;
        }
  const name = (what: string) => `${first.output?.[0] ?? 'head'}_${what}`;
  inits.set(name('a_w'), floatTensor(name('a_w'), [4 * midC, inC, 1, 1], aW));
  inits.set(name('a_b'), floatTensor(name('a_b'), [4 * midC], aB));
  inits.set(name('b_w'), floatTensor(name('b_w'), [16, 4 * midC, 1, 1], bW));
  inits.set(name('b_b'), floatTensor(name('b_b'), [16], bB));
  const pointwise = { kernel_shape: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0] };
  const convAttrs = Object.entries(pointwise).map(([n, ints]) => ({
    name: n,
    ints,
    type: AttributeType.INTS,
  }));
  const replacement: Node[] = [
    {
      opType: 'Conv',
      name: name('a'),
      input: [first.input?.[0] ?? '', name('a_w'), name('a_b')],
      output: [name('a_out')],
      attribute: convAttrs,
    },
    { opType: 'Relu', name: name('a_relu'), input: [name('a_out')], output: [name('a_relu')] },
    {
      opType: 'Conv',
      name: name('b'),
      input: [name('a_relu'), name('b_w'), name('b_b')],
      output: [name('b_out')],
      attribute: convAttrs,
    },
    { opType: 'Sigmoid', name: name('b_sig'), input: [name('b_out')], output: [name('b_sig')] },
    {
      opType: 'DepthToSpace',
      name: name('to_space'),
      input: [name('b_sig')],
      output: sigmoid.output ?? [],
      attribute: [
        { name: 'blocksize', i: 4, type: AttributeType.INT },
        { name: 'mode', s: new TextEncoder().encode('CRD'), type: AttributeType.STRING },
      ],
    },
  ];
  const replaced = new Set([first, bias0, norm, relu, second, bias1, sigmoid]);
  const at = nodes.indexOf(first);
  return [
    ...nodes.slice(0, at).filter((n) => !replaced.has(n)),
    ...replacement,
    ...nodes.slice(at).filter((n) => !replaced.has(n)),
  ];
}
