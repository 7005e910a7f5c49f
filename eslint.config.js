// @file ESLint: typescript-eslint strict type-checked, React hooks, and the layering rules of ARCHITECTURE §1/§2.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
/** Packages that only the core and worker may load (native or server-side). */
const coreOnlyPackages = [
  'better-sqlite3',
  'sqlite-vec',
  'onnxruntime-node',
  'sharp',
  'ws',
  'sirv',
  'commander',
];

const message = {
  electron: 'Only src/main/electron and src/preload may import electron.',
  node: 'This layer runs outside Node: no Node built-ins here.',
  core: 'This package belongs to the core or worker; reach it through the contract.',
};

/** A relative import that climbs into one of `folders` (src/<folder>/…). */
const into = (folders, why) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: why,
});

/**
 * SQL that knows how vectors are stored: sqlite-vec's functions (`vec_distance_cosine(`,
 * `vec_quantize_binary(`, …), `vec0` tables, quoted vector table names (`"vec_…`) and the
 * registry column that holds them (`vec_table`).
 */
const vectorSql = String.raw`/\bvec0\b|\bvec_\w+\s*\(|"vec_|\bvec_table\b/`;
const vectorSqlMessage =
  "Vector tables and sqlite-vec SQL belong to src/main/embeddings: use the model's VectorIndex.";

const vectorOwners = ['src/main/embeddings/**', 'src/main/db/**'];
const stageOwners = ['src/main/jobs/**', 'src/main/core.ts'];
const vectorSelectors = [
  { selector: `Literal[value=${vectorSql}]`, message: vectorSqlMessage },
  { selector: `TemplateElement[value.raw=${vectorSql}]`, message: vectorSqlMessage },
];
const stageMessage =
  'Only the pipeline (src/main/jobs) starts a stage: call core.pipeline (afterIngest) instead.';
const stageSelectors = [
  {
    selector:
      "CallExpression[callee.property.name='run'][callee.object.property.name=/^(embeddings|tags)$/]",
    message: stageMessage,
  },
  {
    selector:
      "CallExpression[callee.property.name='run'][callee.object.name=/^(embeddings|tags)$/]",
    message: stageMessage,
  },
];

/** One `no-restricted-imports` rule built from the groups a layer must not reach. */
function restrict({ electron = false, node = false, core = false, patterns = [] }) {
  const paths = [
    ...(electron ? [{ name: 'electron', message: message.electron }] : []),
    ...(node ? nodeBuiltins.map((name) => ({ name, message: message.node })) : []),
    ...(core ? coreOnlyPackages.map((name) => ({ name, message: message.core })) : []),
  ];
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'release/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },

  // ── Layering (ARCHITECTURE §1/§2) ───────────────────────────────────────────
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: restrict({
      electron: true,
      node: true,
      core: true,
      patterns: [
        {
          group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
          message: 'src/shared is UI-free.',
        },
        into(['main', 'worker', 'renderer', 'preload'], 'src/shared imports only src/shared.'),
      ],
    }),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict({
      electron: true,
      node: true,
      core: true,
      patterns: [
        into(
          ['main', 'worker', 'preload'],
          'The renderer talks to the core only through window.fotoglot.',
        ),
      ],
    }),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict({
      node: true,
      core: true,
      patterns: [
        into(
          ['main', 'worker', 'renderer'],
          'The preload exposes the contract; it imports only src/shared.',
        ),
      ],
    }),
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: restrict({
      electron: true,
      patterns: [
        into(['main', 'renderer', 'preload'], 'The worker shares only src/shared with the rest.'),
      ],
    }),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: restrict({
      electron: true,
      patterns: [
        into(
          ['renderer', 'worker', 'preload'],
          'The core reaches the worker through InferenceClient, the UI through the contract.',
        ),
        {
          regex: '^\\.{1,2}/(\\.\\./)*electron(/|$)',
          message: 'The core never depends on the Electron host.',
        },
      ],
    }),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: restrict({
      patterns: [
        into(
          ['renderer', 'worker', 'preload'],
          'The Electron host reaches the UI only through IPC and the worker through InferenceClient.',
        ),
      ],
    }),
  },

  // ── Vector tables ([Note: Two-pass vector search]) and stage scheduling ([Note: Pipeline]) ──
  // Only src/main/embeddings reads and writes vectors; src/main/db loads sqlite-vec and
  // proves it works. Tests count: a test that needs vectors goes through the index too.
  // Only the pipeline (src/main/jobs, and the core where the stages are listed) starts a
  // stage's work; tests drive stages directly. One rule name, so the two sets are merged by
  // file group rather than overriding each other.
  ...[
    {
      files: ['src/main/**/*.ts'],
      ignores: [...vectorOwners, ...stageOwners],
      vector: true,
      stage: true,
    },
    { files: vectorOwners, ignores: ['**/*.test.ts'], vector: false, stage: true },
    { files: stageOwners, vector: true, stage: false },
    { files: ['src/main/**/*.test.ts'], ignores: vectorOwners, vector: true, stage: false },
  ].map(({ files, ignores = [], vector, stage }) => ({
    files,
    ignores,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...(vector ? vectorSelectors : []),
        ...(stage ? stageSelectors : []),
      ],
    },
  })),
);
