/**
 * @file `npm run bench:metadata`: why exifr reads metadata and exiftool only RAW files.
 * Reads every JPEG/HEIC/TIFF/PNG/WebP/AVIF in ../shared/data/photos with both (exiftool's
 * persistent `-stay_open` process, as exiftool-vendored runs it) and prints ms per photo.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { readMetadataFromBuffer } from '../src/main/library/read-metadata';

const root = path.resolve('..', 'shared', 'data', 'photos');
const files = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
})(root).filter((f) => /\.(jpe?g|heic|tiff?|png|webp|avif)$/i.test(f));

async function time(label: string, each: (file: string) => Promise<unknown>): Promise<number> {
  for (const file of files.slice(0, 5)) await each(file); // warm up
  const start = performance.now();
  for (const file of files) await each(file);
  const ms = (performance.now() - start) / files.length;
  console.log(`${label}: ${ms.toFixed(2)} ms/photo over ${String(files.length)} photos`);
  return ms;
}

const exifr = await time('exifr (bytes in memory)', (file) =>
  readMetadataFromBuffer(readFileSync(file), file, 0),
);
const exiftool = new ExifTool({ maxProcs: 1 });
const tool = await time('exiftool-vendored (stay_open)', (file) =>
  exiftool.read(file).catch(() => null),
);
await exiftool.end();
console.log(`exiftool / exifr: ${(tool / exifr).toFixed(1)}×`);
