/** @file What the torture suite indexes: generated photos of a few colours and fuzzed broken files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { random } from './random';

/** Photos of a few colours (test-tiny tags and embeds them) and fuzzed broken files. */
export async function makeInputs(photos: string, photoCount: number): Promise<number> {
  const palette = [
    [220, 20, 30],
    [25, 50, 220],
    [30, 170, 40],
    [240, 220, 20],
    [250, 250, 250],
  ];
  for (let i = 0; i < photoCount; i++) {
    const dir = path.join(photos, `roll-${String(Math.floor(i / 200))}`);
    if (i % 200 === 0) mkdirSync(dir, { recursive: true });
    const [r, g, b] = palette[i % palette.length] ?? [0, 0, 0];
    await sharp({
      create: { width: 48 + (i % 97), height: 40, channels: 3, background: { r, g, b } },
    })
      .jpeg({ quality: 70 })
      .withExif({
        IFD2: { DateTimeOriginal: `2021:05:${String((i % 28) + 1).padStart(2, '0')} 10:00:00` },
      })
      .toFile(path.join(dir, `img-${String(i)}.jpg`));
  }
  // Fuzzed headers: real files with bytes flipped or cut where decoders look first.
  const fuzzed = path.join(photos, 'fuzzed');
  mkdirSync(fuzzed);
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#f80' } })
    .jpeg()
    .toBuffer();
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#08f' } })
    .png()
    .toBuffer();
  const heic = Buffer.concat([
    Buffer.from([0, 0, 0, 24]),
    Buffer.from('ftypheic'),
    Buffer.alloc(12),
    Buffer.from('meta'),
  ]);
  let n = 0;
  for (const [ext, original] of [
    ['jpg', jpeg],
    ['png', png],
    ['heic', heic],
  ] as const) {
    for (let k = 0; k < 10; k++) {
      const bytes = Buffer.from(original);
      const cut = k % 3 === 0;
      for (let flips = 0; flips < 4; flips++) {
        const at = 2 + Math.floor(random() * Math.min(64, bytes.length - 2));
        bytes[at] = Math.floor(random() * 256);
      }
      writeFileSync(
        path.join(fuzzed, `fuzz-${String(k)}.${ext}`),
        cut ? bytes.subarray(0, 20 + k * 5) : bytes,
      );
      n++;
    }
  }
  return n;
}
