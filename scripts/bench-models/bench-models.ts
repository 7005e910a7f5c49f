/**
 * @file Model folders in the Immich layout whose ONNX towers have the exact architecture of
 * catalog models, with random weights (see clip-architecture.ts). Built once into a cache
 * folder (about 1.2 GB each, mostly the text token embeddings) for `npm run bench:embed`.
 * The tokenizer is test-tiny's: real SigLIP tokenizers cannot be downloaded here, and their
 * cost (well under a millisecond per query) is not what the benchmark measures.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import {
  dynamicExport,
  immichExport,
  textTower,
  visionTower,
  type ExportShape,
  type TextShape,
  type VisionShape,
} from './clip-architecture';

export interface BenchModelSpec {
  /** The bench model's id: its cache folder and its row in the results. */
  id: string;
  /** The catalog id whose architecture this copies; the app installs it under this id. */
  catalogId: string;
  dimension: number;
  vision: VisionShape;
  text: TextShape;
  /** Batch dimension and output names of both towers (same weights either way). */
  export: ExportShape;
}

const base = { width: 768, layers: 12, heads: 12, mlpRatio: 4 };

/** The default catalog model (open_clip's model_configs/ViT-B-16-SigLIP-i18n-256.json). */
const defaultModel: BenchModelSpec = {
  id: 'ViT-B-16-SigLIP-i18n-256__webli',
  catalogId: 'ViT-B-16-SigLIP-i18n-256__webli',
  dimension: 768,
  vision: { ...base, imageSize: 256, patchSize: 16 },
  text: { ...base, vocabSize: 250000, contextLength: 64 },
  export: dynamicExport,
};

/** open_clip's configs for these models (model_configs/*.json in open_clip). */
export const benchModels: BenchModelSpec[] = [
  defaultModel,
  // The shape users actually download (batch 1, the exporter's output names), same weights.
  { ...defaultModel, id: `${defaultModel.id}-static1`, export: immichExport },
  {
    id: 'ViT-B-32-SigLIP2-256__webli',
    catalogId: 'ViT-B-32-SigLIP2-256__webli',
    dimension: 768,
    vision: { ...base, imageSize: 256, patchSize: 32 },
    text: { ...base, vocabSize: 256000, contextLength: 64 },
    export: dynamicExport,
  },
];

/** Bumped when the graphs change, so cached folders are rebuilt. */
const buildVersion = '1';

/** Builds (once) the model folder for `spec` under `root`; returns its path. */
export function ensureBenchModel(spec: BenchModelSpec, root: string): string {
  const dir = path.join(root, spec.id);
  const stamp = path.join(dir, `.built-${buildVersion}`);
  if (existsSync(stamp)) return dir;
  console.log(`building random-weight ${spec.id} in ${dir} (once)…`);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'visual'), { recursive: true });
  mkdirSync(path.join(staging, 'textual'), { recursive: true });
  const json = (file: string, value: unknown) => {
    writeFileSync(path.join(staging, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  json('config.json', {
    embed_dim: spec.dimension,
    vision_cfg: {
      image_size: spec.vision.imageSize,
      patch_size: spec.vision.patchSize,
      width: spec.vision.width,
      layers: spec.vision.layers,
    },
    text_cfg: {
      context_length: spec.text.contextLength,
      vocab_size: spec.text.vocabSize,
      width: spec.text.width,
      heads: spec.text.heads,
      layers: spec.text.layers,
    },
  });
  json('visual/preprocess_cfg.json', {
    size: [spec.vision.imageSize, spec.vision.imageSize],
    mode: 'RGB',
    mean: [0.5, 0.5, 0.5],
    std: [0.5, 0.5, 0.5],
    interpolation: 'bicubic',
    resize_mode: 'squash',
    fill_color: 0,
  });
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'])
    copyFileSync(path.join('models/test-tiny/textual', file), path.join(staging, 'textual', file));
  writeFileSync(path.join(staging, 'visual/model.onnx'), visionTower(spec.vision, 1, spec.export));
  writeFileSync(
    path.join(staging, 'textual/model.onnx'),
    textTower(spec.text, spec.dimension, 2, spec.export),
  );
  writeFileSync(path.join(staging, `.built-${buildVersion}`), '');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  renameSync(staging, dir);
  return dir;
}
