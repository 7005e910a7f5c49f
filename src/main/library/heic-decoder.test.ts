import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedPhotos } from '../../../test/helpers/library';
import { HeicDecoder } from './heic-decoder';

const decoder = new HeicDecoder(200_000_000, 1);
afterAll(async () => {
  await decoder.dispose();
});

describe('HeicDecoder', () => {
  it('decodes an iPhone HEIC off the main thread: the event loop keeps turning meanwhile', async () => {
    const bytes = readFileSync(path.join(sharedPhotos, 'exif-samples/heic/IMG_5195.HEIC'));
    let turns = 0;
    let decoding = true;
    const spin = () => {
      turns++;
      if (decoding) setImmediate(spin);
    };
    setImmediate(spin);
    const pixels = await decoder.decode(bytes);
    decoding = false;
    expect([pixels.width, pixels.height]).toEqual([2566, 3313]);
    expect(pixels.data.length).toBe(2566 * 3313 * 4);
    // A decode on the main thread would allow one or two turns; in a worker there are hundreds.
    expect(turns).toBeGreaterThan(50);
  });

  it('rejects damaged files with a reason and keeps working afterwards', async () => {
    const broken = readFileSync(
      path.join(sharedPhotos, 'formats/libheif/clap-overflow-divide-zero.heic'),
    );
    await expect(decoder.decode(broken)).rejects.toThrow(/HEIF/);
    const truncated = readFileSync(
      path.join(sharedPhotos, 'exif-samples/heic/IMG_5195.HEIC'),
    ).subarray(0, 4000);
    await expect(decoder.decode(truncated)).rejects.toThrow(/HEIF|damaged|decoded/);
    const ok = await decoder.decode(
      readFileSync(path.join(sharedPhotos, 'formats/libheif/rainbow-451x461.heic')),
    );
    expect([ok.width, ok.height]).toEqual([451, 461]);
  });

  it('refuses images over the pixel limit (decompression bombs) before allocating them', async () => {
    const small = new HeicDecoder(1000, 1);
    try {
      await expect(
        small.decode(readFileSync(path.join(sharedPhotos, 'formats/libheif/rainbow-451x461.heic'))),
      ).rejects.toThrow(/megapixels are skipped/);
    } finally {
      await small.dispose();
    }
  });
});
