/**
 * @file What rendering the model input at ingest would add per photo (part of
 * `npm run bench:ingest`): the same photos ingested BEFORE (decode, grid thumbnail, placeholder,
 * as today) and AFTER (the same plus the squash-256 bicubic model input, saved losslessly as
 * PNG or WebP), one photo at a time on one libvips thread, so the figures are CPU cost per photo.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { renderModelInput, type ModelInputSpec } from '../src/main/inference/model-input';
import { DecodeHelpers, decodeImage } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import { writeGridThumbnail } from '../src/main/library/thumbnails';

const spec: ModelInputSpec = { size: 256, mode: 'squash', interpolation: 'bicubic' };

/** The lossless encodings compared, each from sharp. */
const encoders = {
  'PNG (level 6)': (s: Sharp) => s.png({ compressionLevel: 6 }),
  'PNG (level 2)': (s: Sharp) => s.png({ compressionLevel: 2 }),
  'WebP lossless (effort 4)': (s: Sharp) => s.webp({ lossless: true, effort: 4 }),
  'WebP lossless (effort 1)': (s: Sharp) => s.webp({ lossless: true, effort: 1 }),
} as const;

interface Totals {
  before: number;
  render: number;
  encode: Record<string, { ms: number; bytes: number }>;
}

/** Measures `files` and prints one block of figures under `label`. */
export async function modelInputCost(label: string, files: string[]): Promise<void> {
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  const helpers = new DecodeHelpers();
  const thumbs = await mkdtemp(path.join(os.tmpdir(), 'fotoglot-bench-model-input-'));
  const totals: Totals = { before: 0, render: 0, encode: {} };
  try {
    for (const [i, file] of files.entries()) {
      const t0 = performance.now();
      const bytes = await readFile(file);
      const format = sniffFormat(bytes.subarray(0, 64), file);
      if (!format) throw new Error(`${file}: not a photo`);
      const decoded = await decodeImage(bytes, file, format, null, helpers);
      await writeGridThumbnail(decoded, thumbs, `bench${String(i)}`);
      const t1 = performance.now();
      const rgb = await renderModelInput(decoded, spec);
      const t2 = performance.now();
      totals.before += t1 - t0;
      totals.render += t2 - t1;
      for (const [name, encode] of Object.entries(encoders)) {
        const start = performance.now();
        const out = await encode(
          sharp(rgb, { raw: { width: 256, height: 256, channels: 3 } }),
        ).toBuffer();
        const entry = (totals.encode[name] ??= { ms: 0, bytes: 0 });
        entry.ms += performance.now() - start;
        entry.bytes += out.length;
      }
    }
  } finally {
    await rm(thumbs, { recursive: true, force: true });
    await helpers.dispose();
    sharp.concurrency(threads);
  }
  const n = files.length;
  const before = totals.before / n;
  const render = totals.render / n;
  console.log(`model input at ingest, ${label} (${String(n)} photos, one libvips thread):`);
  console.log(`  BEFORE  decode + grid thumbnail + placeholder: ${before.toFixed(1)} ms/photo`);
  console.log(`  model input (squash-256 bicubic) render: ${render.toFixed(1)} ms/photo`);
  for (const [name, { ms, bytes }] of Object.entries(totals.encode)) {
    const after = before + render + ms / n;
    console.log(
      `  AFTER with ${name}: encode ${(ms / n).toFixed(1)} ms, ${(bytes / n / 1024).toFixed(0)} KB/photo; ${after.toFixed(1)} ms/photo = ${(after / before).toFixed(2)}× before`,
    );
  }
}

/** The JPEGs of ../shared/data/photos of 3 MP or more that decode cleanly: real camera content. */
export async function largeSharedPhotos(): Promise<string[]> {
  // Relative to the repository, where npm runs the bench (the bundle itself lives elsewhere).
  const root = path.resolve('../shared/data/photos');
  const entries = await readdir(root, { recursive: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const file = path.join(root, entry);
    if (!/\.jpe?g$/i.test(file)) continue;
    try {
      const meta = await sharp(file, { failOn: 'error' }).metadata();
      await sharp(file, { failOn: 'error' }).resize(8).toBuffer();
      if (meta.width * meta.height >= 3_000_000) found.push(file);
    } catch {
      // Damaged samples are the ingest tests' business, not this measurement's.
    }
  }
  return found.sort();
}
