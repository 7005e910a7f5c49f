import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import { detectPixels, renderDetectInput } from '../src/main/faces/face-input';
import { decodeImage, DecodeHelpers } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import { shippedTextModelsDir } from '../src/main/text/text-models';
import { passesFirstLook } from '../src/shared/text-first-look';
import { probabilityMap, boxesFromMap, type RgbImage } from '../src/worker/text/text-detector';
import { TextReader } from '../src/worker/text/text-reader';
import { foldedDetector } from '../src/worker/text/folded-detector';
import { renderTextPhoto, textSamples } from '../test/helpers/rendered-text';
const data = path.resolve('../shared/data');
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
  const [file = '', , script = '', kind = ''] = line.split('\t');
  if (!file || !existsSync(path.join(data, file))) continue;
  items.push({ group: `ocr ${script} (${kind})`, name: file, load: () => detectInput(readFileSync(path.join(data, file)), file) });
}
for (const s of textSamples) for (const turn of [0, 90, 180] as const)
  items.push({ group: `rendered`, name: `${s.language}-${turn}`, load: async () => detectInput(await renderTextPhoto(s, { turn }), 'x.jpg') });
const imagenet = path.join(data, 'imagenet-sample/images');
for (const f of readdirSync(imagenet).sort()) items.push({ group: 'imagenet', name: f, load: () => detectInput(readFileSync(path.join(imagenet, f)), f) });
const reader = await TextReader.load(dir, 1);
const opts = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;
const det = await ort.InferenceSession.create(foldedDetector(readFileSync(path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'))), opts);
const sides = [192, 256, 320];
const rows: string[] = ['group\tname\tpass\t' + sides.map((s) => `max${s}\tabove30_${s}\tboxes${s}`).join('\t')];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t = new Map<number, number>(); let n = 0;
for (const item of items) {
  const image = await item.load();
  const look = await reader.look(image);
  const cells: string[] = [item.group, item.name, passesFirstLook(look) ? '1' : '0'];
  for (const side of sides) {
    const c = cpu();
    const m = await probabilityMap(det, image, side);
    t.set(side, (t.get(side) ?? 0) + cpu() - c);
    let max = 0, above = 0;
    for (const v of m.map) { if (v > max) max = v; if (v > 0.3) above++; }
    cells.push(max.toFixed(3), (above / m.map.length).toFixed(5), String(boxesFromMap(m.map, m.width, m.height, image.width, image.height).length));
  }
  n++;
  rows.push(cells.join('\t'));
}
writeFileSync('/tmp/cascade.tsv', rows.join('\n'));
console.log([...t].map(([s, ms]) => `${s}: ${(ms / n).toFixed(1)} ms`).join(', '));
await reader.dispose();
