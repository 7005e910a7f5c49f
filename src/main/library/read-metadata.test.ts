/**
 * Metadata as read from real files: nonsense exposure values and dates are dropped where they
 * are read, so the database, the CLI and the UI agree (see [Note: Implausible exposure values]).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sharedPhotos } from '../../../test/helpers/library';
import { readMetadataFromBuffer } from './read-metadata';

const mtime = Date.parse('2020-02-02T10:00:00Z');
const read = (file: string) => readMetadataFromBuffer(readFileSync(file), file, mtime);

describe('readMetadata', () => {
  it('drops an exposure of 4,294,967,295 s and a date in 2099 (Pillow’s exif_gps.jpg)', async () => {
    const meta = await read(path.join(sharedPhotos, 'formats/pillow-tests/exif_gps.jpg'));
    expect(meta.exposureTime).toBeNull();
    expect(meta.capture).toMatchObject({ source: 'file', ignoredDate: '2099-09-29T10:10:10' });
    expect(meta.capture.utcMs).toBe(mtime);
  });

  it('drops ƒ/0.64, 0 mm and ISO 0 (exiftool’s GPS.jpg) and keeps the real date', async () => {
    const meta = await read(path.join(sharedPhotos, 'formats/exiftool-tests/GPS.jpg'));
    expect(meta).toMatchObject({ fNumber: null, focalLength: null, iso: null });
    expect(meta.capture).toMatchObject({ local: '2002-07-13T15:58:28', ignoredDate: null });
  });

  it('keeps real values (Canon_40D.jpg)', async () => {
    const meta = await read(path.join(sharedPhotos, 'exif-samples/jpg/Canon_40D.jpg'));
    expect(meta.exposureTime).toBeCloseTo(1 / 160);
    expect(meta.fNumber).toBe(7.1);
    expect(meta.iso).toBe(100);
    expect(meta.focalLength).toBe(135);
  });

  it('drops 0/0 ƒ-numbers, absurd focal lengths and zero exposures written by software', async () => {
    const bytes = await sharp({
      create: { width: 16, height: 16, channels: 3, background: { r: 9, g: 9, b: 9 } },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS 40D' },
        IFD2: {
          DateTimeOriginal: '1601:01:01 00:00:00',
          ExposureTime: '0/1',
          FNumber: '0/0',
          FocalLength: '900000/1',
          ISOSpeedRatings: '200',
        },
      })
      .toBuffer();
    const meta = await readMetadataFromBuffer(bytes, '/nowhere/x.jpg', mtime);
    expect(meta).toMatchObject({ exposureTime: null, fNumber: null, focalLength: null, iso: 200 });
    expect(meta.capture).toMatchObject({ source: 'file', ignoredDate: '1601-01-01T00:00:00' });
  });
});
