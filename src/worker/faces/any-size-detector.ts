/**
 * @file The shipped BlazeFace graph made to take an input of any size (a multiple of 32 px on
 * each side), so a pyramid level is scanned in one run instead of overlapping tiles.
 *
 * The exported graph fixes its input at 1×256×256×3 in three places beyond the input's own
 * shape: the two channel pads of its residual blocks are ConstantOfShape (a zero tensor of
 * 1×24×32×32 and 1×48×16×16) concatenated to the activations, and the four output Reshapes
 * name their anchor count (512 and 384). Everything else is convolutions, pools and adds that
 * work on any height and width. `anySizeDetector` turns each channel pad into a Pad of the
 * channel axis (the same zeros, for any height and width), each Reshape's anchor count into
 * −1, and the input's and outputs' sizes into named dimensions. On a 256×256 input the
 * outputs are the shipped graph's to the byte (any-size-detector.test.ts). The shipped file
 * stays MediaPipe's, converted once by keijiro (models/faces/SOURCES.md); this runs when the
 * worker opens it, in a few milliseconds.
 */
import { attr, int64s, int64Tensor, onnx, type Node, type Tensor } from '../onnx-edit';

/** The shipped detector's bytes → the same network taking 1×H×W×3 (H, W multiples of 32). */
export function anySizeDetector(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('the face detector has no graph');
  const nodes = graph.node ?? [];
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const zeros = new Map<string, bigint[]>(); // a ConstantOfShape's output → its shape
  const added: Tensor[] = [];
  const kept: Node[] = [];
  for (const node of nodes) {
    const [first = '', second = ''] = node.input ?? [];
    if (node.opType === 'ConstantOfShape') {
      const shape = inits.get(first);
      if (!shape) throw new Error('the face detector has a channel pad of unknown shape');
      zeros.set(node.output?.[0] ?? '', int64s(shape));
      continue;
    }
    const shape = zeros.get(second);
    if (node.opType === 'Concat' && shape) {
      // Concat(x, zeros of C channels) on the channel axis = Pad(x) by C channels at its end.
      if (Number(attr(node, 'axis')?.i ?? -1) !== 1 || shape.length !== 4)
        throw new Error('the face detector pads an axis other than its channels');
      const output = node.output?.[0] ?? '';
      const pads = `${output}_pads`;
      added.push(int64Tensor(pads, [0n, 0n, 0n, 0n, 0n, shape[1] ?? 0n, 0n, 0n]));
      kept.push({
        opType: 'Pad',
        name: node.name ?? output,
        input: [first, pads],
        output: [output],
      });
      continue;
    }
    if (node.opType === 'Reshape') {
      const target = inits.get(second);
      const dims = target ? int64s(target) : [];
      if (dims.length !== 3) throw new Error('the face detector has an unexpected output shape');
      const name = `${second}_any`;
      added.push(int64Tensor(name, [dims[0] ?? 1n, -1n, dims[2] ?? 1n]));
      kept.push({ ...node, input: [first, name] });
      continue;
    }
    kept.push(node);
  }
  graph.node = kept;
  // Intermediate shapes were recorded for 256 px: let onnxruntime infer them again.
  graph.valueInfo = [];
  const read = new Set(kept.flatMap((n) => n.input ?? []));
  graph.initializer = [...(graph.initializer ?? []), ...added].filter((t) =>
    read.has(t.name ?? ''),
  );
  const [input] = graph.input ?? [];
  const inputDims = input?.type?.tensorType?.shape?.dim;
  if (!inputDims || inputDims.length !== 4) throw new Error('the face detector has no image input');
  inputDims[1] = { dimParam: 'height' };
  inputDims[2] = { dimParam: 'width' };
  for (const output of graph.output ?? []) {
    const dims = output.type?.tensorType?.shape?.dim;
    if (dims?.[1]) dims[1] = { dimParam: 'anchors' };
  }
  return onnx.ModelProto.encode(model).finish();
}
