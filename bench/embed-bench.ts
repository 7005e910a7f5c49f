/**
 * @file `npm run bench:embed`: images/s end to end (12-MP JPEGs → ingest → embedding in the
 * inference process → vectors in SQLite) and ms per text query, for random-weight models
 * with the exact architecture of the default and the fast catalog models — the default also
 * as Immich exports it (batch fixed at 1) — next to two baselines measured in the same run,
 * with the same thread count and the same graph:
 *  - naive: decode → preprocess → session.run, one image at a time, in this process;
 *  - ceiling: session.run alone on a pre-built batch tensor (the compute ceiling), of 16
 *    images where the graph takes any batch, of the graph's fixed batch otherwise.
 * BENCH_N photos (default 64); BENCH_MODELS=id,id picks models; BENCH_QUERIES (default 20).
 *
 * Sections: BENCH_SECTIONS=throughput,newest (default both; either runs alone).
 *  - throughput: the above.
 *  - newest: newest photos first ([Note: Pipeline], bench/newest-first.ts): BENCH_NEWEST_N
 *    640×480 JPEGs (default 5000) with capture dates and file times spread over twelve
 *    years in an order unrelated to their names; seconds from `index` until the
 *    BENCH_NEWEST_FIRST most recently taken (default 1000) are all searchable, against the
 *    whole ingest and everything, in fresh homes one after the other, for each order in
 *    BENCH_NEWEST_ORDERS (default new,old: the app, and the job-order queries it replaced,
 *    swapped in by the bench; also same-file-time). BENCH_NEWEST_MODEL: test-tiny (default)
 *    or a bench model id, e.g. ViT-B-16-SigLIP-i18n-256__webli.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  copyFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import {
  benchModels,
  ensureBenchModel,
  type BenchModelSpec,
} from '../scripts/bench-models/bench-models';
import { Core } from '../src/main/core';
import { nodeWorkerLauncher } from '../src/main/inference/worker-launcher';
import { generate12mpPhotos } from './photos-12mp';
import { generateDatedPhotos } from './dated-photos';
import {
  newestHeader,
  newestRow,
  timeNewestFirst,
  type NewestOrder,
  type NewestTiming,
} from './newest-first';

const count = Number(process.env.BENCH_N ?? 64);
const queries = Number(process.env.BENCH_QUERIES ?? 20);
/** The ceiling's batch where the graph leaves it open (the embed runner's batch). */
const dynamicBatch = 16;
const threads = Math.max(1, os.availableParallelism() - 1); // the app's default
const modelsRoot = path.join(os.tmpdir(), 'fotoglot-bench-models');
const selected = process.env.BENCH_MODELS?.split(',');
const sections = new Set((process.env.BENCH_SECTIONS ?? 'throughput,newest').split(','));

function sessionOptions(intraOpNumThreads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
}

/** session.run alone on a pre-built [batch, 3, S, S] tensor, the largest the graph takes: images/s. */
async function ceiling(
  session: ort.InferenceSession,
  size: number,
  batch: number,
): Promise<number> {
  const tensor = new ort.Tensor('float32', new Float32Array(batch * 3 * size * size).fill(0.1), [
    batch,
    3,
    size,
    size,
  ]);
  await session.run({ image: tensor }); // warm-up: first-run allocations
  const runs = Math.max(1, Math.ceil(count / batch));
  const start = performance.now();
  for (let i = 0; i < runs; i++) await session.run({ image: tensor });
  return (runs * batch) / ((performance.now() - start) / 1000);
}

/** The obvious loop: decode, resize, normalise, run, one photo at a time. */
async function naive(
  session: ort.InferenceSession,
  files: string[],
  size: number,
): Promise<number> {
  const start = performance.now();
  for (const file of files) {
    const { data } = await sharp(file)
      .rotate()
      .resize(size, size, { fit: 'fill', kernel: 'cubic' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = new Float32Array(3 * size * size);
    const plane = size * size;
    for (let i = 0; i < plane; i++)
      for (let c = 0; c < 3; c++)
        pixels[c * plane + i] = ((data[i * 3 + c] ?? 0) / 255 - 0.5) / 0.5;
    await session.run({ image: new ort.Tensor('float32', pixels, [1, 3, size, size]) });
  }
  return files.length / ((performance.now() - start) / 1000);
}

/** A models folder with the catalog and this model under its catalog id, as if installed. */
function bundledFolder(spec: BenchModelSpec, modelDir: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-bundle-'));
  copyFileSync('models/catalog.json', path.join(dir, 'catalog.json'));
  symlinkSync(modelDir, path.join(dir, spec.catalogId));
  return dir;
}

function xtdCaptions(): string[] {
  try {
    const xtd = JSON.parse(readFileSync('../shared/data/babel-imagenet/xtd.json', 'utf8')) as {
      captions: Record<string, string[][]>;
    };
    const langs = Object.keys(xtd.captions);
    return Array.from(
      { length: queries },
      (_, i) => xtd.captions[langs[i % langs.length] ?? 'en']?.[i]?.[0] ?? 'a dog on the beach',
    );
  } catch {
    return Array.from({ length: queries }, (_, i) => `a photo of a dog on the beach ${String(i)}`);
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Our pipeline through the real core and inference process: images/s, and text queries. */
async function endToEnd(
  spec: BenchModelSpec,
  modelDir: string,
  photos: string,
): Promise<{
  rate: number;
  textMedian: number;
  textP95: number;
  provider: string;
  loadSeconds: number;
  /** The image batch the worker read from the graph (null: any). */
  graphBatch: number | null;
}> {
  const bundled = bundledFolder(spec, modelDir);
  const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-home-'));
  const core = Core.open({
    home,
    launchWorker: nodeWorkerLauncher(path.resolve('dist/node/worker.cjs')),
    bundledModelsDir: bundled,
  });
  try {
    await core.models.use(spec.catalogId);
    // Loading the model is a one-time cost at start (reported apart), not throughput.
    const loadStart = performance.now();
    const info = await core.embeddings.probe();
    const loadSeconds = (performance.now() - loadStart) / 1000;
    // The folder the core runs the model from: text queries go to that same loaded model.
    const dir = core.models.folderOf(spec.catalogId) ?? modelDir;
    const loaded = await core.inference.request('loadModel', { dir });
    // Tagging follows embedding inside index() and first embeds the whole tag vocabulary
    // (330 concepts × 6 prompts per language) once per model: a text job, not the images/s measured here.
    await core.tags.dispose();
    const start = performance.now();
    const summary = await core.library.index([photos], false);
    const seconds = (performance.now() - start) / 1000;
    const vectors = core.embeddings.models().find((m) => m.id === spec.catalogId)?.vectors ?? 0;
    if (summary.photos !== count || vectors !== count)
      throw new Error(
        `expected ${String(count)} photos and vectors, got ${String(summary.photos)} / ${String(vectors)}`,
      );
    const times: number[] = [];
    const texts = xtdCaptions();
    await core.inference.request('embedTexts', { dir, texts: ['warm-up'] });
    for (const text of texts) {
      const t = performance.now();
      await core.inference.request('embedTexts', { dir, texts: [text] });
      times.push(performance.now() - t);
    }
    return {
      rate: count / seconds,
      textMedian: percentile(times, 50),
      textP95: percentile(times, 95),
      provider: info?.executionProvider ?? '?',
      loadSeconds,
      graphBatch: loaded.batchSizes.visual,
    };
  } finally {
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
    rmSync(bundled, { recursive: true, force: true });
  }
}

/** session.run alone on one pre-tokenised query, all cores (what the text session uses). */
async function textCeiling(modelDir: string, contextLength: number): Promise<number> {
  const session = await ort.InferenceSession.create(
    path.join(modelDir, 'textual/model.onnx'),
    sessionOptions(os.availableParallelism()),
  );
  const feeds = {
    text: new ort.Tensor('int32', new Int32Array(contextLength).fill(7), [1, contextLength]),
  };
  await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  await session.release();
  return percentile(times, 50);
}

if (sections.has('throughput')) {
  const photos = await generate12mpPhotos(count);
  const files = readdirSync(photos)
    .sort()
    .map((f) => path.join(photos, f));
  mkdirSync(modelsRoot, { recursive: true });
  console.log(
    `${String(count)} photos of 4000×3000, ${String(os.availableParallelism())} cores, inference threads ${String(threads)} (the app's default), onnxruntime ${ort.env.versions.common}`,
  );
  const rows: string[] = [];
  for (const spec of benchModels.filter((m) => !selected || selected.includes(m.id))) {
    const modelDir = ensureBenchModel(spec, modelsRoot);
    const size = spec.vision.imageSize;
    const session = await ort.InferenceSession.create(
      path.join(modelDir, 'visual/model.onnx'),
      sessionOptions(threads),
    );
    // The same graph the app will run: a batch-1 export's ceiling is batch 1.
    const graphBatch = spec.export.batch ?? dynamicBatch;
    const ceil = await ceiling(session, size, graphBatch);
    console.log(`${spec.id}: ceiling ${ceil.toFixed(2)} images/s (batch ${String(graphBatch)})`);
    const slow = await naive(session, files, size);
    console.log(`${spec.id}: naive ${slow.toFixed(2)} images/s`);
    await session.release();
    const e2e = await endToEnd(spec, modelDir, photos);
    console.log(
      `${spec.id}: model load ${e2e.loadSeconds.toFixed(1)} s; worker image batch ${String(e2e.graphBatch ?? 'any')}; end to end ${e2e.rate.toFixed(2)} images/s on ${e2e.provider}; text query median ${e2e.textMedian.toFixed(1)} ms, p95 ${e2e.textP95.toFixed(1)} ms`,
    );
    const textRaw = await textCeiling(modelDir, spec.text.contextLength);
    rows.push(
      `| ${spec.id} | ${spec.export.batch === null ? 'any' : String(spec.export.batch)} | ${e2e.provider} | ${e2e.rate.toFixed(2)} | ${slow.toFixed(2)} | ${ceil.toFixed(2)} | ${((100 * e2e.rate) / ceil).toFixed(0)}% | ${(e2e.rate / slow).toFixed(2)}× | ${e2e.textMedian.toFixed(0)} (p95 ${e2e.textP95.toFixed(0)}) | ${textRaw.toFixed(0)} | ${e2e.loadSeconds.toFixed(1)} s |`,
    );
  }
  console.log(
    '\n| model (random weights, real architecture) | graph batch | EP | end to end images/s | naive images/s | ceiling images/s | e2e / ceiling | e2e / naive | text query ms (through worker) | text session.run ms | model load |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

if (sections.has('newest')) {
  const n = Number(process.env.BENCH_NEWEST_N ?? 5000);
  const first = Number(process.env.BENCH_NEWEST_FIRST ?? 1000);
  const modelId = process.env.BENCH_NEWEST_MODEL ?? 'test-tiny';
  const orders = (process.env.BENCH_NEWEST_ORDERS ?? 'new,old').split(',') as NewestOrder[];
  const spec = benchModels.find((m) => m.id === modelId);
  mkdirSync(modelsRoot, { recursive: true });
  const bundled = spec
    ? bundledFolder(spec, ensureBenchModel(spec, modelsRoot))
    : path.resolve('models');
  const dated = await generateDatedPhotos(n);
  console.log(
    `\nnewest first: ${String(n)} photos of 640×480, the ${String(first)} most recently taken, model ${modelId}, ${String(os.availableParallelism())} cores, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
  );
  const timings: NewestTiming[] = [];
  try {
    for (const order of orders) {
      const t = await timeNewestFirst({
        photos: dated,
        first,
        order,
        modelId: spec?.catalogId ?? modelId,
        bundledModelsDir: bundled,
      });
      console.log(
        `${order}: ${JSON.stringify(t)}; load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
      );
      timings.push(t);
    }
  } finally {
    if (spec) rmSync(bundled, { recursive: true, force: true });
  }
  console.log(`\n${newestHeader}`);
  for (const t of timings) console.log(newestRow(t, n, first));
}
