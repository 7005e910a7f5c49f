/**
 * @file The newest-first benchmark's folder: N small JPEGs (640×480) whose capture dates
 * (EXIF DateTimeOriginal) and file times are spread over twelve years in an order unrelated
 * to their names, generated once into the temp folder, with the dates in a JSON file beside it.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export interface DatedPhoto {
  file: string;
  /** EXIF DateTimeOriginal, written with offset +00:00 (so this is also the UTC instant). */
  capturedMs: number;
  /** The file time a copy off the card would have: the capture plus 0–30 days. */
  fileMs: number;
}

const day = 86_400_000;
const from = Date.UTC(2013, 0, 1);
const to = Date.UTC(2025, 0, 1);

/** mulberry32: the same folder on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const exifDate = (ms: number) =>
  new Date(ms).toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');

/**
 * The folder of `count` photos (generated once, two at a time); every call sets the file
 * times again, so a run that changed them leaves nothing behind.
 */
export async function generateDatedPhotos(count: number): Promise<DatedPhoto[]> {
  const dir = path.join(os.tmpdir(), `fotoglot-bench-dated-${String(count)}`);
  // Beside the folder, not in it: the scan would take it for a photo that failed.
  const manifest = `${dir}.json`;
  let photos: DatedPhoto[];
  if (existsSync(manifest)) {
    photos = JSON.parse(readFileSync(manifest, 'utf8')) as DatedPhoto[];
  } else {
    mkdirSync(dir, { recursive: true });
    const real = realpathSync(dir);
    const next = random(13);
    photos = Array.from({ length: count }, (_, i) => {
      const capturedMs = from + Math.floor((next() * (to - from)) / 1000) * 1000;
      return {
        file: path.join(real, `IMG_${String(i).padStart(5, '0')}.jpg`),
        capturedMs,
        fileMs: capturedMs + Math.floor(next() * 30 * day),
      };
    });
    console.log(`generating ${String(count)} 640×480 JPEGs in ${dir} (once)…`);
    // Noise over a tone decodes like a detailed photo; eight noise fields, each photo with its
    // own first row of pixels, keep generation to the JPEG encoding.
    const raw = { width: 640, height: 480, channels: 3 } as const;
    const bases = await Promise.all(
      Array.from({ length: 8 }, (_, b) =>
        sharp({
          create: {
            ...raw,
            background: { r: b * 30, g: 255 - b * 30, b: 128 },
            noise: { type: 'gaussian', mean: 70 + b * 15, sigma: 20 },
          },
        })
          .raw()
          .toBuffer(),
      ),
    );
    let i = 0;
    const lane = async () => {
      for (let n = i++; n < count; n = i++) {
        const photo = photos[n];
        const base = bases[n % bases.length];
        if (!photo || !base) return;
        const pixels = Buffer.from(base);
        pixels.fill(n % 256, 0, 640 * 3);
        pixels.fill(Math.floor(n / 256) % 256, 0, 320 * 3);
        await sharp(pixels, { raw })
          .jpeg({ quality: 85 })
          .withExif({
            IFD0: { Make: 'Fotoglot', Model: 'Bench dated' },
            IFD2: { DateTimeOriginal: exifDate(photo.capturedMs), OffsetTimeOriginal: '+00:00' },
          })
          .toFile(photo.file);
      }
    };
    await Promise.all([lane(), lane()]);
    writeFileSync(manifest, JSON.stringify(photos));
  }
  for (const photo of photos) utimesSync(photo.file, photo.fileMs / 1000, photo.fileMs / 1000);
  return photos;
}
