/**
 * @file `node scripts/run-ts.mjs bench/text-profile.ts`: where the text stage's CPU goes on
 * ../shared/data/imagenet-sample, in this process (the reader without the inference process):
 * the first look's detector and line reads, and for the photos that pass, full reading's steps
 * (detection, classifier, recogniser, Tesseract per group) and what each pass yields. A tool for
 * the budget work ([Note: Text stage]); `npm run bench:text` is the measure.
 * PROFILE_N limits the photos; PROFILE_PASSED=file reads only the photos it names (one a line:
 * the passed.txt a run writes). Each run writes into PROFILE_OUT (default a folder in the
 * system's temporary one) passed.txt and yields.tsv: per photo read, its CPU ms, its lines, the
 * first look's answer and the lines read with confidence 0.8 or more.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  detectPixels,
  facePixels,
  faceInputMaxSide,
  renderDetectInput,
  renderFaceInput,
} from '../src/main/faces/face-input';
import { decodeImage, DecodeHelpers } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import { shippedTextModelsDir } from '../src/main/text/text-models';
import { textLanguages } from '../src/main/text/text-languages';
import { passesFirstLook } from '../src/shared/text-first-look';
import { TextReader } from '../src/worker/text/text-reader';
import { TesseractReader } from '../src/worker/text/tesseract-reader';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const spent = new Map<string, { ms: number; n: number }>();
function count(key: string, ms: number) {
  const s = spent.get(key) ?? { ms: 0, n: 0 };
  s.ms += ms;
  s.n++;
  spent.set(key, s);
}
/** Wraps a method of `target` so its CPU time is counted under `key(args)`. */
function timed<T extends object>(target: T, name: keyof T, key: (args: unknown[]) => string) {
  const original = (target[name] as (...a: unknown[]) => Promise<unknown>).bind(target);
  (target as Record<keyof T, unknown>)[name] = async (...args: unknown[]) => {
    const t0 = cpu();
    try {
      return await original(...args);
    } finally {
      count(key(args), cpu() - t0);
    }
  };
}

const data = path.resolve('../shared/data/imagenet-sample/images');
const helpers = new DecodeHelpers();
const reader = await TextReader.load(shippedTextModelsDir(), 1);
const internals = reader as unknown as Record<string, unknown>;
const phase = { now: 'look' };
for (const name of ['detector', 'classifier', 'recognizer'] as const) {
  const session = internals[name] as { run: unknown };
  timed(session as Record<string, unknown>, 'run', () => `${phase.now} ${name}`);
}
const proto = TesseractReader.prototype as unknown as Record<string, unknown>;
const read = proto.read as (...a: unknown[]) => Promise<{ confidence: number; text: string }>;
proto.read = async function (this: unknown, ...args: unknown[]) {
  const t0 = cpu();
  const r = await read.apply(this, args);
  const packs = (args[0] as string[]).join('+');
  count(`${phase.now} tesseract ${packs}`, cpu() - t0);
  return r;
};

const files = readdirSync(data)
  .sort()
  .slice(0, Number(process.env.PROFILE_N ?? 1000));
const only = process.env.PROFILE_PASSED
  ? new Set(readFileSync(process.env.PROFILE_PASSED, 'utf8').split('\n').filter(Boolean))
  : null;
const languages = textLanguages('de');
const passed: string[] = [];
const yields: string[] = [];
const t0 = cpu();
let lookTotal = 0;
let readTotal = 0;
for (const f of only ? files.filter((x) => only.has(x)) : files) {
  const bytes = readFileSync(path.join(data, f));
  const format = sniffFormat(bytes.subarray(0, 64), f);
  if (!format) continue;
  const { orientation } = await sharp(bytes).metadata();
  const decoded = await decodeImage(bytes, f, format, orientation ?? null, helpers);
  const detect = await detectPixels(await renderDetectInput(decoded));
  phase.now = 'look';
  const l0 = cpu();
  const look = await reader.look({
    data: detect.pixels,
    width: detect.width,
    height: detect.height,
  });
  lookTotal += cpu() - l0;
  if (!only && !passesFirstLook(look)) continue;
  passed.push(f);
  const image = await facePixels(await renderFaceInput(decoded, faceInputMaxSide));
  phase.now = 'read';
  const r0 = cpu();
  const lines = await reader.read(
    { data: image.pixels, width: image.width, height: image.height },
    { languages },
  );
  const ms = cpu() - r0;
  readTotal += ms;
  const sure = lines.filter((l) => l.confidence >= 0.8).map((l) => l.text);
  yields.push(
    `${f}\t${ms.toFixed(0)} ms\t${String(lines.length)} lines\t${JSON.stringify(look)}\t${sure.join(' | ').slice(0, 160)}`,
  );
}
const total = cpu() - t0;
const out = process.env.PROFILE_OUT ?? path.join(os.tmpdir(), 'fotoglot-text-profile');
mkdirSync(out, { recursive: true });
if (!only) writeFileSync(path.join(out, 'passed.txt'), passed.join('\n') + '\n');
writeFileSync(path.join(out, 'yields.tsv'), yields.join('\n') + '\n');
console.log(`written to ${out}`);
console.log(
  `photos ${String(files.length)}, read ${String(passed.length)}; CPU total ${total.toFixed(0)} ms (look ${lookTotal.toFixed(0)}, read ${readTotal.toFixed(0)}, the rest decoding)`,
);
for (const [k, s] of [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(
    `${k}\t${s.ms.toFixed(0)} ms\t${String(s.n)} runs\t${(s.ms / s.n).toFixed(1)} ms/run`,
  );
}
await reader.dispose();
await helpers.dispose();
process.exit(0);
