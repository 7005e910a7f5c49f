/**
 * @file A real Core whose active model is one of the test-tiny variants (models/test-variants),
 * listed in a catalog as test-tiny is (same calibration and languages), so every real-model
 * contract runs through indexing, auto-tagging and search exactly as a catalog model would.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Catalog } from '../../src/shared/model-catalog';
import { openTestCore, repoRoot, type TestCore, type TestCoreOptions } from './test-core';

export const variantNames = [
  'static-batch',
  'canonicalize',
  'closing-token',
  'nllb',
  'two-input',
  'external-data',
] as const;
export type VariantName = (typeof variantNames)[number];

/**
 * The score-regime variants ([Note: Score-regime variants]): 22 dimensions, listed with the
 * catalog's prior of the family whose cosines they imitate (SigLIP's, OpenAI CLIP's).
 */
export const regimeVariants = {
  'siglip-scores': {
    dimension: 22,
    tagging: { scale: 112, bias: -16.5, threshold: 0.1, fitted: false },
  },
  'clip-scores': {
    dimension: 22,
    tagging: { scale: 50, bias: -14, threshold: 0.3, fitted: false },
  },
} as const;
export type RegimeName = keyof typeof regimeVariants;

/** Opens a test core with `variant` installed from a bundled-models folder and made active. */
export async function openVariantCore(
  variant: VariantName | RegimeName,
  options: TestCoreOptions = {},
): Promise<TestCore> {
  const models = path.join(repoRoot, 'models');
  const catalog = JSON.parse(readFileSync(path.join(models, 'catalog.json'), 'utf8')) as Catalog;
  const tiny = catalog.models.find((m) => m.id === 'test-tiny');
  if (!tiny) throw new Error('the catalog has no test-tiny');
  const bundled = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-variant-'));
  cpSync(path.join(models, 'test-variants', variant), path.join(bundled, variant), {
    recursive: true,
  });
  const regime = variant in regimeVariants ? regimeVariants[variant as RegimeName] : {};
  const entry = {
    ...tiny,
    ...regime,
    id: variant,
    files: tiny.files.map((f) => ({ ...f, bytes: null, sha256: null })),
  };
  writeFileSync(
    path.join(bundled, 'catalog.json'),
    JSON.stringify({ ...catalog, models: [...catalog.models, entry] }),
  );
  const t = openTestCore({ ...options, bundledModelsDir: bundled });
  await t.core.models.use(variant);
  return {
    ...t,
    close: async () => {
      await t.close();
      rmSync(bundled, { recursive: true, force: true });
    },
  };
}
