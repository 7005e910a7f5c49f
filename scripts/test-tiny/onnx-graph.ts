/** @file Small helpers to write ONNX graphs with onnx-proto (the ONNX protobuf schema for JavaScript). */
import type { onnx as Onnx } from 'onnx-proto';
// onnx-proto is CommonJS without named exports Node can detect: take the namespace from the default export.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
export { DataType };

/** A float tensor stored inline as repeated floats (small tensors). */
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

/** A uint8 tensor stored as raw bytes (quantized weights, dequantized in the graph). */
export function uint8Tensor(name: string, dims: number[], values: Uint8Array): Onnx.ITensorProto {
  return { name, dims, dataType: DataType.UINT8, rawData: values };
}

/** An int64 tensor stored inline (shapes, axes, indices). */
export function int64Tensor(name: string, dims: number[], values: number[]): Onnx.ITensorProto {
  return { name, dims, dataType: DataType.INT64, int64Data: values };
}

/** An int32 tensor stored inline (token ids to compare with an int32 `text` input). */
export function int32Tensor(name: string, dims: number[], values: number[]): Onnx.ITensorProto {
  return { name, dims, dataType: DataType.INT32, int32Data: values };
}

/**
 * A float tensor whose values live in a file beside the model (ONNX external data, as
 * torch.onnx writes towers over the 2 GB protobuf limit): the graph keeps only this
 * reference, `location` is relative to the model file. Returns the tensor and the bytes the
 * caller must write to `location`.
 */
export function externalFloatTensor(
  name: string,
  dims: number[],
  values: number[],
  location: string,
): { tensor: Onnx.ITensorProto; data: Uint8Array } {
  const floats = Float32Array.from(values);
  // ONNX external data is little-endian: write it so whatever the host's byte order.
  const data = new Uint8Array(floats.byteLength);
  const view = new DataView(data.buffer);
  floats.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  const entry = (key: string, value: string) => ({ key, value });
  const tensor: Onnx.ITensorProto = {
    name,
    dims,
    dataType: DataType.FLOAT,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      entry('location', location),
      entry('offset', '0'),
      entry('length', String(data.byteLength)),
    ],
  };
  return { tensor, data };
}

type Attribute = number | number[] | string;

/** A graph node; its name is derived from its first output, so graphs stay deterministic. */
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
export function encodeModel(
  graph: Onnx.IGraphProto,
  docString: string,
  opset = 13,
  producerName = 'fotoglot-test-tiny',
): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: opset >= 17 ? 8 : 7,
    opsetImport: [{ domain: '', version: opset }],
    producerName,
    producerVersion: '1',
    docString,
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
