/**
 * @file `npm run bench:text`: text reading ([Note: Reading text]) through the real inference
 * process, the shipped PP-OCR models and Tesseract packs, and the text stage's two steps
 * ([Note: Text stage]):
 *  - quality on ../shared/data/ocr (labels.tsv rows with ground truth from the source) and on
 *    the rendered samples of the ten UI languages (test/helpers/rendered-text.ts): per script,
 *    character error rate (edit distance / length of the truth, spaces ignored) and word
 *    recall (words of the truth found in what was read, case-insensitive; characters for
 *    Chinese and Japanese), search recall (bench/text-search-recall.ts: the truth's words that
 *    the app's text search finds the photo by), ms per photo;
 *  - the first look on ../shared/data/imagenet-sample (ordinary photos): the share it sends to
 *    full reading, ms per photo, and that the OCR set's photos pass it;
 *  - the stage's cost per ordinary photo as CPU time (the worker's look, plus full reading for
 *    those that pass; in the core, reading the detection input ingest hands over and rendering
 *    the reading input, and apart, rendering the detection input, which ingest does when the
 *    faces stage is there and the text stage otherwise), against the default image model's
 *    embedding of one photo (its architecture as users download it, random weights:
 *    bench-models.ts) run in the same inference process after every tenth photo, so the
 *    machine's load falls on both alike: the budget is 15 %.
 * Reading uses the packs the stage would for its user ([Note: Reading text]): a rendered sample
 * as read by a user of its language, an OCR set photo by a user of its first language (English
 * when not a UI language), the ordinary photos by a BENCH_TEXT_UI user (default de: one Latin
 * pack, as for every Latin UI language); BENCH_TEXT_EVERY_PACK=1 reads with every shipped pack.
 * BENCH_TEXT_IMAGENET_N limits the ordinary photos (default all 1,000); BENCH_TEXT_QUALITY=0
 * skips the quality tables.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { benchModels, ensureBenchModel } from '../scripts/bench-models/bench-models';
import { bundlePaths } from '../src/main/bundle-paths';
import {
  detectPixels,
  faceInputMaxSide,
  renderDetectInput,
  facePixels,
  renderFaceInput,
} from '../src/main/faces/face-input';
import { InferenceClient } from '../src/main/inference/inference-client';
import { nodeWorkerLauncher } from '../src/main/inference/worker-launcher';
import { decodeImage, DecodeHelpers } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import { shippedTextModelsDir } from '../src/main/text/text-models';
import { tagLanguage } from '../src/main/tagging/tag-vocabulary';
import { textLanguages } from '../src/main/text/text-languages';
import { passesFirstLook } from '../src/shared/text-first-look';
import type { TextLine } from '../src/shared/text-schemas';
import { renderTextPhoto, textSamples } from '../test/helpers/rendered-text';
import { SearchRecall } from './text-search-recall';

const data = path.resolve('../shared/data');
/** BENCH_TEXT_EVERY_PACK=1: every shipped pack re-reads Latin lines, whatever the user's language. */
const everyPack = process.env.BENCH_TEXT_EVERY_PACK === '1';
/** The UI language of the user whose library the cost is measured on. */
const costUser = process.env.BENCH_TEXT_UI ?? 'de';
/** BENCH_TEXT_QUALITY=0: the cost on ordinary photos alone. */
const quality = process.env.BENCH_TEXT_QUALITY !== '0';
const dir = shippedTextModelsDir();
const helpers = new DecodeHelpers();
const client = new InferenceClient({
  launch: nodeWorkerLauncher(bundlePaths(path.resolve('dist/node')).workerScript),
});
client.start();
const { pid } = await client.whenReady();

/** CPU seconds (user + system) of a process so far, all its threads. */
function cpuSeconds(processId: number | null): number {
  if (processId === null) return NaN;
  const fields =
    readFileSync(`/proc/${String(processId)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const coreCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const cpuNow = () => coreCpu() + cpuSeconds(pid);

function distance(a: string[], b: string[]): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const norm = (s: string) => s.normalize('NFC').toLowerCase();

/** CER and word recall of `read` against `truth`. */
function score(truth: string, read: string): { cer: number; recall: number } {
  const t = Array.from(norm(truth).replace(/\s+/g, ''));
  const r = Array.from(norm(read).replace(/\s+/g, ''));
  const cer = t.length === 0 ? 0 : Math.min(1, distance(r, t) / t.length);
  const words = norm(truth)
    .split(/\s+/)
    .flatMap((w) => (cjk.test(w) ? Array.from(w).filter((c) => cjk.test(c)) : [w]))
    .map((w) => w.replace(/^[\p{P}]+|[\p{P}]+$/gu, ''))
    .filter((w) => w !== '');
  const haystack = norm(read);
  const found = words.filter((w) => haystack.includes(w)).length;
  return { cer, recall: words.length === 0 ? 1 : found / words.length };
}

/** Runs a part of the work, timed or not. */
type Timer = <T>(part: 'ingest' | 'stage', work: () => Promise<T>) => Promise<T>;
const untimed: Timer = (_part, work) => work();

/**
 * The detection input (512 px) and, lazily, the reading input (2048 px) of an image file;
 * `timed` gets ingest's part (decoding, rendering the detection input) and the stage's own
 * (reading the detection input, rendering the reading input) apart.
 */
async function inputs(bytes: Buffer, file = 'photo.jpg', timed: Timer = untimed) {
  const format = sniffFormat(bytes.subarray(0, 64), file);
  if (!format) throw new Error(`${file}: not a photo format`);
  const { decoded, jpeg } = await timed('ingest', async () => {
    const { orientation } = await sharp(bytes).metadata();
    const image = await decodeImage(bytes, file, format, orientation ?? null, helpers);
    return { decoded: image, jpeg: await renderDetectInput(image) };
  });
  return {
    detect: await timed('stage', () => detectPixels(jpeg)),
    read: () =>
      timed('stage', async () => facePixels(await renderFaceInput(decoded, faceInputMaxSide))),
  };
}

async function readAll(
  bytes: Buffer,
  languages: string[],
  file?: string,
): Promise<{ lines: TextLine[]; ms: number; passed: boolean }> {
  const t0 = performance.now();
  const input = await inputs(bytes, file);
  const look = await client.request('lookForText', { dir, ...input.detect });
  const { lines } = await client.request('readText', {
    dir,
    ...(await input.read()),
    ...(everyPack ? {} : { languages }),
  });
  return {
    lines,
    ms: performance.now() - t0,
    passed: passesFirstLook(look),
  };
}

interface Row {
  group: string;
  cer: number[];
  recall: number[];
  search: number[];
  ms: number[];
  passed: number;
}
const rows = new Map<string, Row>();
const searchRecall = new SearchRecall();
/** Scores what was read of a photo against `truth`, and searches for it as the app would. */
const add = (
  group: string,
  truth: string,
  r: { lines: TextLine[]; ms: number; passed: boolean },
) => {
  const row = rows.get(group) ?? { group, cer: [], recall: [], search: [], ms: [], passed: 0 };
  const s = score(truth, r.lines.map((l) => l.text).join(' '));
  row.cer.push(s.cer);
  row.recall.push(s.recall);
  const found = searchRecall.recall(truth, r.passed ? r.lines : []);
  if (found !== null) row.search.push(found);
  row.ms.push(r.ms);
  if (r.passed) row.passed++;
  rows.set(group, row);
};
const mean = (v: number[]) => (v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

/** The packs the stage reads with for a user whose UI is in `code` (as core.ts passes them). */
const userPacks = (code: string | undefined) => textLanguages(tagLanguage(code));

// Warm up: the models and every Tesseract group load once.
for (const s of textSamples) await readAll(await renderTextPhoto(s), userPacks(s.language));

// 1. The OCR set's rows with ground truth from their source.
const labels = quality
  ? readFileSync(path.join(data, 'ocr/labels.tsv'), 'utf8').split('\n').slice(1)
  : [];
for (const line of labels) {
  const [file = '', lang = '', script = '', kind = '', truth = ''] = line.split('\t');
  if (truth.trim() === '' || truth.startsWith('see ')) continue;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(data, file));
  } catch {
    continue;
  }
  try {
    const r = await readAll(bytes, userPacks(lang.split(',')[0]), file);
    add(`ocr set ${script} (${kind})`, truth.replace(/\\n/g, ' '), r);
  } catch (error) {
    console.log(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
// 2. The rendered samples of the ten UI languages.
for (const s of quality ? textSamples : []) {
  const r = await readAll(await renderTextPhoto(s), userPacks(s.language));
  add(`rendered ${s.language}`, s.lines.join(' '), r);
}
searchRecall.close();
console.log(
  '\n| photos | n | CER (mean) | word recall (mean) | search recall (mean) | ms per photo (median) | pass the first look |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of [...rows.values()].sort((a, b) => a.group.localeCompare(b.group))) {
  console.log(
    `| ${r.group} | ${String(r.cer.length)} | ${mean(r.cer).toFixed(3)} | ${mean(r.recall).toFixed(3)} | ${r.search.length === 0 ? '–' : mean(r.search).toFixed(3)} | ${median(r.ms).toFixed(0)} | ${String(r.passed)}/${String(r.cer.length)} |`,
  );
}

// 3. The first look on ordinary photos, and the stage's cost per photo against the default
// image model's embedding of one photo in the same inference process, one embedding run after
// every `embedEvery` photos so that the machine's load falls on both alike.
const spec = benchModels.find((m) => m.id.endsWith('-static1'));
if (!spec) throw new Error('no batch-1 default bench model');
const modelsRoot = path.join(os.tmpdir(), 'fotoglot-bench-models');
mkdirSync(modelsRoot, { recursive: true });
const modelDir = ensureBenchModel(spec, modelsRoot);
await client.request('loadModel', { dir: modelDir, provider: 'cpu' });
const size = spec.vision.imageSize;
const pixels = new Float32Array(3 * size * size).map(() => Math.random() * 2 - 1);
await client.request('embedImages', { dir: modelDir, pixels, count: 1, size });
const embedEvery = 10;
const embedding = { cpu: 0, wall: 0, runs: 0 };
async function embedOne() {
  const c = cpuNow();
  const w = performance.now();
  await client.request('embedImages', { dir: modelDir, pixels, count: 1, size });
  embedding.cpu += cpuNow() - c;
  embedding.wall += performance.now() - w;
  embedding.runs++;
}

const imagenet = path.join(data, 'imagenet-sample/images');
const files = readdirSync(imagenet)
  .sort()
  .slice(0, Number(process.env.BENCH_TEXT_IMAGENET_N ?? 1000));
let passed = 0;
const lookMs: number[] = [];
const readMs: number[] = [];
const passedFiles: string[] = [];
/** Core CPU seconds: ingest's part (decode, the 512 px copy) and the stage's own. */
const core = { ingest: 0, stage: 0 };
const coreTimed: Timer = async (part, work) => {
  const c = coreCpu();
  try {
    return await work();
  } finally {
    core[part] += coreCpu() - c;
  }
};
const cpu0 = cpuNow();
for (const [i, f] of files.entries()) {
  if (i % embedEvery === 0) await embedOne();
  const bytes = readFileSync(path.join(imagenet, f));
  const t0 = performance.now();
  // What the stage itself does in the core ([Note: Text stage]) is read the handed-over
  // detection input and, for a photo that passes, render the reading input from the original.
  let input;
  try {
    input = await inputs(bytes, f, coreTimed);
  } catch {
    continue;
  }
  const look = await client.request('lookForText', { dir, ...input.detect });
  lookMs.push(performance.now() - t0);
  if (passesFirstLook(look)) {
    passed++;
    passedFiles.push(f);
    const t1 = performance.now();
    await client.request('readText', {
      dir,
      ...(await input.read()),
      ...(everyPack ? {} : { languages: userPacks(costUser) }),
    });
    readMs.push(performance.now() - t1);
  }
}
const allCpu = (cpuNow() - cpu0 - embedding.cpu) * 1000;
const ingestCpu = core.ingest * 1000;
const stageCoreCpu = core.stage * 1000;
const inferenceCpu = allCpu - ingestCpu - stageCoreCpu;
const perPhoto = (ms: number) => ms / files.length;
const embedCpuPerPhoto = (embedding.cpu * 1000) / embedding.runs;
const embedWallPerPhoto = embedding.wall / embedding.runs;
const stageWallPerPhoto =
  (lookMs.reduce((a, b) => a + b, 0) + readMs.reduce((a, b) => a + b, 0)) / files.length;
const share = (ms: number) => `${((100 * perPhoto(ms)) / embedCpuPerPhoto).toFixed(1)} %`;

console.log(`\nordinary photos (imagenet-sample): ${String(files.length)}`);
console.log(
  `first look passes ${String(passed)} (${((100 * passed) / files.length).toFixed(1)} %): ${passedFiles.slice(0, 40).join(', ')}`,
);
console.log(
  `first look (decode to 512 px + detector) median ${median(lookMs).toFixed(0)} ms; full reading of those that pass median ${median(readMs).toFixed(0)} ms`,
);
console.log(
  `text stage per ordinary photo, CPU: inference ${perPhoto(inferenceCpu).toFixed(1)} ms, the stage in the core ${perPhoto(stageCoreCpu).toFixed(1)} ms, the detection input rendered ${perPhoto(ingestCpu).toFixed(1)} ms (ingest's when it hands it over); ${stageWallPerPhoto.toFixed(0)} ms wall`,
);
console.log(
  `embedding one photo (${spec.id}, random weights, batch 1; ${String(embedding.runs)} runs among the photos): ${embedWallPerPhoto.toFixed(0)} ms wall, ${embedCpuPerPhoto.toFixed(0)} ms CPU`,
);
console.log(
  `text stage / embedding CPU (budget 15 %): as the app runs it, the detection input handed over by ingest: **${share(inferenceCpu + stageCoreCpu)}** (inference alone ${share(inferenceCpu)}); rendering the detection input itself: ${share(allCpu)}; load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
);
await client.dispose();
await helpers.dispose();
process.exit(0);
