/**
 * @file Tesseract (tesseract.js, WebAssembly) reading single straightened lines in the scripts
 * PP-OCR's Chinese/English recogniser cannot read ([Note: Reading text]). Language data comes
 * from the shipped `@tesseract.js-data/<lang>` packages (or a folder given), read from disk and
 * handed to Tesseract as bytes, the core and worker script from node_modules: never a download.
 */
import { createRequire } from 'node:module';
import { copyFile, mkdtemp, readFile, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { AppFailure } from '../../shared/result';
import { firstLine } from '../model-sessions';
import type { RgbImage } from './text-detector';

const resolver = createRequire(__filename);

/** Script groups: the shipped packs by script; a worker loads a group's packs (or some) together. */
export const scriptGroups = {
  latin: ['eng', 'deu', 'fra', 'spa', 'ita', 'por'],
  // npm has no Russian pack: Ukrainian and Belarusian together hold every Russian letter.
  cyrillic: ['ukr', 'bel'],
  arabic: ['ara'],
  japanese: ['jpn'],
} as const;
export type ScriptGroup = keyof typeof scriptGroups;

/** A line as Tesseract read it: text, confidence 0–1, words with their x-extent (fractions). */
export interface TesseractLine {
  text: string;
  confidence: number;
  words: { text: string; confidence: number; from: number; to: number }[];
  reader: string;
}

/** The shipped traineddata file of a language (LSTM-only "best_int" models). */
export function shippedLanguageFile(lang: string): string {
  const pkg = path.dirname(resolver.resolve(`@tesseract.js-data/${lang}/package.json`));
  return path.join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`);
}

/**
 * Throws unless `bytes` (gzipped or not) look like a whole Tesseract traineddata file: its
 * table of contents (entry count, then one 64-bit offset per entry, −1 for none) fits the file.
 * Checked before Tesseract sees the file: tesseract.js 7 answers a damaged one by throwing in
 * an event callback, which would end the inference process.
 */
export function checkTraineddata(bytes: Buffer): void {
  const data = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  if (data.length < 12) throw new Error('too short');
  const entries = data.readInt32LE(0);
  if (entries < 1 || entries > 64 || 4 + entries * 8 > data.length) {
    throw new Error('no table of contents');
  }
  let last = -1n;
  for (let i = 0; i < entries; i++) {
    const offset = data.readBigInt64LE(4 + i * 8);
    if (offset === -1n) continue;
    if (offset < BigInt(4 + entries * 8) || offset >= BigInt(data.length) || offset <= last) {
      throw new Error('table of contents out of bounds');
    }
    last = offset;
  }
}

/** The mean colour of a line's outermost rows: the background its margin is filled with. */
function borderColour(line: RgbImage): { r: number; g: number; b: number } {
  let r = 0;
  let g = 0;
  let b = 0;
  const rows = [0, line.height - 1];
  for (const y of rows) {
    for (let x = 0; x < line.width; x++) {
      const i = (y * line.width + x) * 3;
      r += line.data[i] ?? 0;
      g += line.data[i + 1] ?? 0;
      b += line.data[i + 2] ?? 0;
    }
  }
  const n = rows.length * line.width;
  return { r: Math.round(r / n), g: Math.round(g / n), b: Math.round(b / n) };
}

/**
 * The line as dark text on a light ground, which is what Tesseract's LSTM reads: light text
 * (a street sign's white letters) is inverted here. The ground is the line's outermost rows
 * (the detector's box has a margin around the glyphs); the text lies between them, so when
 * the middle rows are lighter on average than the ground, the text is light.
 */
export function darkOnLight(line: RgbImage): RgbImage {
  const ground = borderColour(line);
  const groundLevel = ground.r + ground.g + ground.b;
  const from = Math.floor(line.height / 4);
  const to = Math.ceil((3 * line.height) / 4);
  let sum = 0;
  for (let i = from * line.width * 3; i < to * line.width * 3; i++) sum += line.data[i] ?? 0;
  const middleLevel = sum / Math.max(1, (to - from) * line.width);
  if (middleLevel <= groundLevel) return line;
  const data = new Uint8Array(line.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 255 - (line.data[i] ?? 0);
  return { ...line, data };
}

/**
 * Height of the line Tesseract gets (PP-OCR's lines are 48 px). Tesseract finds the glyphs of a
 * line by thresholding and cutting it into blobs before its LSTM sees it, at a cost that grows
 * with the pixels sent: at 36 px each run costs about a sixth less (bench/text-profile.ts), and
 * on ../shared/data/ocr the Cyrillic scans read better (word recall 0.234 → 0.262), the rest the
 * same (docs/benchmarks.md "Text", fifth pass). Arabic keeps 48 px (`packHeights`): its letters
 * differ by dots (ب ت ث ن), and at 36 px the rendered Arabic sign, light on dark, lost a word.
 */
const tesseractHeight = 36;
const packHeights: Readonly<Record<string, number>> = { ara: 48 };

/** The height a line is given to Tesseract at for `packs` (the tallest any of them needs). */
function heightFor(packs: readonly string[]): number {
  return Math.max(...packs.map((p) => packHeights[p] ?? tesseractHeight));
}

/** Tesseract workers by group and language folder, one promise each. */
export class TesseractReader {
  private readonly workers = new Map<string, Promise<Worker>>();

  constructor(private readonly languageDir?: string) {}

  /**
   * The folder Tesseract loads `<lang>.traineddata.gz` from: the one given, or one made once
   * with links to (copies of, where links are refused) the shipped packs, as Tesseract loads
   * all of a worker's languages from one folder and each pack is its own package.
   */
  private folder(): Promise<string> {
    if (this.languageDir) return Promise.resolve(this.languageDir);
    this.made ??= (async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'fotoglot-tessdata-'));
      for (const lang of Object.values(scriptGroups).flat()) {
        const from = shippedLanguageFile(lang);
        const to = path.join(dir, `${lang}.traineddata.gz`);
        await symlink(from, to).catch(() => copyFile(from, to));
      }
      return dir;
    })();
    this.made.catch(() => (this.made = undefined));
    return this.made;
  }

  private made: Promise<string> | undefined;

  private async open(langs: readonly string[]): Promise<Worker> {
    const langPath = await this.folder();
    for (const code of langs) {
      const file = path.join(langPath, `${code}.traineddata.gz`);
      try {
        checkTraineddata(await readFile(file));
      } catch (error) {
        throw new AppFailure(
          'invalid-argument',
          `The text language file ${file} is missing or damaged (${firstLine(error)}). Reinstall Fotoglot to restore it.`,
        );
      }
    }
    try {
      const worker = await createWorker([...langs], OEM.LSTM_ONLY, {
        workerPath: resolver.resolve('tesseract.js/src/worker-script/node/index.js'),
        corePath: path.dirname(resolver.resolve('tesseract.js-core/package.json')),
        langPath,
        cacheMethod: 'none',
        gzip: true,
        // Without a handler a failed load throws in an event callback and ends the process.
        errorHandler: () => undefined,
      });
      await worker.setParameters({
        tessedit_pageseg_mode: PSM.SINGLE_LINE,
        // The lines come without a resolution; Tesseract would guess and warn on each.
        user_defined_dpi: '300',
        // Light text is turned dark before Tesseract sees it (`darkOnLight`), so its own retry
        // on the inverted line, which doubled the cost of every unsure reading, is off.
        invert_threshold: '0',
      });
      return worker;
    } catch (error) {
      throw new AppFailure(
        'invalid-argument',
        `The text language files ${langs.join(', ')} in ${langPath} cannot be loaded (${firstLine(error)}). Reinstall Fotoglot to restore them.`,
      );
    }
  }

  /** One Tesseract worker per set of packs, opened on first use. */
  private worker(packs: readonly string[]): Promise<Worker> {
    const key = packs.join('+');
    let w = this.workers.get(key);
    if (!w) {
      w = this.open(packs);
      this.workers.set(key, w);
      w.catch(() => this.workers.delete(key));
    }
    return w;
  }

  /** Reads one straightened line with `packs` (a script group's, or fewer of them) loaded together. */
  async read(packs: readonly string[], line: RgbImage): Promise<TesseractLine> {
    const worker = await this.worker(packs);
    const upright = darkOnLight(line);
    const height = Math.min(line.height, heightFor(packs));
    const width = Math.max(1, Math.round((line.width * height) / line.height));
    // A margin of white: Tesseract's line finder wants background around the glyphs.
    const pad = Math.round(height / 4);
    const png = await sharp(Buffer.from(upright.data), {
      raw: { width: line.width, height: line.height, channels: 3 },
    })
      .resize(width, height, { fit: 'fill' })
      .extend({ top: pad, bottom: pad, left: pad, right: pad, background: borderColour(upright) })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const { data } = await worker.recognize(png, {}, { text: true, blocks: true });
    const words = (data.blocks ?? [])
      .flatMap((b) => b.paragraphs)
      .flatMap((p) => p.lines)
      .flatMap((l) => l.words)
      .filter((w) => w.text.trim() !== '')
      .map((w) => ({
        text: w.text.normalize('NFC'),
        confidence: Math.max(0, Math.min(1, w.confidence / 100)),
        from: Math.max(0, Math.min(1, (w.bbox.x0 - pad) / width)),
        to: Math.max(0, Math.min(1, (w.bbox.x1 - pad) / width)),
      }));
    // Tesseract separates CJK characters it reads as words; Japanese has no spaces.
    const text = words
      .map((w) => w.text)
      .join(' ')
      .replace(
        /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]) (?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー])/gu,
        '',
      );
    const confidence =
      words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
    return { text, confidence, words, reader: `tesseract:${packs.join('+')}` };
  }

  /** Ends every Tesseract worker. */
  async dispose(): Promise<void> {
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(all.map(async (w) => (await w.catch(() => null))?.terminate()));
  }
}
