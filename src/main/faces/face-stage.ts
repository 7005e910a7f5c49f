/**
 * @file The faces stage of [Note: Pipeline]: each ingested photo's faces found by the shipped
 * models ([Note: Face models]) and handed to the persons core ([Note: Persons]).
 *
 * [Note: Faces stage]
 * Jobs are `faces:<faceModelId>@<facesStageVersion>`: the shipped models are the version, so a
 * new detector or descriptor re-runs this stage alone. A photo is looked at in two steps, so
 * that one without faces never pays for high-resolution pixels (find-faces.ts): the detector
 * scans the detection input, the photo upright at up to 512 px (`faceDetectMaxSide`, the finest
 * of its two levels, [Note: Face detection levels]) that ingest left ([Note: Faces input
 * handoff]) or the stage renders from the original with shrink-on-load; its levels are planned
 * for the reference, the photo capped at 2048 px (long side from the photos table), so they
 * are the levels the reference itself would get. Only when faces are found is the original
 * decoded again at the reference size (or at a half to an eighth of it when every face is
 * large enough there, [Note: Reference scale]), and only the pixels each face's chip needs
 * (chipFootprint, a few hundred KB in all, not the 9 MB photo) go to the inference process to
 * be described there. On ../shared/data/faces both ways find the same 187 faces and the
 * descriptors agree (cosine ≥ 0.965, LFW ≥ 0.9998; find-faces.test.ts), so the stage's version
 * did not change for it. The faces are stored through PeopleService.addFaces in the
 * transaction that closes the job, after both steps, so a kill never stores a photo's faces
 * twice and a resumed run starts with the next photo. A photo the worker fails
 * on is tried once more (the worker may have crashed for another photo), then it is a problem
 * on its file and the stage goes on; one that cannot be decoded is a problem at once. Pause is
 * asked before each photo; a full disk throws out of the stage, which the pipeline's stall
 * runs again when space returns.
 * The models are checked before each run: files missing (a damaged install, or a core started
 * with another bundled-models folder) or a file that does not load (a probe request on a tiny
 * black image) make the stage wait instead of turning every photo into a problem: its jobs
 * stay pending, the problem is in `fotoglot status`, app:info and a `faces:models` event (the
 * status bar says what to do), and the next run checks again.
 */
import type Database from 'better-sqlite3';
import { CoalescedRun } from '../coalesced-run';
import type { InferenceClient } from '../inference/inference-client';
import { JobQueue, type Job, type JobStage } from '../jobs/job-queue';
import type { PauseGate } from '../jobs/pause-gate';
import type { Progress } from '../jobs/progress-meter';
import { drainOneByOne, ShippedModels } from '../jobs/shipped-models';
import { decodeFile, type DecodeHelpers } from '../library/decode-image';
import { isOutOfSpace } from '../out-of-space';
import type { FaceInput, PeopleService } from '../people/people-service';
import type { ClusterGate } from '../people/person-clusterer';
import type { FaceModelsProblem } from '../../shared/events';
import type { FoundFace } from '../../shared/worker-protocol';
import type { DecodedImage } from '../library/decode-image';
import type { IngestRender } from '../library/ingest-runner';
import type { IngestCopy } from '../library/ingest-copy';
import {
  detectInputFromCopy,
  faceInputMaxSide,
  renderDetectInput,
  referenceSize,
  renderReferenceRect,
} from './face-input';
import type { FaceInputCache } from './face-input-cache';
import { findFaces } from './find-faces';
import { detectInputOf, Undecodable } from './detect-input';

/** The files of the shipped face models (see [Note: Face models]). */
const faceModelFiles = ['face-detection-back-256.onnx', 'face-recognition-dlib.onnx'];

/** The shipped face models as one id: BlazeFace back 256 + dlib's 128-D descriptor. */
export const faceModelId = 'blazeface-back-256.dlib-128';
/**
 * Cosine distance below which groups of the shipped model's faces are one person (average
 * link, [Note: Persons]). On LFW the dlib descriptor separates same and different people best
 * at 0.098 (balanced accuracy 0.984, docs/benchmarks.md "Faces"); a wrong merge is the error
 * users mind most and a missed one is fixed by one merge, so the threshold sits a little below
 * that: 0.09. Through this stage on all 100 LFW photos (10 identities × 10): no person mixes
 * two identities; 9 identities are one person of 10 photos, one is split 9 + 2 (+ a single),
 * and 4 partial bystander faces stay single.
 */
export const faceThreshold = 0.09;
/**
 * The shipped models' gate of [Note: Persons]: faces BlazeFace scores under 0.8 (profiles,
 * greyscale TV crops, a landscape in a painting) or of quality under 0.2 (blurred: a chip
 * Laplacian variance under about 20 at full size) are not vouched for, and the merges that make
 * wrong persons need 0.08. Measured through this stage on the 162 labelled identity photos of
 * ../shared/data/faces (docs/benchmarks.md "Through the faces stage"): without the gate 3
 * persons mixed identities (two TV crops at 0.064, Lin-Manuel Miranda and Stéfan van der Walt
 * at 0.089, a landscape "face" at 0.71 with an Arnold in sunglasses); with it none, and LFW
 * keeps its recall. Each bound alone at 0.075–0.08 gives the same persons (0.085 lets a
 * greyscale Howard into Stuart's person; a score floor of 0.82 or quality 0.25 costs recall).
 */
export const faceGate: ClusterGate = { strictThreshold: 0.08, minScore: 0.8, minQuality: 0.2 };
/** The stage's own algorithm version (input size, options, what is stored). */
export const facesStageVersion = 1;

export const facesStage: JobStage = {
  name: 'faces',
  version: `${faceModelId}@${String(facesStageVersion)}`,
  attempts: 2,
  problem: 'crashed',
  afterIngest: true,
};

/** A face of the worker's answer as the persons core takes it. */
export function faceInputOf(found: FoundFace): FaceInput {
  return {
    box: [found.box.x, found.box.y, found.box.width, found.box.height],
    keypoints: found.keypoints,
    score: found.score,
    // 0–1: sharp (a chip Laplacian variance of 100 is a sharp portrait) and large (eyes 53 px
    // apart fill the 150 px chip), for choosing a person's face to show.
    quality:
      Math.min(1, found.quality.sharpness / 100) * Math.min(1, found.quality.eyeDistance / 53),
    descriptor: found.descriptor,
  };
}

export interface FaceStageOptions {
  db: Database.Database;
  people: PeopleService;
  inference: InferenceClient;
  helpers: DecodeHelpers;
  /** The folder of the shipped face models. */
  modelsDir: string;
  /** Faces inputs ingest made ([Note: Faces input handoff]). */
  inputs: FaceInputCache;
  /**
   * A later stage reads the inputs too (the text stage's first look) and removes them when it
   * is done with a photo ([Note: Faces input handoff]); this stage then leaves them in place.
   */
  inputsReadLater?: boolean;
  gate?: PauseGate;
  onProgress?: (progress: Progress) => void;
  /** The models became unusable (a problem) or usable again (null). */
  onModelsProblem?: (problem: FaceModelsProblem | null) => void;
}

export class FaceStage {
  readonly jobs: JobQueue;
  readonly #runs = new CoalescedRun(() => this.#drain());
  readonly #abort = new AbortController();
  #stopped = false;
  readonly #models: ShippedModels;

  constructor(private readonly options: FaceStageOptions) {
    this.jobs = new JobQueue(options.db, facesStage);
    this.#models = new ShippedModels({
      what: 'face models',
      tag: '[faces]',
      meanwhile: 'People are not found until Fotoglot is reinstalled.',
      dir: options.modelsDir,
      files: faceModelFiles,
      whenReady: () => options.inference.whenReady(),
      probe: () =>
        options.inference.request('faces', {
          dir: options.modelsDir,
          pixels: new Uint8Array(3 * 8 * 8),
          width: 8,
          height: 8,
        }),
      stopped: () => this.#isStopped(),
      onProblem: options.onModelsProblem,
    });
  }

  /** Finds the faces of every ingested photo that has none yet; resolves when none is left. */
  run(): Promise<void> {
    return this.#runs.run();
  }

  /** Why the stage waits: the face models are missing or damaged; null when they load. */
  get modelsProblem(): FaceModelsProblem | null {
    return this.#models.problem;
  }

  /**
   * Checks the shipped face models now (the stage does before each run; `fotoglot status`
   * asks too) and returns why they cannot be used, or null. See [Note: Faces stage].
   */
  async checkModels(): Promise<FaceModelsProblem | null> {
    await this.#models.usable();
    return this.#models.problem;
  }

  /** Ingest's hand-over of the faces input ([Note: Faces input handoff]). */
  readonly ingestRender: IngestRender = {
    render: async (decoded: DecodedImage, fingerprint: string, copy: IngestCopy | null) => {
      const { inputs } = this.options;
      if (this.#models.missingFiles().length > 0 || !(await inputs.hasRoom())) return;
      try {
        // Ingest's small copy is the detection input, encoded ([Note: Ingest copy]).
        const jpeg = copy ? await detectInputFromCopy(copy) : await renderDetectInput(decoded);
        await inputs.write(fingerprint, jpeg);
      } catch (error) {
        // The stage renders it itself; only a full disk concerns ingest.
        if (isOutOfSpace(error)) throw error;
      }
    },
  };

  #isStopped(): boolean {
    return this.#stopped;
  }

  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#runs.dispose();
  }

  async #drain(): Promise<void> {
    if (!(await this.#models.usable())) return;
    await drainOneByOne({
      jobs: this.jobs,
      lane: 'faces',
      gate: this.options.gate,
      signal: this.#abort.signal,
      stopped: () => this.#stopped,
      one: (job) => this.#one(job),
      onProgress: this.options.onProgress,
    });
    // Every photo's faces are stored: an input still there was left by a kill (or by ingest
    // meanwhile, which the stage would decode again: slower, never different).
    if (!this.#isStopped() && this.options.inputsReadLater !== true)
      await this.options.inputs.clear();
  }

  /** The long side of the reference the detection levels are planned for, when known. */
  #sourceLongSide(photoId: number): number | undefined {
    const row = this.options.db
      .prepare('SELECT width, height FROM photos WHERE id = ?')
      .get(photoId) as { width: number | null; height: number | null } | undefined;
    if (!row?.width || !row.height) return undefined;
    return Math.min(faceInputMaxSide, Math.max(row.width, row.height));
  }

  /** The photo's faces (findFaces); Undecodable when the photo cannot be decoded. */
  async #faces(job: Job): Promise<FoundFace[]> {
    const detect = await detectInputOf(job, this.options.inputs, this.options.helpers);
    const sourceLongSide = this.#sourceLongSide(job.photoId);
    return findFaces({
      inference: this.options.inference,
      dir: this.options.modelsDir,
      detect: detect.input,
      ...(sourceLongSide ? { sourceLongSide } : {}),
      reference: async () => {
        let decoded: DecodedImage;
        try {
          decoded = detect.decoded ?? (await decodeFile(job, this.options.helpers));
        } catch (error) {
          throw new Undecodable(error);
        }
        return {
          ...referenceSize(decoded.width, decoded.height),
          render: (size, rect) =>
            renderReferenceRect(decoded, size, rect).catch((error: unknown) => {
              throw new Undecodable(error);
            }),
        };
      },
    });
  }

  async #one(job: Job): Promise<void> {
    let faces: FoundFace[];
    try {
      faces = await this.#faces(job);
    } catch (error) {
      if (error instanceof Undecodable) {
        this.jobs.fail(
          job,
          `Faces could not be looked for: the photo could not be decoded (${error.message}).`,
          { final: true },
        );
        return;
      }
      // Disposed meanwhile (the worker stopped): not the photo's fault; it stays pending.
      if (this.#isStopped()) return;
      this.jobs.fail(job, `The face models failed on this photo (${message(error)}).`);
      return;
    }
    try {
      this.options.db.transaction(() => {
        this.options.people.addFaces(job.photoId, faceModelId, faces.map(faceInputOf));
        this.jobs.complete([job.photoId]);
      })();
    } catch (error) {
      // See [Note: Disk full]: the faces could not be stored, the photo is not at fault.
      if (isOutOfSpace(error)) throw error;
      this.jobs.fail(job, `The faces of this photo could not be stored (${message(error)}).`);
      return;
    }
    // One that stays (a disk error) is cleared when the stage has no work left.
    if (this.options.inputsReadLater !== true)
      await this.options.inputs.remove(job.fingerprint).catch(() => undefined);
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
