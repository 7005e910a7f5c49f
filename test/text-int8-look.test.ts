/**
 * The first look's int8 detector ([Note: Int8 first look]) decides as the float one: on every UI
 * language's rendered sample, upright and turned, the same first-look decision and a matching box
 * for each of the float detector's sure ones; the OCR set's photos that the float first look passes
 * (../shared/data/ocr, inputs made as the text stage makes them) pass it too; a damaged or missing
 * file fails by name, as a damaged float model does.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectPixels, renderDetectInput } from '../src/main/faces/face-input';
import { decodeImage, DecodeHelpers } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import { shippedLookDetector, shippedTextModelsDir } from '../src/main/text/text-models';
import { AppFailure } from '../src/shared/result';
import { passesFirstLook } from '../src/shared/text-first-look';
import {
  boxesFromMap,
  probabilityMap,
  type FoundBox,
  type RgbImage,
} from '../src/worker/text/text-detector';
import { detectorFile, lookSide, TextReader } from '../src/worker/text/text-reader';
import { renderTextPhoto, textSamples } from './helpers/rendered-text';

const modelsDir = shippedTextModelsDir();
const int8Path = shippedLookDetector();
const lookDetectorFile = path.basename(int8Path);
const ocr = path.resolve(import.meta.dirname, '../../shared/data/ocr');
/** The OCR set's photos the float first look passes (bench/text-int8-decisions.ts, 2026-12-03). */
const passing = [
  'ocropus-cyrillic/035671b9-6949-49b6-aeb0-c14cd5704415.bin.png',
  'ocropus-cyrillic/1911_7151cf34ba8c89c6e367bd65d526305c.bin.png',
  'ocropus-cyrillic/1911_71acb786589f9343ccf1c9feda856cba.bin.png',
  'ocropus-cyrillic/1911_71fa934ce0509604483dd4a3d988fc11.bin.png',
  'ocropus-cyrillic/1911_77ce4537df78162f94a769552613a1c6.bin.png',
  'ocropus-cyrillic/1911_793ca3e8760141ad5d1f4ee239c13d39.bin.png',
  'openarabic-ocr-gs/IbnQutayba.Adab_000001.png',
  'paddleocr/imgs/11.jpg',
  'paddleocr/imgs_en/img_12.jpg',
  'paddleocr/imgs_words/ch/word_1.jpg',
  'paddleocr/imgs_words/en/word_1.png',
  'paddleocr/imgs_words/korean/1.jpg',
  'paddleocr/imgs_words_en/word_336.png',
  'rapidocr/arabic.png',
  'rapidocr/ch_en_num.jpg',
  'rapidocr/cyrillic.png',
  'rapidocr/devanagari_rec.png',
  'rapidocr/el_rec.jpg',
  'rapidocr/en_rec.jpg',
  'rapidocr/eslav.jpg',
  'rapidocr/img_exif_orientation.jpg',
  'rapidocr/issue_170.png',
  'rapidocr/latin.jpg',
  'rapidocr/return_word_debug.jpg',
  'rapidocr/text_cls.jpg',
  'rapidocr/th_rec.jpg',
  'rapidocr/white_font_color_transparent.png',
  'tesseract-test/HelloGoogle.tif',
  'tesseract-test/arabic.tif',
  'tesseract-test/eurotext.tif',
  'tesseract-test/phototest-rotated-180.png',
  'tesseract-test/phototest.tif',
  'tesseract-test/viet.tif',
];

let float: TextReader;
let int8: TextReader;
let floatSession: ort.InferenceSession;
let int8Session: ort.InferenceSession;
const helpers = new DecodeHelpers();
beforeAll(async () => {
  float = await TextReader.load(modelsDir, 1);
  int8 = await TextReader.load(modelsDir, 1, int8Path);
  floatSession = await ort.InferenceSession.create(path.join(modelsDir, detectorFile));
  int8Session = await ort.InferenceSession.create(int8Path);
});
afterAll(async () => {
  await Promise.all([float.dispose(), int8.dispose()]);
  await Promise.all([floatSession.release(), int8Session.release()]);
});

/** The first look's input of an image file, as the text stage gets it (the faces detection input). */
async function detectInput(bytes: Buffer, file: string): Promise<RgbImage> {
  const format = sniffFormat(bytes.subarray(0, 64), file);
  if (!format) throw new Error(`${file}: not a photo format`);
  const { orientation } = await sharp(bytes).metadata();
  const decoded = await decodeImage(bytes, file, format, orientation ?? null, helpers);
  const p = await detectPixels(await renderDetectInput(decoded));
  return { data: p.pixels, width: p.width, height: p.height };
}

/** A box's axis-aligned bounds. */
const bounds = (b: FoundBox) => {
  const xs = b.quad.map((p) => p[0]);
  const ys = b.quad.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
};
/** Intersection over union of two boxes' bounds. */
function overlap(a: FoundBox, b: FoundBox): number {
  const [ax0, ay0, ax1, ay1] = bounds(a);
  const [bx0, by0, bx1, by1] = bounds(b);
  const w = Math.max(0, Math.min(ax1, bx1) - Math.max(ax0, bx0));
  const h = Math.max(0, Math.min(ay1, by1) - Math.max(ay0, by0));
  const inter = w * h;
  return inter / ((ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter);
}

async function boxes(session: ort.InferenceSession, image: RgbImage): Promise<FoundBox[]> {
  const { map, width, height } = await probabilityMap(session, image, lookSide);
  return boxesFromMap(map, width, height, image.width, image.height);
}

describe('the int8 first-look detector', () => {
  for (const sample of textSamples) {
    for (const turn of [0, 90] as const) {
      it(`decides as the float one on the ${sample.language} sample turned ${String(turn)}°`, async () => {
        const image = await detectInput(await renderTextPhoto(sample, { turn }), 'sample.jpg');
        const [lookFloat, lookInt8] = [await float.look(image), await int8.look(image)];
        expect(passesFirstLook(lookInt8)).toBe(passesFirstLook(lookFloat));
        const found = await boxes(int8Session, image);
        const wanted = (await boxes(floatSession, image)).filter((b) => b.score >= 0.7);
        expect(wanted.length).toBeGreaterThan(0);
        for (const b of wanted)
          expect(Math.max(...found.map((f) => overlap(b, f)))).toBeGreaterThan(0.6);
      });
    }
  }

  it('passes the OCR set’s photos the float one passes', async () => {
    const lost: string[] = [];
    for (const file of passing) {
      const image = await detectInput(readFileSync(path.join(ocr, file)), file);
      expect(passesFirstLook(await float.look(image)), file).toBe(true);
      if (!passesFirstLook(await int8.look(image))) lost.push(file);
    }
    expect(lost).toEqual([]);
  }, 120_000);

  it('fails with the file’s name when it is damaged or missing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-text-int8-'));
    try {
      const bad = path.join(dir, lookDetectorFile);
      copyFileSync(int8Path, bad);
      writeFileSync(bad, 'not a model');
      const error = await TextReader.load(modelsDir, 1, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppFailure);
      expect((error as Error).message).toContain(lookDetectorFile);
      const gone = path.join(dir, 'gone', lookDetectorFile);
      const missing = await TextReader.load(modelsDir, 1, gone).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(AppFailure);
      expect((missing as Error).message).toContain(lookDetectorFile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
