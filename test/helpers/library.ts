/** @file Test fixtures: the shared photos, synthetic JPEGs, and (re-exported) temporary libraries. */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** ../shared/data/photos by its real path: the library stores real paths (shared/ may be a link). */
export const sharedPhotos = realpathSync(
  path.resolve(import.meta.dirname, '../../../shared/data/photos'),
);

export { openTestLibrary, type TestLibrary } from './temp-library';

/** A real JPEG of one flat colour, distinct per `seed`, with EXIF capture time. */
export async function makeJpeg(
  seed: number,
  width = 64,
  height = 48,
  date = '2021:07:14 09:30:00',
): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 53) % 256, g: (seed * 101) % 256, b: (seed * 197) % 256 },
    },
  })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'Fotoglot', Model: 'Test Camera' },
      IFD2: { DateTimeOriginal: date },
    })
    .toBuffer();
}
