/** @file Small helpers to write ONNX graphs with onnx-proto (the ONNX protobuf schema for JavaScript). */
import type { onnx as Onnx } from 'onnx-proto';
// onnx-proto is CommonJS without named exports Node can detect: take the namespace from the default export.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
export { DataType };

export function floatTensor(name: string, dims: number[], values: number[]): Onnx.ITensorProto {
  return { name, dims, dataType: DataType.FLOAT, floatData: values };
}

/** A large float tensor stored as raw little-endian bytes (what exporters write). */
export function rawFloatTensor(
  name: string,
  dims: number[],
  values: Float32Array,
): Onnx.ITensorProto {
  return {
    name,
    dims,
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

export function int64Tensor(name: string, dims: number[], values: number[]): Onnx.ITensorProto {
  return { name, dims, dataType: DataType.INT64, int64Data: values };
}

type Attribute = number | number[] | string;

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, Attribute> = {},
): Onnx.INodeProto {
  const attribute = Object.entries(attributes).map(([name, value]): Onnx.IAttributeProto => {
    if (typeof value === 'string')
      return {
        name,
        type: onnx.AttributeProto.AttributeType.STRING,
        s: new TextEncoder().encode(value),
      };
    if (Array.isArray(value))
      return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value };
    return Number.isInteger(value)
      ? { name, type: onnx.AttributeProto.AttributeType.INT, i: value }
      : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
  });
  return {
    opType,
    input: inputs,
    output: outputs,
    name: `${opType}_${outputs[0] ?? ''}`,
    attribute,
  };
}

/** A graph input or output; string dims are symbolic (e.g. "batch"). */
export function valueInfo(
  name: string,
  elemType: number,
  dims: (number | string)[],
): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  };
}

/** Serialises a model; opset 13 (the default) is supported by every onnxruntime of the last years. */
export function encodeModel(graph: Onnx.IGraphProto, docString: string, opset = 13): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: opset >= 17 ? 8 : 7,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'fotoglot-test-tiny',
    producerVersion: '1',
    docString,
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
