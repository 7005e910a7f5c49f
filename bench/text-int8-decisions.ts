/**
 * @file The first look's decisions, float detector vs an int8 build (path as argument, default
 * where build-text-models.ts writes it): the OCR set's rows with ground truth and the rendered samples (per group),
 * imagenet-sample's 1,000 photos (count), every photo whose decision differs, and the detector's
 * CPU per 512 px input (one thread, both in this process, every 25th photo). Inputs as bench:text
 * makes them (decode → 512 px detection input). Float looks are cached in the temp folder.
 * Not part of the app; see docs/benchmarks.md "Text".
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { detectPixels, renderDetectInput } from '../src/main/faces/face-input';
import { decodeImage, DecodeHelpers } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import { shippedTextModelsDir } from '../src/main/text/text-models';
import { passesFirstLook, type TextLook } from '../src/shared/text-first-look';
import { probabilityMap, type RgbImage } from '../src/worker/text/text-detector';
import { lookSide, TextReader } from '../src/worker/text/text-reader';
import { renderTextPhoto, textSamples } from '../test/helpers/rendered-text';
import * as ort from 'onnxruntime-node';

const data = path.resolve('../shared/data');
/** The int8 build: scripts/text/build-text-models.ts writes it to the temp folder by default. */
const int8Path = path.resolve(
  process.argv[2] ?? path.join(os.tmpdir(), 'ch_PP-OCRv4_det_int8.onnx'),
);
const dir = shippedTextModelsDir();
const helpers = new DecodeHelpers();

async function detectInput(bytes: Buffer, file: string): Promise<RgbImage> {
  const format = sniffFormat(bytes.subarray(0, 64), file);
  if (!format) throw new Error(`${file}: not a photo format`);
  const { orientation } = await sharp(bytes).metadata();
  const decoded = await decodeImage(bytes, file, format, orientation ?? null, helpers);
  const p = await detectPixels(await renderDetectInput(decoded));
  return { data: p.pixels, width: p.width, height: p.height };
}

const items: { group: string; name: string; load: () => Promise<RgbImage> }[] = [];
const labels = readFileSync(path.join(data, 'ocr/labels.tsv'), 'utf8').split('\n').slice(1);
for (const line of labels) {
  const [file = '', , script = '', kind = '', truth = ''] = line.split('\t');
  if (truth.trim() === '' || truth.startsWith('see ')) continue;
  if (!existsSync(path.join(data, file))) continue;
  items.push({
    group: `ocr set ${script} (${kind})`,
    name: file,
    load: () => detectInput(readFileSync(path.join(data, file)), file),
  });
}
for (const s of textSamples)
  items.push({
    group: `rendered ${s.language}`,
    name: s.language,
    load: async () => detectInput(await renderTextPhoto(s), 'x.jpg'),
  });
const imagenet = path.join(data, 'imagenet-sample/images');
const limit = Number(process.env.N ?? 1000);
for (const f of readdirSync(imagenet).sort().slice(0, limit))
  items.push({
    group: 'imagenet-sample',
    name: f,
    load: () => detectInput(readFileSync(path.join(imagenet, f)), f),
  });

const floatReader = await TextReader.load(dir, 1);
const int8Reader = await TextReader.load(dir, 1, int8Path);
const cacheFile = path.join(os.tmpdir(), `fotoglot-float-looks-${String(limit)}.json`);
const cache: Record<string, TextLook> = existsSync(cacheFile)
  ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, TextLook>)
  : {};
const opts: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};
const fs = await ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'), opts);
const qs = await ort.InferenceSession.create(int8Path, opts);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const groups = new Map<string, { n: number; f: number; q: number }>();
const diffs: string[] = [];
let tf = 0;
let tq = 0;
let timed = 0;
let index = 0;
for (const item of items) {
  const image = await item.load();
  const key = `${item.group}|${item.name}`;
  const lf = cache[key] ?? (await floatReader.look(image));
  cache[key] = lf;
  const lq = await int8Reader.look(image);
  const [pf, pq] = [passesFirstLook(lf), passesFirstLook(lq)];
  const g = groups.get(item.group) ?? { n: 0, f: 0, q: 0 };
  g.n++;
  if (pf) g.f++;
  if (pq) g.q++;
  groups.set(item.group, g);
  if (pf !== pq)
    diffs.push(
      `${item.name}: float ${pf ? 'pass' : 'no'} ${JSON.stringify(lf)} int8 ${pq ? 'pass' : 'no'} ${JSON.stringify(lq)}`,
    );
  if (item.group === 'imagenet-sample' && index++ % 25 === 0) {
    await probabilityMap(fs, image, lookSide);
    await probabilityMap(qs, image, lookSide);
    for (let r = 0; r < 2; r++) {
      let c = cpu();
      await probabilityMap(fs, image, lookSide);
      tf += cpu() - c;
      c = cpu();
      await probabilityMap(qs, image, lookSide);
      tq += cpu() - c;
      timed++;
    }
  }
}
writeFileSync(cacheFile, JSON.stringify(cache));
console.log('| group | n | float passes | int8 passes |\n|---|---|---|---|');
for (const [name, g] of [...groups].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(`| ${name} | ${String(g.n)} | ${String(g.f)} | ${String(g.q)} |`);
console.log(diffs.join('\n'));
console.log(
  `detector CPU per 512 px input: float ${(tf / timed).toFixed(1)} ms, int8 ${(tq / timed).toFixed(1)} ms (${(100 - (100 * tq) / tf).toFixed(1)} % less), n=${String(timed)}`,
);
await Promise.all([floatReader.dispose(), int8Reader.dispose(), fs.release(), qs.release()]);
