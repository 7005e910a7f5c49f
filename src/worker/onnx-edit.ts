/**
 * @file Reading and writing the parts of an ONNX graph the worker changes when it opens a
 * shipped model ([Note: Folded graphs], [Note: Face detection levels]): tensors, attributes,
 * consumers, with onnx-proto's generated types.
 */
import type { onnx as Onnx } from 'onnx-proto';
// onnx-proto is CommonJS without named exports Node can detect: take the namespace from the default export.
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

export type Model = Onnx.ModelProto;
export type Node = Onnx.INodeProto;
export type Tensor = Onnx.ITensorProto;

/** A float tensor's values (raw little-endian or repeated floats). */
export function floats(t: Tensor): Float32Array {
  if (t.rawData && t.rawData.length > 0) {
    const raw = t.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new Float32Array(raw.byteLength / 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  return Float32Array.from(t.floatData ?? []);
}

export function rawTensor(
  name: string,
  dims: number[],
  dataType: number,
  bytes: Uint8Array,
): Tensor {
  return { name, dims, dataType, rawData: bytes };
}

export function floatTensor(name: string, dims: number[], values: Float32Array): Tensor {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return rawTensor(name, dims, DataType.FLOAT, bytes);
}

export const dimsOf = (t: Tensor) => (t.dims ?? []).map(Number);

export function attr(n: Node, name: string) {
  return n.attribute?.find((a) => a.name === name);
}

/** A 1-D int64 tensor. */
export function int64Tensor(name: string, values: readonly (number | bigint)[]): Tensor {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return rawTensor(name, [values.length], DataType.INT64, bytes);
}

/** The int64 values of a small tensor (raw little-endian or repeated). */
export function int64s(t: Tensor): bigint[] {
  if (t.rawData && t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return Array.from({ length: t.rawData.byteLength / 8 }, (_, i) =>
      view.getBigInt64(i * 8, true),
    );
  }
  // protobufjs gives a number, or a Long (which prints itself in decimal) past 2^53.
  return (t.int64Data ?? []).map((v: unknown) =>
    BigInt(typeof v === 'number' ? v : (v as { toString(): string }).toString()),
  );
}

/** The only consumer of each tensor (none when it has several). */
export function soleConsumers(nodes: Node[]): Map<string, Node | null> {
  const map = new Map<string, Node | null>();
  for (const n of nodes) for (const i of n.input ?? []) map.set(i, map.has(i) ? null : n);
  return map;
}

/** The version of the default ONNX domain a model imports (NaN when it imports none). */
export function opsetOf(model: Model): number {
  const main = model.opsetImport.find((o) => (o.domain ?? '') === '');
  // protobufjs types an int64 as number | Long: Number() reads either.
  return Number(main?.version as unknown);
}
