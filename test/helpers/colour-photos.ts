/** @file Flat-colour JPEGs (what test-tiny sees), with optional EXIF date and camera. */
import sharp from 'sharp';

export const colours = {
  red: [220, 20, 30],
  green: [30, 170, 40],
  blue: [25, 50, 220],
  yellow: [240, 220, 20],
} as const satisfies Record<string, readonly [number, number, number]>;

/**
 * A JPEG of one flat colour; `seed` changes its size so each is a distinct photo. EXIF date
 * (`YYYY:MM:DD hh:mm:ss`) and camera are optional.
 */
export async function writeColourPhoto(
  file: string,
  rgb: readonly [number, number, number],
  seed: number,
  exif: { date?: string; make?: string; model?: string } = {},
): Promise<void> {
  let image = sharp({
    create: {
      width: 96 + seed,
      height: 64,
      channels: 3,
      background: { r: rgb[0], g: rgb[1], b: rgb[2] },
    },
  }).jpeg();
  if (exif.date || exif.make)
    image = image.withExif({
      ...(exif.make ? { IFD0: { Make: exif.make, Model: exif.model ?? '' } } : {}),
      ...(exif.date ? { IFD2: { DateTimeOriginal: exif.date } } : {}),
    });
  await image.toFile(file);
}
