/**
 * Proves the import rules of ARCHITECTURE §1/§2 are enforced by `npm run lint`: each
 * forbidden arrow is linted as if written in the layer, with the project's own config. The
 * same for vector SQL, which only src/main/embeddings may write.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// Type information is irrelevant to import rules, and virtual files are in no tsconfig.
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const cases: [file: string, source: string, allowed: boolean][] = [
  // shared: nothing platform-specific, no other layer.
  ['src/shared/x.ts', "import fs from 'node:fs';", false],
  ['src/shared/x.ts', "import fs from 'fs';", false],
  ['src/shared/x.ts', "import { app } from 'electron';", false],
  ['src/shared/x.ts', "import React from 'react';", false],
  ['src/shared/x.ts', "import Database from 'better-sqlite3';", false],
  ['src/shared/x.ts', "import { Core } from '../main/core';", false],
  ['src/shared/x.ts', "import { z } from 'zod';", true],
  ['src/shared/x.ts', "import { ok } from './result';", true],
  // renderer: never main, worker, Node or electron.
  ['src/renderer/components/x.tsx', "import { Core } from '../../main/core';", false],
  ['src/renderer/x.ts', "import { handleMessage } from '../worker/request-handlers';", false],
  ['src/renderer/x.ts', "import { ipcRenderer } from 'electron';", false],
  ['src/renderer/x.ts', "import path from 'node:path';", false],
  ['src/renderer/x.ts', "import * as ort from 'onnxruntime-node';", false],
  ['src/renderer/api/x.ts', "import type { Api } from '../../shared/contract';", true],
  // only src/main/electron and src/preload import electron.
  ['src/main/core.ts', "import { app } from 'electron';", false],
  ['src/main/db/x.ts', "import { app } from 'electron';", false],
  ['src/main/x.ts', "import { handleAll } from './electron/ipc';", false],
  ['src/worker/x.ts', "import { utilityProcess } from 'electron';", false],
  ['src/main/electron/x.ts', "import { app } from 'electron';", true],
  ['src/preload/x.ts', "import { contextBridge } from 'electron';", true],
  // worker and core stay apart except through the protocol.
  ['src/worker/x.ts', "import { Core } from '../main/core';", false],
  ['src/main/inference/x.ts', "import { runtimeInfo } from '../../worker/runtime-info';", false],
  ['src/preload/x.ts', "import { Core } from '../main/core';", false],
];

async function restrictedSyntax(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

// Only src/main/embeddings knows how vectors are stored (src/main/db loads sqlite-vec).
const vectorCases: [file: string, source: string, allowed: boolean][] = [
  ['src/main/search/x.ts', "db.prepare('SELECT vec_distance_cosine(embedding, ?) FROM t');", false],
  ['src/main/tagging/x.ts', 'db.prepare(`SELECT vec_quantize_binary(${v}) AS b`);', false],
  ['src/main/search/x.ts', 'db.prepare(`SELECT embedding FROM "vec_test_tiny_11"`);', false],
  ['src/main/x.ts', "db.exec('CREATE VIRTUAL TABLE t USING vec0(embedding float[3])');", false],
  ['src/main/cli/x.ts', "db.prepare('SELECT vec_to_json(embedding) FROM t');", false],
  ['src/main/server/x.ts', "db.prepare('SELECT vec_table FROM embedding_models');", false],
  ['src/main/search/x.test.ts', "db.prepare('SELECT vec_distance_l2(a, b)');", false],
  [
    'src/main/embeddings/x.ts',
    "db.prepare('SELECT vec_distance_cosine(embedding, ?) FROM t');",
    true,
  ],
  ['src/main/db/x.ts', "db.prepare('SELECT vec_version()');", true],
  ['src/main/search/x.ts', "db.prepare('SELECT id FROM photos WHERE state = ?');", true],
  ['src/main/search/x.ts', 'const vector = index.vectorOf(id);', true],
];

describe('layering rules', () => {
  it.each(cases)('%s: %s → allowed=%s', async (file, source, allowed) => {
    const messages = await restrictedImports(file, source);
    if (allowed) expect(messages).toEqual([]);
    else expect(messages.length).toBeGreaterThan(0);
  });
});

describe('vector tables stay in src/main/embeddings', () => {
  it.each(vectorCases)('%s: %s → allowed=%s', async (file, source, allowed) => {
    const messages = await restrictedSyntax(file, source);
    if (allowed) expect(messages).toEqual([]);
    else expect(messages.length).toBeGreaterThan(0);
  });
});

// Only the pipeline starts a stage's work ([Note: Pipeline]); tests may drive stages.
const stageCases: [file: string, source: string, allowed: boolean][] = [
  ['src/main/handlers/x.ts', 'await core.embeddings.run();', false],
  ['src/main/handlers/x.ts', 'void core.tags.run();', false],
  ['src/main/library/x.ts', 'await this.embeddings.run();', false],
  ['src/main/cli/commands/x.ts', 'await tags.run();', false],
  ['src/main/handlers/x.ts', 'await core.pipeline.afterIngest();', true],
  ['src/main/jobs/x.ts', 'await embeddings.run();', true],
  ['src/main/core.ts', 'this.pipeline.add({ name: "tag", run: () => this.tags.run() });', true],
  ['src/main/tagging/x.test.ts', 'await core.tags.run();', true],
  ['src/main/search/x.ts', 'const found = await search.run();', true],
];

describe('only the pipeline schedules stage work', () => {
  it.each(stageCases)('%s: %s → allowed=%s', async (file, source, allowed) => {
    const messages = await restrictedSyntax(file, source);
    if (allowed) expect(messages).toEqual([]);
    else
      expect(messages).toContain(
        'Only the pipeline (src/main/jobs) starts a stage: call core.pipeline (afterIngest) instead.',
      );
  });
});
