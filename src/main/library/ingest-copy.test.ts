/**
 * @file [Note: Ingest copy] on the real photos of ../shared/data/photos (EXIF orientations,
 * camera samples, formats): the faces stage's detection input made from ingest's small copy
 * is the one rendered from the original, byte for byte, and the grid thumbnail made from it
 * keeps the photo's perceptual hash.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectInputFromCopy, renderDetectInput } from '../faces/face-input';
import { maxNearBits } from '../search/duplicate-pairs';
import { DecodeHelpers, decodeImage, type DecodedImage } from './decode-image';
import { sniffFormat } from './image-format';
import { renderIngestCopy } from './ingest-copy';
import { hammingDistance } from './perceptual-hash';
import { writeGridThumbnail } from './thumbnails';

const photosDir = path.resolve(import.meta.dirname, '../../../../shared/data/photos');
const helpers = new DecodeHelpers();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-ingest-copy-'));
afterAll(async () => {
  await helpers.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('the ingest copy', () => {
  it('gives the detection input rendered from the original, and a grid with its perceptual hash', async () => {
    let compared = 0;
    let withoutCopy = 0;
    const distances: number[] = [];
    for (const file of filesUnder(photosDir)) {
      const bytes = readFileSync(file);
      const format = sniffFormat(bytes.subarray(0, 32), file);
      if (!format) continue;
      let decoded: DecodedImage;
      let copy;
      try {
        decoded = await decodeImage(bytes, file, format, null, helpers);
        copy = await renderIngestCopy(decoded);
      } catch {
        continue; // damaged samples, formats without a decoder here: ingest's problems
      }
      if (!copy) {
        withoutCopy++;
        continue;
      }
      expect(await detectInputFromCopy(copy), file).toEqual(await renderDetectInput(decoded));
      compared++;
      const before = await writeGridThumbnail(decoded, tmp, `a${String(compared)}`);
      const after = await writeGridThumbnail(decoded, tmp, `b${String(compared)}`, copy);
      distances.push(hammingDistance(before.phash, after.phash));
    }
    distances.sort((a, b) => a - b);
    console.log(
      `${String(compared)} photos with a copy (${String(withoutCopy)} with alpha): the same detection input; DCT hash bits changed in the grid: median ${String(distances[distances.length >> 1])}, max ${String(distances.at(-1))}`,
    );
    // Measured: 204 photos (JPEG, PNG, TIFF, WebP, AVIF; EXIF orientations, ICC profiles,
    // greyscale, CMYK), 17 with alpha; hash bits changed: median 0, max 2.
    expect(compared).toBeGreaterThanOrEqual(180);
    expect(withoutCopy).toBeGreaterThan(0);
    expect(distances[Math.floor(distances.length * 0.95)]).toBeLessThanOrEqual(2);
    expect(distances.at(-1)).toBeLessThanOrEqual(maxNearBits);
  }, 300_000);
});
