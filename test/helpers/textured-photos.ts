/** @file Red JPEGs with a texture of their own, so perceptual hashes tell shots apart. */
import sharp from 'sharp';

/**
 * A red photo whose 8×8 texture comes from `seed` (the same seed: the same picture at any size
 * or quality), with an EXIF capture time and optionally a camera.
 */
export function texturedRed(
  seed: number,
  width: number,
  height: number,
  date: string,
  quality = 90,
  camera?: { make: string; model: string },
) {
  const cells = 8;
  const raw = Buffer.alloc(cells * cells * 3);
  for (let i = 0; i < cells * cells; i++) {
    const v =
      Math.floor((((Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453) % 1) + 1) * 40) % 40;
    raw[i * 3] = 200 + v;
    raw[i * 3 + 1] = 10 + v;
    raw[i * 3 + 2] = 20 + v;
  }
  return sharp(raw, { raw: { width: cells, height: cells, channels: 3 } })
    .resize(width, height, { kernel: 'nearest' })
    .jpeg({ quality })
    .withExif({
      ...(camera ? { IFD0: { Make: camera.make, Model: camera.model } } : {}),
      IFD2: { DateTimeOriginal: date },
    });
}
