/**
 * Every file in ../shared/data/photos either ingests correctly (orientation, capture time,
 * GPS) or is listed in problems with a reason; nothing crashes the scan.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestLibrary, sharedPhotos, type TestLibrary } from '../../../test/helpers/library';
import type { IndexSummary } from './library-service';
import type { PhotoListItem } from './photo-query';
import { thumbPath } from './thumbnails';

let lib: TestLibrary;
let summary: IndexSummary;
let byPath: Map<string, PhotoListItem>;

const at = (relative: string) => path.join(sharedPhotos, relative);
const photo = (relative: string) => {
  const found = byPath.get(at(relative));
  if (!found) throw new Error(`${relative} was not ingested`);
  return found;
};
const problemFor = (relative: string) => summary.problems.find((p) => p.path === at(relative));

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

beforeAll(async () => {
  lib = openTestLibrary();
  summary = await lib.library.index([sharedPhotos], false);
  byPath = new Map(lib.library.store.photos(10_000, 0, true).map((p) => [p.path ?? '', p]));
}, 180_000);

afterAll(async () => {
  await lib.close();
});

describe('ingesting ../shared/data/photos', () => {
  it('accounts for every file: ingested, reported with a reason, or not a photo at all', () => {
    const notPhotos = /\.(txt|md|rst|icc|aae)$|\/(LICENSE|README)$/i;
    const problems = new Map(summary.problems.map((p) => [p.path, p.reason]));
    const unaccounted = allFiles(sharedPhotos).filter(
      (file) => !notPhotos.test(file) && byPath.get(file)?.state !== 'ready' && !problems.get(file),
    );
    expect(unaccounted).toEqual([]);
    expect(summary.photos).toBeGreaterThan(200);
    for (const p of summary.problems) expect(p.reason.length, p.path).toBeGreaterThan(10);
  });

  it('reports broken files with a reason instead of failing', () => {
    for (const [file, reason] of [
      ['formats/pillow-tests/truncated_jpeg.jpg', /truncated|damaged/],
      ['formats/pillow-tests/broken.png', /truncated|damaged/],
      ['exif-samples/jpg/corrupted.jpg', /truncated|damaged/],
      ['formats/libheif/github_15.heic', /not an image|damaged/],
      ['formats/pillow-tests/decompression_bomb.ico', /not supported/],
      ['formats/exiftool-tests/JXL.jxl', /JPEG XL/],
      ['formats/exiftool-tests/Nikon.nef', /no usable embedded preview/],
    ] as const) {
      expect(problemFor(file)?.reason, file).toMatch(reason);
    }
  });

  it('turns photos upright: every EXIF orientation gives the same picture', async () => {
    const pixels = async (file: string) =>
      sharp(file).resize(32, 24, { fit: 'fill' }).greyscale().raw().toBuffer();
    const difference = (a: Buffer, b: Buffer) =>
      a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
    for (const shape of ['Landscape', 'Portrait'] as const) {
      const upright = photo(`exif-orientation-examples/${shape}_1.jpg`);
      const reference = await pixels(
        thumbPath(
          path.join(lib.home, 'thumbs'),
          lib.library.store.photos(10_000, 0, true).find((p) => p.id === upright.id)?.fingerprint ??
            '',
          'grid',
        ),
      );
      for (let o = 2; o <= 8; o++) {
        const item = photo(`exif-orientation-examples/${shape}_${String(o)}.jpg`);
        expect(item.orientation, `${shape}_${String(o)}`).toBe(o);
        if (shape === 'Landscape') expect(item.width ?? 0).toBeGreaterThan(item.height ?? 0);
        else expect(item.height ?? 0).toBeGreaterThan(item.width ?? 0);
        const thumb = thumbPath(path.join(lib.home, 'thumbs'), item.fingerprint, 'grid');
        expect(
          difference(await pixels(thumb), reference),
          `${shape}_${String(o)} thumbnail`,
        ).toBeLessThan(12);
      }
    }
  });

  it('reads capture time with its timezone, and GPS', () => {
    const nikon = photo('exif-samples/jpg/gps/DSCN0010.jpg');
    expect(nikon.capturedAt).toBe('2008-10-22T16:28:39');
    expect(nikon.gps?.lat).toBeCloseTo(43.4674, 3);
    expect(nikon.gps?.lon).toBeCloseTo(11.8851, 3);
    expect(nikon.camera).toBe('Nikon COOLPIX P6000'); // [Note: Camera names]
    const pixel = photo('formats/exiftool-tests/Google.jpg');
    expect(pixel.capturedAt).toBe('2023-10-06T22:53:51');
    expect(pixel.tzOffsetMinutes).toBe(120);
    expect(pixel.capturedAtUtc).toBe(Date.parse('2023-10-06T20:53:51Z'));
    expect(photo('formats/exiftool-tests/GoPro.jpg').tzOffsetMinutes).toBe(-240);
    expect(photo('exif-samples/jpg/xmp/BlueSquare.jpg').keywords).toContain('Blue Square');
  });

  it('decodes HEIC, AVIF (with its rotation), TIFF with a non-ASCII name, BMP and RAW previews', () => {
    const heic = photo('exif-samples/heic/IMG_5195.HEIC');
    expect(heic.state).toBe('ready');
    expect(heic.capturedAt).toBe('2021-04-11T15:47:53');
    expect(heic.tzOffsetMinutes).toBe(-300);
    expect(heic.gps?.lat).toBeCloseTo(39.0513, 3);
    const kimono = photo('formats/avif-link-u/kimono.avif');
    const turned = photo('formats/avif-link-u/kimono.rotate90.avif');
    expect([turned.width, turned.height]).toEqual([kimono.height, kimono.width]);
    expect(photo('exif-samples/tiff/Crémieux11.tiff').state).toBe('ready');
    expect(photo('formats/pillow-tests/hopper.bmp')).toMatchObject({
      state: 'ready',
      width: 128,
      height: 128,
    });
    for (const raw of [
      'formats/exiftool-tests/Panasonic.rw2',
      'formats/exiftool-tests/FujiFilm.raf',
    ]) {
      const item = photo(raw);
      expect(item.state, raw).toBe('ready');
      expect(item.format).toBe('raw');
    }
  });

  it('applies AVIF rotation and mirroring: thumbnails match the PNG ground truth', async () => {
    const pixels = async (file: string) =>
      sharp(file).resize(24, 24, { fit: 'fill' }).greyscale().raw().toBuffer();
    const difference = (a: Buffer, b: Buffer) =>
      a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
    const thumbs = path.join(lib.home, 'thumbs');
    for (const variant of [
      'rotate90',
      'rotate270',
      'mirror-vertical',
      'mirror-horizontal',
      'mirror-vertical.rotate270',
    ]) {
      const avif = photo(`formats/avif-link-u/kimono.${variant}.avif`);
      const truth = photo(`formats/avif-link-u/kimono.${variant}.png`);
      expect([avif.width, avif.height], variant).toEqual([truth.width, truth.height]);
      const fp = (id: number) =>
        lib.library.store.photos(10_000, 0, true).find((p) => p.id === id)?.fingerprint ?? '';
      const diff = difference(
        await pixels(thumbPath(thumbs, fp(avif.id), 'grid')),
        await pixels(thumbPath(thumbs, fp(truth.id), 'grid')),
      );
      expect(diff, variant).toBeLessThan(10);
    }
  });

  it('writes a grid thumbnail and a placeholder for every ingested photo, and nothing else', () => {
    const thumbs = path.join(lib.home, 'thumbs');
    const ready = lib.library.store.photos(10_000, 0, true).filter((p) => p.state === 'ready');
    for (const p of ready) {
      expect(existsSync(thumbPath(thumbs, p.fingerprint, 'grid')), p.path ?? '').toBe(true);
      expect(existsSync(thumbPath(thumbs, p.fingerprint, 'preview')), p.path ?? '').toBe(false);
      expect(p.placeholder, p.path ?? '').toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
    expect(allFiles(thumbs)).toHaveLength(ready.length);
  });

  it('makes 1600 px previews on demand: upright, sRGB, at most 1600 px, once', async () => {
    for (const [file, landscape] of [
      ['exif-orientation-examples/Portrait_6.jpg', false],
      ['exif-samples/heic/IMG_5195.HEIC', null],
      ['formats/exiftool-tests/Panasonic.rw2', null],
      ['formats/avif-link-u/kimono.rotate90.avif', true],
    ] as const) {
      const item = photo(file);
      const [first, second] = await Promise.all([
        lib.library.preview(item.id),
        lib.library.preview(item.id),
      ]);
      expect(second).toBe(first);
      const meta = await sharp(first).metadata();
      expect(Math.max(meta.width, meta.height), file).toBeLessThanOrEqual(1600);
      expect(meta.space).toBe('srgb');
      expect(meta.width / meta.height).toBeCloseTo((item.width ?? 1) / (item.height ?? 1), 1);
      if (landscape !== null) expect(meta.width > meta.height, file).toBe(landscape);
    }
    await expect(lib.library.preview(999_999)).rejects.toThrow(/no file/);
  });
});
