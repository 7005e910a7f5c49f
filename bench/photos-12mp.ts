/** @file The benchmark photo folder: N realistic 4000×3000 JPEGs with EXIF, generated once into the temp folder. */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export const photos12mpDir = (count: number): string =>
  path.join(os.tmpdir(), `fotoglot-bench-12mp-${String(count)}`);

export async function generate12mpPhotos(count: number): Promise<string> {
  const dir = photos12mpDir(count);
  if (existsSync(dir) && readdirSync(dir).length === count) return dir;
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${String(count)} 4000×3000 JPEGs in ${dir} (once)…`);
  for (let i = 0; i < count; i++) {
    // Noise over a colour gradient: compresses and decodes like a detailed photo (~3–6 MB at q85).
    const base = sharp({
      create: {
        width: 4000,
        height: 3000,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 110 + (i % 40), sigma: 18 },
      },
    });
    await base
      .jpeg({ quality: 85, mozjpeg: false })
      .withExif({
        IFD0: { Make: 'Fotoglot', Model: 'Bench 12MP', Orientation: String(i % 4 === 0 ? 6 : 1) },
        IFD2: {
          DateTimeOriginal: `2019:08:${String((i % 28) + 1).padStart(2, '0')} 12:00:00`,
          OffsetTimeOriginal: '+02:00',
        },
      })
      .toFile(path.join(dir, `IMG_${String(i).padStart(5, '0')}.jpg`));
  }
  return dir;
}
