/**
 * Importing models as a user with an offline machine would: any Immich-layout export that
 * passes [Note: Real model contract] becomes a custom model; a folder that breaks it gets one
 * clear message naming the file, nothing is installed, and the active model stays active.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startContractChecker, type ContractChecker } from '../../../test/helpers/contract-checker';
import { variantNames } from '../../../test/helpers/variant-core';
import { LibraryDatabase } from '../db/library-database';
import { ModelManager } from './model-manager';

const { onnx } = onnxProto;
const repoModels = path.resolve(import.meta.dirname, '../../../models');
const tiny = path.join(repoModels, 'test-tiny');
const variants = variantNames;

let checker: ContractChecker;
let home: string;
let db: LibraryDatabase;
let manager: ModelManager;
beforeAll(() => {
  checker = startContractChecker();
});
afterAll(async () => {
  await checker.dispose();
});
beforeEach(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-import-'));
  db = LibraryDatabase.open(path.join(home, 'library.db'));
  manager = new ModelManager(db.db, home, repoModels, checker.check);
  await manager.importFrom(tiny);
  await manager.use('test-tiny');
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

/** A copy of test-tiny with one thing broken. */
function brokenCopy(name: string, damage: (root: string) => void, from = tiny): string {
  const root = path.join(home, 'sources', name);
  cpSync(from, root, { recursive: true });
  damage(root);
  return root;
}

const editJson = (file: string, edit: (value: Record<string, unknown>) => void) => {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value));
};

/** Rewrites an ONNX graph in place. */
const editGraph = (file: string, edit: (graph: onnxProto.onnx.IGraphProto) => void) => {
  const model = onnx.ModelProto.decode(readFileSync(file));
  if (!model.graph) throw new Error('no graph');
  edit(model.graph);
  writeFileSync(file, onnx.ModelProto.encode(model).finish());
};

describe('custom models', () => {
  it.each(variants)(
    'imports the %s variant under a new id, lists it as custom and uses it',
    async (variant) => {
      const id = `my-${variant}`;
      const dir = await manager.importFrom(path.join(repoModels, 'test-variants', variant), id);
      expect(dir).toBe(path.join(home, 'models', id));
      expect(manager.list().find((m) => m.id === id)).toMatchObject({
        custom: true,
        installed: true,
        dimension: 11,
      });
      expect(await manager.verify(id)).toEqual([]);
      await manager.use(id);
      expect(manager.active()?.id).toBe(id);
    },
  );

  it('refuses ids that are not names', async () => {
    await expect(manager.importFrom(tiny, '../escape')).rejects.toThrow(/cannot be a model name/);
  });
});

describe('a model folder that breaks the contract', () => {
  const cases: [string, (root: string) => void, RegExp][] = [
    [
      'missing external data',
      (root) => {
        rmSync(path.join(root, 'textual/model.onnx_data'));
      },
      /textual\/model\.onnx_data is missing in .*external data/,
    ],
    [
      'wrong image input rank',
      (root) => {
        editGraph(path.join(root, 'visual/model.onnx'), (g) => {
          const dims = g.input?.[0]?.type?.tensorType?.shape?.dim;
          dims?.splice(2, 2, { dimValue: 4096 });
          // Flatten the pixels the way the rest of the graph expects ([N, 3, P]).
          const reshape = g.node?.find((n) => n.opType === 'Reshape');
          if (reshape?.input?.[0]) reshape.input[0] = 'rgb';
        });
      },
      /visual\/model\.onnx takes float32 \[batch, 3, 4096\]; Fotoglot needs float32 \[batch, 3, 64, 64\]/,
    ],
    [
      'text input of the wrong dtype',
      (root) => {
        editGraph(path.join(root, 'textual/model.onnx'), (g) => {
          const input = g.input?.[0]?.type?.tensorType;
          if (input) input.elemType = onnx.TensorProto.DataType.FLOAT;
          // Cast back so the graph itself is valid: only the contract is broken.
          g.node?.unshift(
            onnx.NodeProto.create({
              opType: 'Cast',
              input: ['text'],
              output: ['text_ids'],
              name: 'cast',
              attribute: [
                {
                  name: 'to',
                  type: onnx.AttributeProto.AttributeType.INT,
                  i: onnx.TensorProto.DataType.INT64,
                },
              ],
            }),
          );
          const gather = g.node?.find((n) => n.opType === 'Gather');
          if (gather?.input) gather.input[1] = 'text_ids';
        });
      },
      /textual\/model\.onnx takes text as float32 \[batch, 16\]; Fotoglot needs int32 or int64/,
    ],
    [
      'a pad token outside the vocabulary',
      (root) => {
        editJson(path.join(root, 'textual/tokenizer_config.json'), (c) => {
          c.pad_token = '<nope>';
        });
      },
      /pad token "<nope>" of textual\/tokenizer_config\.json is not in the vocabulary/,
    ],
    [
      'embed_dim that disagrees with the graph',
      (root) => {
        editJson(path.join(root, 'config.json'), (c) => {
          c.embed_dim = 12;
        });
      },
      /visual\/model\.onnx outputs 11-dimensional vectors but config\.json says embed_dim 12/,
    ],
    [
      'context_length that disagrees with the graph',
      (root) => {
        editJson(path.join(root, 'config.json'), (c) => {
          c.text_cfg = { context_length: 77 };
        });
      },
      /textual\/model\.onnx takes 16 tokens but config\.json says context_length 77/,
    ],
    [
      'an unknown text cleaning',
      (root) => {
        editJson(path.join(root, 'config.json'), (c) => {
          c.text_cfg = { context_length: 16, tokenizer_kwargs: { clean: 'ftfy-only' } };
        });
      },
      /config\.json .*ftfy-only/,
    ],
  ];

  it.each(cases)(
    '%s: one clear message, nothing installed, the active model stays',
    async (name, damage, message) => {
      const from =
        name === 'missing external data'
          ? path.join(repoModels, 'test-variants/external-data')
          : tiny;
      const source = brokenCopy(name.replaceAll(' ', '-'), damage, from);
      const error = await manager.importFrom(source, 'custom-broken').then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toMatch(/onnxruntime_src|\n/);
      expect(existsSync(path.join(home, 'models', 'custom-broken'))).toBe(false);
      expect(existsSync(path.join(home, 'models', '.partial', 'custom-broken-import'))).toBe(false);
      expect(manager.active()?.id).toBe('test-tiny');
    },
  );

  it('verify and use say the same about an installed folder that was damaged later', async () => {
    await manager.importFrom(path.join(repoModels, 'test-variants/static-batch'), 'later');
    editJson(path.join(home, 'models/later/config.json'), (c) => {
      c.embed_dim = 12;
    });
    expect((await manager.verify('later')).join('\n')).toMatch(/embed_dim 12/);
    await expect(manager.use('later')).rejects.toThrow(/embed_dim 12/);
    expect(manager.active()?.id).toBe('test-tiny');
  });
});
