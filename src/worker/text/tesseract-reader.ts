/**
 * @file Tesseract (tesseract.js, WebAssembly) reading single straightened lines in the scripts
 * PP-OCR's Chinese/English recogniser cannot read ([Note: Reading text]). Language data comes
 * from the shipped `@tesseract.js-data/<lang>` packages (or a folder given), read from disk and
 * handed to Tesseract as bytes, the core and worker script from node_modules: never a download.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { AppFailure } from '../../shared/result';
import { firstLine } from '../model-sessions';
import type { RgbImage } from './text-detector';

const resolver = createRequire(__filename);

/** Script groups, each one Tesseract worker with these packs loaded together. */
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

/** Tesseract workers by group and language folder, one promise each. */
export class TesseractReader {
  private readonly workers = new Map<string, Promise<Worker>>();

  constructor(private readonly languageDir?: string) {}

  private async open(langs: readonly string[]): Promise<Worker> {
    const data = await Promise.all(
      langs.map(async (code) => {
        const file = this.languageDir
          ? path.join(this.languageDir, `${code}.traineddata.gz`)
          : shippedLanguageFile(code);
        try {
          return { code, data: await readFile(file) };
        } catch (error) {
          throw new AppFailure(
            'invalid-argument',
            `The text language file ${file} cannot be read (${firstLine(error)}). Reinstall Fotoglot to restore it.`,
          );
        }
      }),
    );
    try {
      const worker = await createWorker(data, OEM.LSTM_ONLY, {
        workerPath: resolver.resolve('tesseract.js/src/worker-script/node/index.js'),
        corePath: path.dirname(resolver.resolve('tesseract.js-core/package.json')),
        langPath: path.dirname(shippedLanguageFile('eng')),
        cacheMethod: 'none',
        gzip: true,
      });
      await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
      return worker;
    } catch (error) {
      throw new AppFailure(
        'invalid-argument',
        `The text language files ${langs.join(', ')} cannot be loaded (${firstLine(error)}). Reinstall Fotoglot to restore them.`,
      );
    }
  }

  private worker(group: ScriptGroup): Promise<Worker> {
    let w = this.workers.get(group);
    if (!w) {
      w = this.open(scriptGroups[group]);
      this.workers.set(group, w);
      w.catch(() => this.workers.delete(group));
    }
    return w;
  }

  /** Reads one straightened line with a script group's packs. */
  async read(group: ScriptGroup, line: RgbImage): Promise<TesseractLine> {
    const worker = await this.worker(group);
    // A margin of white: Tesseract's line finder wants background around the glyphs.
    const pad = Math.round(line.height / 4);
    const png = await sharp(Buffer.from(line.data), {
      raw: { width: line.width, height: line.height, channels: 3 },
    })
      .extend({ top: pad, bottom: pad, left: pad, right: pad, extendWith: 'mirror' })
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
        from: Math.max(0, Math.min(1, (w.bbox.x0 - pad) / line.width)),
        to: Math.max(0, Math.min(1, (w.bbox.x1 - pad) / line.width)),
      }));
    const text = words.map((w) => w.text).join(' ');
    const confidence =
      words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
    return { text, confidence, words, reader: `tesseract:${scriptGroups[group].join('+')}` };
  }

  /** Ends every Tesseract worker. */
  async dispose(): Promise<void> {
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(all.map(async (w) => (await w.catch(() => null))?.terminate()));
  }
}
