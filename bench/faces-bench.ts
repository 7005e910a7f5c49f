/**
 * @file `npm run bench:faces`: the `faces` request through the real inference process and the
 * shipped models, on ../shared/data/faces (test/faces-dataset.ts) and on faceless 12-MP
 * JPEGs (bench/photos-12mp.ts):
 *  - detection recall on the group photos with a count, at the default 2 levels and at 3
 *    ([Note: Face detection levels]), and what each finds in the crowd of more than 100;
 *  - false detections on the non-face photos (animals, a statue, paintings);
 *  - verification: balanced accuracy at the best cosine threshold over all pairs of the LFW
 *    identities and of the TV-character crops;
 *  - ms per photo (the worker's request alone, and the core's decode + resize before it) for
 *    photos with faces and without, and the inference process's peak memory (VmHWM).
 * The inference process runs its sessions with the app's default threads (cores − 1).
 * BENCH_FACES_12MP sets the faceless 12-MP photos (default 8).
 *
 * Through the production stage (bench/faces-stage-bench.ts): clustering of the labelled
 * identities into persons, and the end-to-end cost of the stage next to the default image
 * model's embedding (BENCH_FACES_E2E_N photos of each kind, default 16).
 * BENCH_SECTIONS=request,people,e2e picks sections (default all).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundlePaths } from '../src/main/bundle-paths';
import { shippedFaceModelsDir } from '../src/main/faces/face-input';
import { InferenceClient } from '../src/main/inference/inference-client';
import { nodeWorkerLauncher } from '../src/main/inference/worker-launcher';
import { DecodeHelpers } from '../src/main/library/decode-image';
import type { FoundFace } from '../src/shared/worker-protocol';
import {
  faceInputOf,
  groupRecall,
  labelledPhotos,
  mainFace,
  verification,
} from '../test/faces-dataset';
import { benchModels, ensureBenchModel } from '../scripts/bench-models/bench-models';
import { generate12mpPhotos } from './photos-12mp';
import {
  clusterIdentities,
  groupPhotos12mp,
  indexWith,
  peakMemoryMb,
  type IndexRun,
} from './faces-stage-bench';

const sections = new Set((process.env.BENCH_SECTIONS ?? 'request,people,e2e').split(','));

const dir = shippedFaceModelsDir(path.resolve('models'));
const count12mp = Number(process.env.BENCH_FACES_12MP ?? 8);
const photos = labelledPhotos();
const helpers = new DecodeHelpers();
const client = new InferenceClient({
  launch: nodeWorkerLauncher(bundlePaths(path.resolve('dist/node')).workerScript),
});
client.start();
const { pid } = await client.whenReady();

/** Timings of one run over some photos. */
interface Timing {
  decodeMs: number[];
  facesMs: number[];
}
const timing = (): Timing => ({ decodeMs: [], facesMs: [] });

async function facesIn(file: string, t: Timing, levels?: number): Promise<FoundFace[]> {
  const d = performance.now();
  const input = await faceInputOf(file, helpers);
  t.decodeMs.push(performance.now() - d);
  const f = performance.now();
  const { faces } = await client.request('faces', { dir, ...input, ...(levels ? { levels } : {}) });
  t.facesMs.push(performance.now() - f);
  return faces;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const ms = (t: Timing) =>
  `faces request median ${median(t.facesMs).toFixed(0)} ms (mean ${mean(t.facesMs).toFixed(0)}), decode + resize median ${median(t.decodeMs).toFixed(0)} ms`;

if (sections.has('request')) {
  // Warm-up: the first request loads both models.
  const loadStart = performance.now();
  await client.request('faces', {
    dir,
    pixels: new Uint8Array(3 * 64 * 64),
    width: 64,
    height: 64,
  });
  console.log(
    `${String(os.availableParallelism())} cores; models loaded in ${(performance.now() - loadStart).toFixed(0)} ms`,
  );

  const groups = photos.filter((p) => p.label === 'group');
  for (const levels of [2, 3]) {
    const t = timing();
    const results: { expected: number; found: number }[] = [];
    let crowd = 0;
    let faces = 0;
    for (const photo of groups) {
      const found = await facesIn(photo.file, t, levels);
      faces += found.length;
      if (photo.faces === null) crowd = found.length;
      else results.push({ expected: photo.faces, found: found.length });
    }
    const counted = results.reduce((s, r) => s + r.expected, 0);
    console.log(
      `groups, ${String(levels)} levels: recall ${groupRecall(results).toFixed(3)} on ${String(counted)} counted faces in ${String(results.length)} photos; crowd (>100): ${String(crowd)} found; ${ms(t)}; ${(mean(t.facesMs) / (faces / groups.length)).toFixed(0)} ms of request per face found (detection included)`,
    );
  }

  const none = timing();
  let falseFaces = 0;
  const nonFaces = photos.filter((p) => p.label === 'none');
  for (const photo of nonFaces) falseFaces += (await facesIn(photo.file, none)).length;
  console.log(
    `non-face photos: ${String(falseFaces)} detections on ${String(nonFaces.length)} photos`,
  );

  for (const source of ['lfw_krasserm', 'face-api.js']) {
    const t = timing();
    const samples: { label: string; descriptor: Float32Array }[] = [];
    const identity = photos.filter((p) => p.label.startsWith(`${source}:`));
    for (const photo of identity) {
      const face = mainFace(await facesIn(photo.file, t));
      if (face?.descriptor) samples.push({ label: photo.label, descriptor: face.descriptor });
    }
    const v = verification(samples);
    console.log(
      `${source}: ${String(samples.length)}/${String(identity.length)} photos described; verification balanced accuracy ${v.accuracy.toFixed(3)} at cosine distance ${v.threshold.toFixed(3)} (${String(v.pairs.same)} same, ${String(v.pairs.different)} different pairs); ${ms(t)}`,
    );
  }

  const faceless = timing();
  const folder = await generate12mpPhotos(count12mp);
  let found12mp = 0;
  for (const name of readdirSync(folder).sort())
    found12mp += (await facesIn(path.join(folder, name), faceless)).length;
  console.log(
    `faceless 4000×3000 JPEGs: ${String(found12mp)} detections on ${String(count12mp)}; ${ms(faceless)}`,
  );
  console.log(`inference process peak memory (VmHWM): ${peakMemoryMb(pid).toFixed(0)} MB`);
}
await client.dispose();
await helpers.dispose();

if (sections.has('people')) {
  const c = await clusterIdentities();
  console.log(
    `people through the faces stage: ${String(c.photos)} photos of ${String(c.identities)} labelled identities (${String(c.described)} with a recognisable face) → ${String(c.persons)} persons; pairwise precision ${c.precision.toFixed(3)}, recall ${c.recall.toFixed(3)}; BCubed F ${c.bcubedF.toFixed(3)}; wrong merges ${String(c.wrongMerges)}${c.merged.map((m) => `\n  wrongly merged: ${m}`).join('')}; across sources ${String(c.mergedAcrossSources.length)}${c.mergedAcrossSources.map((m) => `\n  merged across sources: ${m}`).join('')}`,
  );
}

if (sections.has('e2e')) {
  const n = Number(process.env.BENCH_FACES_E2E_N ?? 16);
  const spec = benchModels.find((m) => m.id.endsWith('-static1'));
  if (!spec) throw new Error('no batch-1 default bench model');
  const modelsRoot = path.join(os.tmpdir(), 'fotoglot-bench-models');
  mkdirSync(modelsRoot, { recursive: true });
  const modelDir = ensureBenchModel(spec, modelsRoot);
  const sets = [
    { name: 'faceless 4000×3000', dir: await generate12mpPhotos(n), keep: true },
    { name: 'group photos enlarged to 4000×3000', dir: await groupPhotos12mp(n), keep: false },
  ];
  const rows: string[] = [];
  for (const set of sets) {
    // Without, with, without again: the load of a shared machine drifts; the two "without"
    // runs bracket the "with" one and their mean is the base.
    const runs: IndexRun[] = [];
    for (const withFaces of [false, true, false]) {
      const run = await indexWith(spec, modelDir, set.dir, withFaces);
      console.log(
        `${set.name}, ${withFaces ? 'with' : 'without'} faces: ${run.seconds.toFixed(1)} s for ${String(n)} photos (${((1000 * run.seconds) / n).toFixed(0)} ms/photo); CPU core ${run.coreCpu.toFixed(1)} s, inference ${run.workerCpu.toFixed(1)} s; ${String(run.faces)} faces; peak memory core ${run.corePeakMb.toFixed(0)} MB, inference ${run.workerPeakMb.toFixed(0)} MB; load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
      );
      runs.push(run);
    }
    const [a, w, b] = runs as [IndexRun, IndexRun, IndexRun];
    const perPhoto = (s: number) => ((1000 * s) / n).toFixed(0);
    const base = (a.seconds + b.seconds) / 2;
    const cpu = (r: IndexRun) => r.coreCpu + r.workerCpu;
    const baseCpu = (cpu(a) + cpu(b)) / 2;
    // The embedding's own cost: the inference process's CPU without faces (it only embeds).
    const embedCpu = (a.workerCpu + b.workerCpu) / 2;
    const facesCpu = cpu(w) - baseCpu;
    rows.push(
      `| ${set.name} | ${perPhoto(base)} → ${perPhoto(w.seconds)} (**${((100 * (w.seconds - base)) / base).toFixed(0)} %**) | ${perPhoto(embedCpu)} | ${perPhoto(baseCpu)} → ${perPhoto(cpu(w))} | ${perPhoto(facesCpu)} | **${((100 * facesCpu) / embedCpu).toFixed(0)} %** | ${String(w.faces)} | ${w.workerPeakMb.toFixed(0)} (${Math.max(a.workerPeakMb, b.workerPeakMb).toFixed(0)}) |`,
    );
    if (!set.keep) rmSync(set.dir, { recursive: true, force: true });
  }
  console.log(
    `\n| ${String(n)} photos | wall ms/photo without → with faces | embedding CPU ms/photo | CPU ms/photo without → with | faces CPU ms/photo | faces / embedding CPU | faces found | inference peak MB with (without) |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`core (this process) peak memory: ${peakMemoryMb(process.pid).toFixed(0)} MB`);
}
