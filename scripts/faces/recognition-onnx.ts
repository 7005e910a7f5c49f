/**
 * @file Converts face-api's face recognition net (dlib's ResNet-34 face descriptor as TF.js
 * weights: `face_recognition_model-weights_manifest.json` + `.bin`) into an ONNX graph.
 *
 * The graph is face-api's `FaceRecognitionNet.forwardInput` op for op (src/faceRecognitionNet/
 * in @vladmandic/face-api): subtract the mean RGB, divide by 255, a 7×7/2 conv, 3×3/2 max
 * pool, residual blocks (conv → bias → per-channel scale → ReLU), down blocks whose shortcut
 * is a 2×2/2 average pool zero-padded in channels (and the main path zero-padded by one row
 * and column where the shapes differ), a global mean and a 256×128 matrix. Input
 * `image` [batch, 150, 150, 3] float RGB 0–255 (NHWC, as face-api takes it); output
 * `descriptor` [batch, 128], not normalised (face-api's value).
 *
 * Most TF.js weights are stored as uint8 with an affine `value = q·scale + min`; they stay
 * uint8 in the file (6.5 MB, not 26) and the graph dequantizes them with Cast → Mul → Add on
 * initializers only, which onnxruntime folds into float constants when it opens the
 * session. Weights stored as float32 are written as floats.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import {
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  node,
  rawFloatTensor,
  uint8Tensor,
  valueInfo,
} from '../test-tiny/onnx-graph';

const { onnx } = onnxProto;

/** One entry of a TF.js weights manifest. */
export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** TF.js also writes uint16 and float16 quantization; this model uses uint8 only. */
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale: number; min: number };
}

/** A weight as stored: quantized bytes with their affine, or floats. */
type Stored =
  | { kind: 'uint8'; shape: number[]; q: Uint8Array; scale: number; min: number }
  | { kind: 'float'; shape: number[]; values: Float32Array };

/** Splits the `.bin` into the manifest's weights, in manifest order. */
export function readWeights(weights: ManifestWeight[], file: Uint8Array): Map<string, Stored> {
  // A copy: a Node Buffer's slice() is a view into a shared pool, not its own ArrayBuffer.
  const bin = new Uint8Array(file);
  const out = new Map<string, Stored>();
  let offset = 0;
  for (const w of weights) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    if (w.quantization) {
      if (w.quantization.dtype !== 'uint8') throw new Error(`${w.name}: unsupported quantization`);
      out.set(w.name, {
        kind: 'uint8',
        shape: w.shape,
        q: bin.slice(offset, offset + count),
        scale: w.quantization.scale,
        min: w.quantization.min,
      });
      offset += count;
    } else {
      const bytes = bin.slice(offset, offset + count * 4);
      const view = new DataView(bytes.buffer);
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
      out.set(w.name, { kind: 'float', shape: w.shape, values });
      offset += count * 4;
    }
  }
  if (offset !== bin.length)
    throw new Error(`weights use ${String(offset)} bytes, the file has ${String(bin.length)}`);
  return out;
}

/** Reorders a TF conv filter [kh, kw, in, out] to ONNX [out, in, kh, kw]. */
function hwioToOihw<T extends Uint8Array | Float32Array>(src: T, shape: number[]): T {
  const [kh = 0, kw = 0, ci = 0, co = 0] = shape;
  const dst = new (src.constructor as new (n: number) => T)(src.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++)
          dst[((o * ci + i) * kh + y) * kw + x] = src[((y * kw + x) * ci + i) * co + o] ?? 0;
  return dst;
}

/** Builds the graph; `weights` from `readWeights`. */
export function recognitionGraph(weights: Map<string, Stored>): Uint8Array {
  const nodes: Onnx.INodeProto[] = [];
  const inits: Onnx.ITensorProto[] = [];
  let counter = 0;
  const fresh = (hint: string) => `${hint}_${String(counter++)}`;

  /** A float constant from a stored weight, reshaped to `dims` (and reordered if a filter). */
  const constant = (name: string, dims: number[], filter = false): string => {
    const w = weights.get(name);
    if (!w) throw new Error(`weight ${name} missing from the manifest`);
    if (w.kind === 'float') {
      inits.push(rawFloatTensor(name, dims, filter ? hwioToOihw(w.values, w.shape) : w.values));
      return name;
    }
    const q = `${name}/q`;
    inits.push(uint8Tensor(q, dims, filter ? hwioToOihw(w.q, w.shape) : w.q));
    inits.push(
      floatTensor(`${name}/scale`, [], [w.scale]),
      floatTensor(`${name}/min`, [], [w.min]),
    );
    nodes.push(
      node('Cast', [q], [`${name}/f`], { to: DataType.FLOAT }),
      node('Mul', [`${name}/f`, `${name}/scale`], [`${name}/s`]),
      node('Add', [`${name}/s`, `${name}/min`], [name]),
    );
    return name;
  };

  /** conv → bias → scale (→ ReLU), as face-api's convLayer. */
  const convLayer = (x: string, prefix: string, stride: number, relu: boolean, same: boolean) => {
    const shape = weights.get(`${prefix}/conv/filters`)?.shape ?? [];
    const [kh = 0, kw = 0, ci = 0, co = 0] = shape;
    const filters = constant(`${prefix}/conv/filters`, [co, ci, kh, kw], true);
    const bias = constant(`${prefix}/conv/bias`, [co]);
    const conv = fresh(`${prefix}/conv`);
    nodes.push(
      node('Conv', [x, filters, bias], [conv], {
        kernel_shape: [kh, kw],
        strides: [stride, stride],
        pads: same ? [(kh - 1) / 2, (kw - 1) / 2, (kh - 1) / 2, (kw - 1) / 2] : [0, 0, 0, 0],
      }),
    );
    const mul = fresh(`${prefix}/mul`);
    const add = fresh(`${prefix}/add`);
    nodes.push(
      node('Mul', [conv, constant(`${prefix}/scale/weights`, [1, co, 1, 1])], [mul]),
      node('Add', [mul, constant(`${prefix}/scale/biases`, [1, co, 1, 1])], [add]),
    );
    if (!relu) return add;
    const out = fresh(`${prefix}/relu`);
    nodes.push(node('Relu', [add], [out]));
    return out;
  };

  const relu = (x: string) => {
    const out = fresh('relu');
    nodes.push(node('Relu', [x], [out]));
    return out;
  };
  const add = (a: string, b: string) => {
    const out = fresh('sum');
    nodes.push(node('Add', [a, b], [out]));
    return out;
  };
  /** Zero padding at the end of axes: `[c, h, w]` extra channels, rows, columns. */
  const padEnd = (x: string, [c, h, w]: [number, number, number]) => {
    const pads = fresh('pads');
    inits.push(int64Tensor(pads, [8], [0, 0, 0, 0, 0, c, h, w]));
    const out = fresh('pad');
    nodes.push(node('Pad', [x, pads], [out]));
    return out;
  };

  const residual = (x: string, prefix: string) =>
    relu(
      add(
        convLayer(
          convLayer(x, `${prefix}/conv1`, 1, true, true),
          `${prefix}/conv2`,
          1,
          false,
          true,
        ),
        x,
      ),
    );

  /** face-api's residualDown, with the sizes it computes at run time fixed here. */
  const residualDown = (x: string, prefix: string, inSize: number) => {
    const inChannels = weights.get(`${prefix}/conv1/conv/filters`)?.shape[2] ?? 0;
    const outChannels = weights.get(`${prefix}/conv1/conv/filters`)?.shape[3] ?? 0;
    let out = convLayer(
      convLayer(x, `${prefix}/conv1`, 2, true, false),
      `${prefix}/conv2`,
      1,
      false,
      true,
    );
    const convSize = Math.floor((inSize - 3) / 2) + 1;
    const poolSize = Math.floor(inSize / 2);
    if (convSize !== poolSize) out = padEnd(out, [0, poolSize - convSize, poolSize - convSize]);
    let pooled = fresh(`${prefix}/pool`);
    nodes.push(node('AveragePool', [x], [pooled], { kernel_shape: [2, 2], strides: [2, 2] }));
    if (inChannels !== outChannels) pooled = padEnd(pooled, [outChannels - inChannels, 0, 0]);
    return { out: relu(add(pooled, out)), size: poolSize };
  };

  inits.push(floatTensor('mean_rgb', [1, 3, 1, 1], [122.782, 117.001, 104.298]));
  inits.push(floatTensor('inv_255', [], [1 / 255]));
  nodes.push(
    node('Transpose', ['image'], ['nchw'], { perm: [0, 3, 1, 2] }),
    node('Sub', ['nchw', 'mean_rgb'], ['centred']),
    node('Mul', ['centred', 'inv_255'], ['normalised']),
  );
  let x = convLayer('normalised', 'conv32_down', 2, true, false); // 150 → 72
  const pooled = fresh('maxpool');
  nodes.push(node('MaxPool', [x], [pooled], { kernel_shape: [3, 3], strides: [2, 2] })); // → 35
  x = pooled;
  let size = 35;
  for (const block of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, block);
  for (const [down, blocks] of [
    ['conv64_down', ['conv64_1', 'conv64_2', 'conv64_3']],
    ['conv128_down', ['conv128_1', 'conv128_2']],
    ['conv256_down', ['conv256_1', 'conv256_2']],
    ['conv256_down_out', []],
  ] as const) {
    ({ out: x, size } = residualDown(x, down, size));
    for (const block of blocks) x = residual(x, block);
  }
  nodes.push(
    node('GlobalAveragePool', [x], ['gap']),
    node('Flatten', ['gap'], ['features'], { axis: 1 }),
    node('MatMul', ['features', constant('fc', [256, 128])], ['descriptor']),
  );
  const graph: Onnx.IGraphProto = {
    name: 'dlib_face_recognition_resnet_v1',
    node: nodes,
    initializer: inits,
    input: [valueInfo('image', onnx.TensorProto.DataType.FLOAT, ['batch', 150, 150, 3])],
    output: [valueInfo('descriptor', onnx.TensorProto.DataType.FLOAT, ['batch', 128])],
  };
  return encodeModel(
    graph,
    "dlib's ResNet-34 face descriptor (public domain) from @vladmandic/face-api (MIT) TF.js weights, converted by scripts/faces/build-face-models.ts",
    13,
    'fotoglot-face-models',
  );
}
