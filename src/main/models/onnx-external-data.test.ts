/** The external-data files a graph names ([Note: External data]), and what the layout check says when one is missing. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataType,
  encodeModel,
  externalFloatTensor,
  node,
  rawFloatTensor,
  valueInfo,
} from '../../../scripts/test-tiny/onnx-graph';
import { validateLayout } from './model-folder';
import { externalDataFiles } from './onnx-external-data';

const { onnx } = onnxProto;
const repo = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-extdata-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A graph as torch.onnx writes a >2 GB tower: one file per tensor, a Constant's value among them. */
function perTensorGraph(): Uint8Array {
  const a = externalFloatTensor(
    'text.token_embedding.weight',
    [2],
    [1, 2],
    'text.token_embedding.weight',
  );
  const b = externalFloatTensor('proj', [2], [3, 4], 'proj');
  const constant = externalFloatTensor('value', [2], [5, 6], 'Constant_2217_attr__value');
  const constNode = node('Constant', [], ['c'], {});
  constNode.attribute = [
    { name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: constant.tensor },
  ];
  return encodeModel(
    {
      name: 'g',
      input: [valueInfo('x', DataType.FLOAT, [2])],
      output: [valueInfo('y', DataType.FLOAT, [2])],
      initializer: [a.tensor, b.tensor],
      node: [constNode, node('Add', ['x', 'c'], ['y'])],
    },
    'per-tensor external data',
  );
}

describe('externalDataFiles', () => {
  it('lists every file a per-tensor export names, Constant attributes included', async () => {
    const file = path.join(dir, 'per-tensor.onnx');
    writeFileSync(file, perTensorGraph());
    expect(await externalDataFiles(file)).toEqual([
      'Constant_2217_attr__value',
      'proj',
      'text.token_embedding.weight',
    ]);
  });

  it('finds none in a graph with inline weights, skipping their bytes', async () => {
    const file = path.join(dir, 'inline.onnx');
    const weights = new Float32Array(1_000_000).fill(0.5);
    writeFileSync(
      file,
      encodeModel(
        {
          name: 'g',
          input: [valueInfo('x', DataType.FLOAT, [1_000_000])],
          output: [valueInfo('y', DataType.FLOAT, [1_000_000])],
          initializer: [rawFloatTensor('w', [1_000_000], weights)],
          node: [node('Add', ['x', 'w'], ['y'])],
        },
        'inline',
      ),
    );
    expect(await externalDataFiles(file)).toEqual([]);
    expect(await externalDataFiles(path.join(repo, 'models/test-tiny/textual/model.onnx'))).toEqual(
      [],
    );
  });

  it('reads the external-data test variant', async () => {
    expect(
      await externalDataFiles(
        path.join(repo, 'models/test-variants/external-data/textual/model.onnx'),
      ),
    ).toEqual(['model.onnx_data']);
  });

  it('refuses a graph that points outside its folder, and a file that is not a protobuf', async () => {
    const escaping = externalFloatTensor('w', [1], [1], '../../etc/passwd');
    const file = path.join(dir, 'escaping.onnx');
    writeFileSync(
      file,
      encodeModel(
        {
          name: 'g',
          input: [],
          output: [valueInfo('w', DataType.FLOAT, [1])],
          initializer: [escaping.tensor],
          node: [],
        },
        'escaping',
      ),
    );
    await expect(externalDataFiles(file)).rejects.toThrow(/outside its folder/);
    const junk = path.join(dir, 'junk.onnx');
    writeFileSync(junk, Buffer.from([0x0f, 0xff, 0xff, 0xff]));
    await expect(externalDataFiles(junk)).rejects.toThrow();
  });
});

describe('validateLayout', () => {
  it('names a missing external-data file and what to do', async () => {
    const copy = path.join(dir, 'copy');
    cpSync(path.join(repo, 'models/test-variants/external-data'), copy, { recursive: true });
    await expect(validateLayout(copy)).resolves.toBeUndefined();
    rmSync(path.join(copy, 'textual/model.onnx_data'));
    await expect(validateLayout(copy)).rejects.toThrow(
      /textual\/model\.onnx_data is missing in .*textual\/model\.onnx keeps its weights there/,
    );
  });
});
