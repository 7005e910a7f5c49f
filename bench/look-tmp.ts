import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { TextReader } from '../src/worker/text/text-reader';
import { shippedTextModelsDir } from '../src/main/text/text-models';
const reader = await TextReader.load(shippedTextModelsDir(), 1);
const data = path.resolve('../shared/data');
async function rgb(file: string, side: number) {
  const { data: d, info } = await sharp(file).rotate().resize(side, side, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(d.buffer, d.byteOffset, d.length), width: info.width, height: info.height };
}
const out: string[] = [];
const labels = readFileSync(path.join(data, 'ocr/labels.tsv'), 'utf8').split('\n').slice(1);
for (const line of labels) {
  const [file = '', , script = '', kind = ''] = line.split('\t');
  if (!file) continue;
  try {
    const l = await reader.look(await rgb(path.join(data, file), 512));
    out.push(`ocr\t${kind}\t${file}\t${l.share.toFixed(5)}\t${l.regions}\t${l.confidence.toFixed(3)}`);
  } catch (e) { out.push(`ocr-err\t${file}`); }
}
const dir = path.join(data, 'imagenet-sample/images');
for (const f of readdirSync(dir).sort()) {
  const l = await reader.look(await rgb(path.join(dir, f), 512));
  out.push(`imagenet\t-\t${f}\t${l.share.toFixed(5)}\t${l.regions}\t${l.confidence.toFixed(3)}`);
}
writeFileSync('/tmp/te-look.tsv', out.join('\n'));
await reader.dispose();
