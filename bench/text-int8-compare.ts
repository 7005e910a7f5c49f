/**
 * @file Detector CPU per 512 px input, float vs an int8 build (scripts/text/build-text-models.ts,
 * path as argument), one thread as the app on 2 cores, 10 rendered samples + every 25th
 * imagenet-sample photo, and how far the maps differ. Not part of the app; see docs/benchmarks.md "Text".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { shippedTextModelsDir } from '../src/main/text/text-models';
import { probabilityMap, textShare } from '../src/worker/text/text-detector';
import { rgbOf, renderTextPhoto, textSamples } from '../test/helpers/rendered-text';
const opts: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};
const f = await ort.InferenceSession.create(
  path.join(shippedTextModelsDir(), 'ch_PP-OCRv4_det_infer.onnx'),
  opts,
);
const q = await ort.InferenceSession.create(
  path.resolve(process.argv[2] ?? 'ch_PP-OCRv4_det_int8.onnx'),
  opts,
);
const dir = '/work/shared/data/imagenet-sample/images';
const files = readdirSync(dir)
  .sort()
  .filter((_, i) => i % 25 === 0);
const imgs = [];
for (const s of textSamples) imgs.push(await rgbOf(await renderTextPhoto(s), 512));
for (const x of files) imgs.push(await rgbOf(readFileSync(path.join(dir, x)), 512));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const s of [f, q])
  await probabilityMap(s, imgs[0] ?? { data: new Uint8Array(3), width: 1, height: 1 }, 512);
let tf = 0,
  tq = 0;
for (let rep = 0; rep < 2; rep++)
  for (const [i, im] of imgs.entries()) {
    let c = cpu();
    const a = await probabilityMap(f, im, 512);
    tf += cpu() - c;
    c = cpu();
    const b = await probabilityMap(q, im, 512);
    tq += cpu() - c;
    if (rep === 0) {
      let d = 0;
      for (let k = 0; k < a.map.length; k++)
        d = Math.max(d, Math.abs((a.map[k] ?? 0) - (b.map[k] ?? 0)));
      if (i < 12 || textShare(a.map) > 0.005)
        console.log(
          i,
          'share',
          textShare(a.map).toFixed(4),
          textShare(b.map).toFixed(4),
          'maxdiff',
          d.toFixed(3),
        );
    }
  }
const n = 2 * imgs.length;
console.log(
  `detector CPU per input: float ${(tf / n).toFixed(1)} ms, int8 ${(tq / n).toFixed(1)} ms (${(100 - (100 * tq) / tf).toFixed(0)} % less), n=${String(n)}`,
);
