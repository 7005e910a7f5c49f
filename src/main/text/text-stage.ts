/**
 * @file The text stage of [Note: Pipeline]: the text in each ingested photo, read in the
 * inference process ([Note: Reading text]) and handed to `save` (the text store).
 *
 * [Note: Text stage]
 * Jobs are `text:<textModelId>@<textStageVersion>`: the shipped models and packs are the version,
 * so a new reader re-runs this stage alone. The version stayed 1 through the budget work of
 * 2026-12-03 ([Note: First look], the user's Latin pack and the small unsure lines in
 * [Note: Reading text]): what search finds in a photo read before hardly differs, and a bump would
 * look at every photo of every library again. What a library read before keeps: a few Arabic signs
 * the old first look missed, and the six packs' accents. The same holds for the second pass
 * (Tesseract given lines dark on light, fewer script groups per line): a few lines read before keep
 * a stray reading in another script, or Tesseract's copy of a number. So do stop 27's (Tesseract's
 * 36 px lines, the sure Latin agreement, unsure lines from 20 px): a photo read before may keep a
 * stray sign Tesseract added. Most photos hold no text, so a photo is looked at in two steps, as
 * the faces stage does ([Note: Faces stage]): the first look runs the text detector on the photo's
 * 512 px detection input (the one ingest hands the faces stage, [Note: Faces input handoff], read
 * and left in place; or rendered here the same way) and only a photo where it sees text
 * ([Note: First look]) is decoded again at up to 2048 px and read in full. A photo that fails the
 * first look is saved with no lines: it was read, and a resumed run does not look again. Lines are
 * saved through `save` in the transaction that closes the job, so a kill never saves a photo's text
 * twice nor loses a closed one. A photo that cannot be decoded is a problem at once; one the worker
 * fails on is tried once more, then is a problem on its file; the stage goes on either way. Missing
 * or damaged model files (a probe request on a tiny image before each run) make the stage wait with
 * its jobs pending and the problem in `modelsProblem` / `onModelsProblem`, instead of turning every
 * photo into a problem; the next run checks again. A damaged language pack only fails the lines
 * that need it: those photos become problems naming the file.
 */
import type Database from 'better-sqlite3';
import { CoalescedRun } from '../coalesced-run';
import { detectInputOf, Undecodable, undecodable } from '../faces/detect-input';
import { facePixels, faceInputMaxSide, renderFaceInput } from '../faces/face-input';
import type { FaceInputCache } from '../faces/face-input-cache';
import type { InferenceClient } from '../inference/inference-client';
import { JobQueue, type Job, type JobStage } from '../jobs/job-queue';
import type { PauseGate } from '../jobs/pause-gate';
import type { Progress } from '../jobs/progress-meter';
import { drainOneByOne, ShippedModels, type ModelsProblem } from '../jobs/shipped-models';
import { decodeFile, type DecodeHelpers } from '../library/decode-image';
import { isOutOfSpace } from '../out-of-space';
import { passesFirstLook } from '../../shared/text-first-look';
import type { TextLine } from '../../shared/text-schemas';

/** The files of the shipped PP-OCR models (see [Note: Reading text]). */
export const textModelFiles = [
  'ch_PP-OCRv4_det_infer.onnx',
  'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  'ch_PP-OCRv4_rec_infer.onnx',
  'ppocr_keys_v1.txt',
];
/** The shipped readers as one id: PP-OCRv4 + Tesseract 5 (tesseract.js 7) LSTM packs. */
export const textModelId = 'ppocr-v4.tesseract-5';
/** The stage's own algorithm version (first look, input sizes, reader choice). */
export const textStageVersion = 1;

export const textStage: JobStage = {
  name: 'text',
  version: `${textModelId}@${String(textStageVersion)}`,
  attempts: 2,
  problem: 'crashed',
  afterIngest: true,
};

/** Why the stage waits: its model files are missing or do not load. */
/** Why the text models cannot be used (the same shape as the face models' problem). */
export type TextModelsProblem = ModelsProblem;

export interface TextStageOptions {
  db: Database.Database;
  inference: InferenceClient;
  helpers: DecodeHelpers;
  /** The folder of the shipped PP-OCR models (shippedTextModelsDir). */
  modelsDir: string;
  /** Stores what was read of a photo (replacing what that engine read before). */
  save: (photoId: number, engine: string, lines: TextLine[]) => void;
  /**
   * The faces stage's detection inputs, read when there. With `removeInputs` this stage is their
   * last reader and removes each when its photo is done ([Note: Faces input handoff]).
   */
  inputs?: FaceInputCache;
  removeInputs?: boolean;
  /**
   * The user's languages as Tesseract packs (text-languages.ts), asked for at each photo: Latin
   * lines are re-read with their Latin pack only ([Note: Reading text]); default all shipped.
   */
  languages?: () => string[] | undefined;
  gate?: PauseGate;
  onProgress?: (progress: Progress) => void;
  onModelsProblem?: (problem: TextModelsProblem | null) => void;
}

export class TextStage {
  readonly jobs: JobQueue;
  readonly #runs = new CoalescedRun(() => this.#drain());
  readonly #abort = new AbortController();
  #stopped = false;
  readonly #models: ShippedModels;

  constructor(private readonly options: TextStageOptions) {
    this.jobs = new JobQueue(options.db, textStage);
    this.#models = new ShippedModels({
      what: 'text models',
      tag: '[text]',
      meanwhile: 'Text in photos is not read until then.',
      dir: options.modelsDir,
      files: textModelFiles,
      whenReady: () => options.inference.whenReady(),
      probe: () =>
        options.inference.request('lookForText', {
          dir: options.modelsDir,
          pixels: new Uint8Array(3 * 32 * 32),
          width: 32,
          height: 32,
        }),
      stopped: () => this.#isStopped(),
      onProblem: options.onModelsProblem,
    });
  }

  /** Reads the text of every ingested photo not read yet; resolves when none is left. */
  run(): Promise<void> {
    return this.#runs.run();
  }

  /** Why the stage waits (models missing or damaged); null when they load. */
  get modelsProblem(): TextModelsProblem | null {
    return this.#models.problem;
  }

  /** A method, not the field: TypeScript would keep the field's narrowing across awaits. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#runs.dispose();
  }

  /** Checks the models now (before each run too); returns why they cannot be used, or null. */
  async checkModels(): Promise<TextModelsProblem | null> {
    await this.#models.usable();
    return this.#models.problem;
  }

  async #drain(): Promise<void> {
    if (!(await this.#models.usable())) return;
    const { inputs } = this.options;
    const last = this.options.removeInputs === true;
    await drainOneByOne({
      jobs: this.jobs,
      lane: 'text',
      gate: this.options.gate,
      signal: this.#abort.signal,
      stopped: () => this.#stopped,
      one: async (job) => {
        await this.#one(job);
        if (last) await inputs?.remove(job.fingerprint).catch(() => undefined);
      },
      onProgress: this.options.onProgress,
    });
    // What a kill or a disk error left behind goes once there is no work left.
    if (last && !this.#isStopped()) await inputs?.clear();
  }

  /** The lines of one photo: none when the first look sees no text. */
  async #read(job: Job): Promise<TextLine[]> {
    const { inference, modelsDir, helpers } = this.options;
    const detect = await detectInputOf(job, this.options.inputs, helpers);
    const look = await inference.request('lookForText', { dir: modelsDir, ...detect.input });
    if (!passesFirstLook(look)) return [];
    const decoded = detect.decoded ?? (await undecodable(decodeFile(job, helpers)));
    // The photo upright at up to 2048 px: small print on a 12-MP scan stays legible.
    const image = await undecodable(
      renderFaceInput(decoded, faceInputMaxSide).then((jpeg) => facePixels(jpeg)),
    );
    const languages = this.options.languages?.();
    const { lines } = await inference.request('readText', {
      dir: modelsDir,
      ...image,
      ...(languages ? { languages } : {}),
    });
    return lines;
  }

  async #one(job: Job): Promise<void> {
    let lines: TextLine[];
    try {
      lines = await this.#read(job);
    } catch (error) {
      if (error instanceof Undecodable) {
        this.jobs.fail(
          job,
          `Text could not be read: the photo could not be decoded (${error.message}).`,
          { final: true },
        );
        return;
      }
      if (this.#isStopped()) return;
      this.jobs.fail(job, `Reading the text of this photo failed (${message(error)}).`);
      return;
    }
    try {
      this.options.db.transaction(() => {
        this.options.save(job.photoId, textModelId, lines);
        this.jobs.complete([job.photoId]);
      })();
    } catch (error) {
      // See [Note: Disk full]: the lines could not be stored, the photo is not at fault.
      if (isOutOfSpace(error)) throw error;
      this.jobs.fail(job, `The text of this photo could not be stored (${message(error)}).`);
    }
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
