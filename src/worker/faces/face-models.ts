/**
 * @file The two face models in the inference process and the one call the worker answers
 * `faces` with: detect, align, measure, describe.
 *
 * [Note: Face models]
 * Fotoglot ships its face models (models/faces/, sources, hashes and licences in
 * models/faces/SOURCES.md), so people work offline with no download:
 * - detection: MediaPipe BlazeFace "back" (256×256, Apache-2.0), run on a pyramid of scales,
 *   one run per scale ([Note: Face detection levels]), so group photos keep their small faces;
 * - recognition: dlib's ResNet-34 face descriptor (public domain), converted to ONNX from
 *   @vladmandic/face-api's TF.js weights by scripts/faces/build-face-models.ts and proven
 *   equal to face-api on TF.js (test/face-recognition-parity.test.ts); it reads the 150 px
 *   chip of [Note: Face chips].
 * Both run on onnxruntime's CPU provider (not yet the accelerator fallback of
 * model-sessions.ts, which is built around CLIP's two towers): about 40 ms of detection per
 * photo and 6 ms per face on one core (docs/benchmarks.md); the descriptors of a photo's faces
 * go through the net up to 8 at a time (describeFaces). `faces` takes the photo upright (EXIF
 * applied) as RGB bytes, its long side capped (`faceInputMaxSide` in
 * src/main/faces/face-input.ts), and does all of it; the faces stage splits it in two
 * ([Note: Faces stage]): `detectFaces` on a small copy (levels planned for the capped photo's
 * `sourceLongSide`) answers the boxes, keypoints and each chip's footprint, then
 * `describeFaces` gets only those regions of the capped photo, whose chips are then the ones
 * `faces` would cut (or of a copy shrunk by a power of two when every face is large enough
 * there, [Note: Reference scale]). Boxes and keypoints come back normalised to the image, so
 * they hold for the original and every thumbnail; eye distances are in pixels of the capped
 * photo either way.
 * A face too small or too blurred to recognise is still returned, with `descriptor: null`:
 * it is a face in the photo (the user may name it), but its vector would be noise that
 * clusters with strangers. Descriptors are unit length; on LFW the best threshold between
 * same and different people is a cosine distance of about 0.10 (docs/benchmarks.md).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppFailure } from '../../shared/result';
import type { DetectedFaceIn, FoundFace } from '../../shared/worker-protocol';
import { firstLine } from '../model-sessions';
import { anySizeDetector } from './any-size-detector';
import { chipFootprint, chipSharpness, chipSize, chipTransform, cutChip } from './face-align';
import {
  defaultDetectOptions,
  detectFaces,
  type DetectOptions,
  type RgbImage,
} from './face-detector';

export const detectorFile = 'face-detection-back-256.onnx';
export const recognizerFile = 'face-recognition-dlib.onnx';

/** Below these a face is kept but not described (see [Note: Face models]). */
export const recognisable = {
  /** Eye centres this far apart at least, in the pixels sent (the chip has 53). */
  minEyeDistance: 16,
  /**
   * Variance of the chip's Laplacian (chipSharpness) at least. Measured on LFW portraits:
   * sharp ones 17–156 (median 78), blurred with σ = 1.5: 10–48, σ = 3: 2–11, σ = 5: 1–3.
   */
  minSharpness: 10,
};

/** Length of the recognition net's descriptor. */
const descriptorLength = 128;
/**
 * Chips per run of the recognition net: batches cost less per chip (one core, measured: about
 * a fifth less at 6–8 than one at a time), and a cap keeps a crowd's activations small.
 */
const describeBatch = 8;

/** The eye distance of normalised `keypoints` in an image of `size` (MediaPipe's order). */
export function eyeDistanceIn(
  keypoints: readonly number[],
  size: { width: number; height: number },
): number {
  const [rx = 0, ry = 0, lx = 0, ly = 0] = keypoints;
  return Math.hypot((lx - rx) * size.width, (ly - ry) * size.height);
}

export class FaceModels {
  private constructor(
    private readonly detector: ort.InferenceSession,
    private readonly recognizer: ort.InferenceSession,
  ) {}

  /** Opens both models in `dir`; a missing or damaged file fails with its name. */
  static async load(dir: string, threads = Math.max(1, os.availableParallelism() - 1)) {
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    const open = async (file: string, prepare?: (bytes: Uint8Array) => Uint8Array) => {
      try {
        const at = path.join(dir, file);
        return prepare
          ? await ort.InferenceSession.create(prepare(await readFile(at)), options)
          : await ort.InferenceSession.create(at, options);
      } catch (error) {
        throw new AppFailure(
          'invalid-argument',
          `The face model ${file} cannot be loaded (${firstLine(error)}). Reinstall Fotoglot to restore it.`,
        );
      }
    };
    // One run per pyramid level: [Note: Face detection levels].
    const detector = await open(detectorFile, anySizeDetector);
    try {
      return new FaceModels(detector, await open(recognizerFile));
    } catch (error) {
      await detector.release();
      throw error;
    }
  }

  /** Every face in `image`, described where recognisable: detect then describeFaces. */
  async faces(image: RgbImage, options: Partial<DetectOptions> = {}): Promise<FoundFace[]> {
    const detected = await this.detect(image, options);
    const described = await this.describeFaces(
      detected.map(({ keypoints }) => ({
        image,
        keypoints: keypoints.map((v, i) => v * (i % 2 === 0 ? image.width : image.height)),
      })),
    );
    return detected.map(({ box, keypoints, score }, i) => {
      const d = described[i];
      if (!d) throw new Error('a detected face was not described');
      return { box, keypoints, score, ...d };
    });
  }

  /**
   * The faces in `image` (or in the photo it is a smaller copy of: `sourceLongSide`), with
   * positions as fractions of the image and the pixels their chips need (`region`).
   */
  async detect(image: RgbImage, options: Partial<DetectOptions> = {}): Promise<DetectedFaceIn[]> {
    const detected = await detectFaces(this.detector, image, {
      ...defaultDetectOptions,
      ...options,
    });
    const { width, height } = image;
    return detected.map((face) => {
      const region = chipFootprint(chipTransform(face.keypoints), width, height);
      return {
        box: {
          x: face.x / width,
          y: face.y / height,
          width: face.width / width,
          height: face.height / height,
        },
        keypoints: face.keypoints.map((v, i) => v / (i % 2 === 0 ? width : height)),
        score: face.score,
        region: {
          x: region.left / width,
          y: region.top / height,
          width: region.width / width,
          height: region.height / height,
        },
      };
    });
  }

  /**
   * Quality and descriptor of each face with `keypoints` (pixels of its `image`). `image` may
   * be a region of the photo holding the chip's footprint (chipFootprint), its keypoints
   * shifted to it: the chip, and so the answer, are the same as from the whole photo. The
   * `eyeDistance`, when given, is the face's in the reference the regions were shrunk from
   * ([Note: Reference scale]): what the quality is judged on. The
   * recognisable chips go through the recognition net `describeBatch` at a time: one run for
   * several chips costs less per chip than one run each (docs/benchmarks.md "Faces").
   */
  async describeFaces(
    faces: readonly { image: RgbImage; keypoints: number[]; eyeDistance?: number }[],
  ): Promise<Pick<FoundFace, 'quality' | 'descriptor'>[]> {
    const measured = faces.map(({ image, keypoints, ...given }) => {
      const [rx = 0, ry = 0, lx = 0, ly = 0] = keypoints;
      const eyeDistance = given.eyeDistance ?? Math.hypot(lx - rx, ly - ry);
      const chip = cutChip(image, chipTransform(keypoints));
      const sharpness = chipSharpness(chip);
      const ok =
        eyeDistance >= recognisable.minEyeDistance && sharpness >= recognisable.minSharpness;
      return { quality: { eyeDistance, sharpness, recognisable: ok }, chip };
    });
    const chips = measured.filter((m) => m.quality.recognisable).map((m) => m.chip);
    const descriptors: Float32Array<ArrayBuffer>[] = [];
    for (let i = 0; i < chips.length; i += describeBatch)
      descriptors.push(...(await this.describe(chips.slice(i, i + describeBatch))));
    let next = 0;
    return measured.map(({ quality }) => ({
      quality,
      descriptor: quality.recognisable ? (descriptors[next++] ?? null) : null,
    }));
  }

  /** The unit-length descriptors of chips (chipSize² RGB bytes each), in one run. */
  async describe(chips: readonly Uint8Array[]): Promise<Float32Array<ArrayBuffer>[]> {
    if (chips.length === 0) return [];
    const size = chipSize * chipSize * 3;
    const input = new Float32Array(chips.length * size);
    chips.forEach((chip, i) => {
      input.set(chip, i * size);
    });
    const out = await this.recognizer.run({
      image: new ort.Tensor('float32', input, [chips.length, chipSize, chipSize, 3]),
    });
    const raw = out.descriptor?.data;
    if (!(raw instanceof Float32Array) || raw.length !== chips.length * descriptorLength)
      throw new Error('the face recognizer gave no descriptor');
    return chips.map((_, i) => {
      const one = raw.subarray(i * descriptorLength, (i + 1) * descriptorLength);
      const norm = Math.hypot(...one) || 1;
      return Float32Array.from(one, (v) => v / norm);
    });
  }

  async dispose(): Promise<void> {
    await Promise.all([this.detector.release(), this.recognizer.release()]);
  }
}
