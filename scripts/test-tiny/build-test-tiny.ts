/**
 * @file Builds models/test-tiny and its variants models/test-variants/<name> deterministically
 * (`npm run build:test-tiny`); see [Note: The test-tiny model] and [Note: test-tiny variants].
 * The optional argument is the models folder to write into (default: models, run from the
 * repository root as scripts/run-ts.mjs does).
 */
import path from 'node:path';
import { modelFolder, writeModelFolder } from './model-folder';
import { variants } from './variants';

const modelsDir = path.resolve(process.argv[2] ?? 'models');
writeModelFolder(path.join(modelsDir, 'test-tiny'), modelFolder());
for (const [name, build] of Object.entries(variants))
  writeModelFolder(path.join(modelsDir, 'test-variants', name), build());
console.log(
  `test-tiny and ${String(Object.keys(variants).length)} variants (${Object.keys(variants).join(', ')}) → ${modelsDir}`,
);
