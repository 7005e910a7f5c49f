import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IngestProblem, looksTruncated } from './ingest-problem';

describe('IngestProblem.fromDecoder', () => {
  it('gives the same reason for a file whatever another decode left in libvips’ error buffer', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } })
      .png()
      .toBuffer();
    const damaged = Buffer.from(png);
    damaged[20] = 0xff; // inside IHDR: undecodable, but the file is whole
    const leaked = new Error('Input buffer has corrupt header: VipsJpeg: Bogus DQT index 9');
    const clean = new Error('Input buffer has corrupt header:');
    const a = IngestProblem.fromDecoder(leaked, damaged);
    const b = IngestProblem.fromDecoder(clean, damaged);
    expect(a).toMatchObject({
      code: 'corrupt',
      message: 'The image is damaged and cannot be decoded.',
    });
    expect(b.message).toBe(a.message);
    expect(a.message).not.toContain('Jpeg');
    // Or the buffer was emptied by another thread first: sharp then says "Unknown error".
    expect(IngestProblem.fromDecoder(new Error('Unknown error'), damaged).message).toBe(a.message);
  });

  it('calls a file cut short truncated from its own bytes', async () => {
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#f00' } })
      .jpeg()
      .toBuffer();
    expect(looksTruncated(jpeg)).toBe(false);
    expect(looksTruncated(jpeg.subarray(0, jpeg.length - 40))).toBe(true);
    const problem = IngestProblem.fromDecoder(
      new Error('Input buffer has corrupt header:'),
      jpeg.subarray(0, 100),
    );
    expect(problem.code).toBe('truncated');
  });

  it('keeps the words of decoders that report per call, and sharp’s own messages', () => {
    expect(IngestProblem.fromDecoder(new Error('BMP: bad header')).message).toContain(
      'BMP: bad header',
    );
    expect(IngestProblem.fromDecoder(new Error('Input image exceeds pixel limit')).code).toBe(
      'too-large',
    );
    expect(
      IngestProblem.fromDecoder(new Error('Input buffer contains unsupported image format')).code,
    ).toBe('unsupported');
  });
});
