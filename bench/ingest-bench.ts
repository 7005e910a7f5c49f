/**
 * @file `npm run bench:ingest`: photos/s for metadata + thumbnails through the real
 * LibraryService, next to the simplest possible loop (sequential sharp resize of the same
 * files) run in the same process, and peak RSS. N realistic 4000×3000 JPEGs with EXIF are
 * generated once into the temp folder (BENCH_N, default 120). Then the per-photo cost of also
 * rendering the model input at ingest (bench/model-input-cost.ts; BENCH_MODEL_N photos, default 24).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openTestLibrary } from '../test/helpers/temp-library';
import type { ModelInputSpec } from '../src/main/inference/model-input';
import { largeSharedPhotos, modelInputCost } from './model-input-cost';
import { generate12mpPhotos, photos12mpDir } from './photos-12mp';

const count = Number(process.env.BENCH_N ?? 120);
const dir = photos12mpDir(count);
const generate = () => generate12mpPhotos(count);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function naiveLoop(files: string[]): Promise<number> {
  sharp.concurrency(0); // sharp's defaults: the simplest loop gets no tuning
  sharp.cache(true);
  const start = performance.now();
  for (const file of files) {
    await sharp(file).rotate().resize(256, 256, { fit: 'outside' }).webp().toBuffer();
  }
  return files.length / ((performance.now() - start) / 1000);
}

/** The same naive work, one photo per core at a time: what this machine can do at best right now. */
async function naiveParallel(files: string[]): Promise<number> {
  const lanes = os.availableParallelism();
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < files.length) {
        const file = files[next++] ?? '';
        await sharp(file).rotate().resize(256, 256, { fit: 'outside' }).webp().toBuffer();
      }
    }),
  );
  return files.length / ((performance.now() - start) / 1000);
}

/**
 * Our pipeline, with the default tuning or BENCH_CONCURRENCY photos at once × BENCH_VIPS
 * libvips threads; with `modelInput`, as the app ingests for an active 256 px model.
 */
async function fotoglot(modelInput?: ModelInputSpec): Promise<number> {
  const concurrency = process.env.BENCH_CONCURRENCY
    ? Number(process.env.BENCH_CONCURRENCY)
    : undefined;
  const lib = openTestLibrary({
    recordEvents: false,
    ...(concurrency ? { concurrency } : {}),
    ...(modelInput ? { modelInput } : {}),
  });
  const { library } = lib;
  if (process.env.BENCH_VIPS) sharp.concurrency(Number(process.env.BENCH_VIPS));
  const start = performance.now();
  await library.addFolder(dir, false);
  await library.scan();
  const scanned = performance.now();
  await library.runJobs();
  const seconds = (performance.now() - start) / 1000;
  const summary = { photos: library.photos(1, 0).total, problems: library.problems() };
  console.log(
    `  scan (walk + stat + sniff + fingerprint + DB): ${((scanned - start) / count).toFixed(1)} ms/photo; ingest: ${((performance.now() - scanned) / count).toFixed(1)} ms/photo wall`,
  );
  if (summary.photos !== count || summary.problems.length > 0)
    throw new Error(`unexpected result: ${JSON.stringify(summary).slice(0, 300)}`);
  await lib.close();
  return count / seconds;
}

/** 10,000 small real JPEGs in 100 folders: the memory of a large scan, not the speed of large decodes. */
async function scaleRun(n: number): Promise<{ rate: number; peak: number }> {
  const scaleDir = path.join(os.tmpdir(), `fotoglot-bench-small-${String(n)}`);
  if (!existsSync(path.join(scaleDir, 'done'))) {
    console.log(`generating ${String(n)} small JPEGs in ${scaleDir} (once)…`);
    for (let i = 0; i < n; i++) {
      const sub = path.join(scaleDir, `dir-${String(Math.floor(i / 100))}`);
      if (i % 100 === 0) mkdirSync(sub, { recursive: true });
      await sharp({
        create: {
          width: 96,
          height: 72,
          channels: 3,
          background: { r: i % 256, g: (i * 7) % 256, b: (i * 13) % 256 },
        },
      })
        .jpeg()
        // A distinct capture time per photo: identical bytes would (rightly) be one photo.
        .withExif({
          IFD2: {
            DateTimeOriginal: new Date(Date.UTC(2015, 0, 1) + i * 60_000)
              .toISOString()
              .slice(0, 19)
              .replace('T', ' ')
              .replace(/-/g, ':'),
          },
        })
        .toFile(path.join(sub, `p${String(i)}.jpg`));
    }
    mkdirSync(path.join(scaleDir, 'done'));
  }
  const lib = openTestLibrary({ recordEvents: false });
  const { library } = lib;
  global.gc?.();
  peakRss = 0;
  const start = performance.now();
  const summary = await library.index([scaleDir], false);
  const rate = n / ((performance.now() - start) / 1000);
  if (summary.photos !== n)
    throw new Error(`expected ${String(n)} photos, got ${String(summary.photos)}`);
  await lib.close();
  return { rate, peak: peakRss };
}

await generate();
const files = readdirSync(dir).map((f) => path.join(dir, f));
const baseRss = process.memoryUsage().rss;
const naive = await naiveLoop(files);
const naivePeak = peakRss;
sharp.concurrency(1);
const ceiling = await naiveParallel(files);
peakRss = 0;
const ours = await fotoglot();
const oursPeak = peakRss;
peakRss = 0;
const withInput = await fotoglot({ size: 256, mode: 'squash', interpolation: 'bicubic' });
const withInputPeak = peakRss;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
console.log(
  `photos: ${String(count)} × 4000×3000 JPEG, cores: ${String(os.availableParallelism())}`,
);
console.log(
  `naive sequential sharp loop (256 px only): ${naive.toFixed(1)} photos/s, peak RSS ${mb(naivePeak)} MB`,
);
console.log(
  `fotoglot ingest (scan + fingerprint + metadata + 256 px + thumbhash; BENCH_CONCURRENCY=${process.env.BENCH_CONCURRENCY ?? 'default'}, BENCH_VIPS=${process.env.BENCH_VIPS ?? 'default'}): ${ours.toFixed(1)} photos/s, peak RSS ${mb(oursPeak)} MB (process baseline ${mb(baseRss)} MB)`,
);
console.log(
  `fotoglot ingest + model input (squash-256, [Note: Model input handoff]): ${withInput.toFixed(1)} photos/s (${(withInput / ours).toFixed(2)}× without), peak RSS ${mb(withInputPeak)} MB`,
);
const modelN = Number(process.env.BENCH_MODEL_N ?? 24);
if (modelN > 0) {
  await modelInputCost('generated 4000×3000 JPEGs', files.slice(0, modelN));
  const real = await largeSharedPhotos();
  if (real.length > 0)
    await modelInputCost('real photos of 3–12 MP from ../shared/data/photos', real);
}
const scaleN = Number(process.env.BENCH_SCALE_N ?? 10_000);
const scale = scaleN > 0 ? await scaleRun(scaleN) : null;
clearInterval(sampler);
if (scale)
  console.log(
    `scan + ingest of ${String(scaleN)} small photos: ${scale.rate.toFixed(0)} photos/s, peak RSS ${mb(scale.peak)} MB`,
  );
console.log(
  `naive loop, one photo per core at a time (this machine's ceiling now): ${ceiling.toFixed(1)} photos/s = ${(ceiling / naive).toFixed(2)}× naive`,
);
console.log(
  `ratio fotoglot / naive: ${(ours / naive).toFixed(2)}×; fotoglot / ceiling: ${(ours / ceiling).toFixed(2)}×`,
);
