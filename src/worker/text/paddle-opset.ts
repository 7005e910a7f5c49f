/**
 * @file PaddlePaddle's opset 9 exports (PP-OCR's recogniser and direction classifier) with the
 * few ops whose form changed by opset 14 rewritten to it, so the folding of
 * [Note: Folded graphs] (HardSwish is opset 14) applies to them too.
 *
 * From opset 9 to 14 only these of the ops the two models use changed form, not meaning:
 * Clip's bounds (attributes → inputs, 11), Slice's starts, ends and axes (attributes → inputs,
 * 10) and Squeeze's axes (attribute → input, 13). Softmax changed meaning at 13 (it no longer
 * flattens the dimensions after its axis), which is the same thing when the axis is the last
 * one: both models take it over the last (the parity tests check the outputs). Any op outside
 * the known list is refused rather than guessed at.
 */
import {
  attr,
  floatTensor,
  int64Tensor,
  opsetOf,
  type Model,
  type Node,
  type Tensor,
} from '../onnx-edit';

/** Ops that mean the same and take the same form from opset 9 to 14. */
const unchanged = new Set([
  'Add',
  'AveragePool',
  'BatchNormalization',
  'Cast',
  'Concat',
  'Constant',
  'Conv',
  'Div',
  'GlobalAveragePool',
  'HardSigmoid',
  'MatMul',
  'MaxPool',
  'Mul',
  'Pow',
  'ReduceMean',
  'Relu',
  'Reshape',
  'Shape',
  'Sigmoid',
  'Softmax',
  'Sqrt',
  'Sub',
  'Transpose',
]);

const ints = (n: Node, name: string) => (attr(n, name)?.ints ?? []).map(Number);

/** The model (decoded) with its opset 9 ops in their opset 14 form; opset set to 14. */
export function toOpset14(model: Model): Model {
  const graph = model.graph;
  if (!graph) throw new Error('no graph');
  const version = opsetOf(model);
  if (version !== 9) throw new Error(`expected an opset 9 export, got opset ${String(version)}`);
  const added: Tensor[] = [];
  const constant = (node: Node, what: string, tensor: (name: string) => Tensor) => {
    const name = `${node.output?.[0] ?? ''}_${what}`;
    added.push(tensor(name));
    return name;
  };
  graph.node = (graph.node ?? []).map((node): Node => {
    const [x = ''] = node.input ?? [];
    switch (node.opType) {
      case 'Clip': {
        const bound = (which: 'min' | 'max', otherwise: number) => {
          const v = attr(node, which)?.f ?? otherwise;
          return constant(node, which, (n) => floatTensor(n, [], Float32Array.of(v)));
        };
        return {
          ...node,
          input: [x, bound('min', -Infinity), bound('max', Infinity)],
          attribute: [],
        };
      }
      case 'Slice': {
        const list = (what: string) =>
          constant(node, what, (n) => int64Tensor(n, ints(node, what)));
        const axes = attr(node, 'axes') ? [list('axes')] : [];
        return { ...node, input: [x, list('starts'), list('ends'), ...axes], attribute: [] };
      }
      case 'Squeeze': {
        const axes = constant(node, 'axes', (n) => int64Tensor(n, ints(node, 'axes')));
        return { ...node, input: [x, axes], attribute: [] };
      }
      default:
        if (!unchanged.has(node.opType ?? ''))
          throw new Error(`op ${String(node.opType)} is not known to mean the same in opset 14`);
        return node;
    }
  });
  graph.initializer = [...(graph.initializer ?? []), ...added];
  model.opsetImport = [{ domain: '', version: 14 }];
  return model;
}
