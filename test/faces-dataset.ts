/**
 * @file The labelled face photos of ../shared/data/faces (read in place, never copied) and
 * the measures the face tests and `npm run bench:faces` take on them: detection recall on
 * group photos, detections on non-face photos, verification accuracy on identities.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { facePixels, renderFaceInput, type FacePixels } from '../src/main/faces/face-input';
import { DecodeHelpers, decodeImage } from '../src/main/library/decode-image';
import { sniffFormat } from '../src/main/library/image-format';
import type { FoundFace } from '../src/shared/worker-protocol';

/** Beside the repository, as every test and bench finds it (they run from the repository root). */
export const sharedData = path.resolve('../shared/data');
export const facesData = path.join(sharedData, 'faces');

export interface LabelledPhoto {
  file: string;
  /** `group`, `none` or `<source>:<identity>`. */
  label: string;
  /** Faces counted in the photo; null where labels.tsv gives no exact count (">100"). */
  faces: number | null;
}

/** labels.tsv: "~24" counts as 24; ">100" and "0 (1 painted)" keep their leading number only when exact. */
export function labelledPhotos(): LabelledPhoto[] {
  const lines = readFileSync(path.join(facesData, 'labels.tsv'), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [file = '', label = '', count = ''] = line.split('\t');
    const exact = /^~?(\d+)/.exec(count);
    return {
      file: path.join(sharedData, file),
      label,
      faces: count.startsWith('>') || !exact ? null : Number(exact[1]),
    };
  });
}

/** A photo as the app would send it to the worker: decoded (EXIF applied), then capped. */
export async function faceInputOf(file: string, helpers: DecodeHelpers): Promise<FacePixels> {
  const bytes = await readFile(file);
  const format = sniffFormat(bytes.subarray(0, 32), file);
  if (!format) throw new Error(`${file}: not a photo format Fotoglot reads`);
  return facePixels(await renderFaceInput(await decodeImage(bytes, file, format, null, helpers)));
}

/**
 * Detection recall on group photos with a count: found faces, capped at the count (labels
 * give counts, not boxes, so a surplus cannot make up for a miss), over the counted faces.
 */
export function groupRecall(results: { expected: number; found: number }[]): number {
  const expected = results.reduce((s, r) => s + r.expected, 0);
  return results.reduce((s, r) => s + Math.min(r.found, r.expected), 0) / expected;
}

/** The face an identity photo is about: the largest recognisable one. */
export function mainFace(faces: FoundFace[]): FoundFace | null {
  return (
    faces
      .filter((f) => f.descriptor)
      .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0] ?? null
  );
}

const cosineDistance = (a: Float32Array, b: Float32Array) =>
  1 - a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/**
 * Verification over all pairs of descriptors: the balanced accuracy (mean of the
 * same-identity and different-identity accuracies) at the best cosine-distance threshold,
 * and that threshold.
 */
export function verification(samples: { label: string; descriptor: Float32Array }[]): {
  accuracy: number;
  threshold: number;
  pairs: { same: number; different: number };
} {
  const same: number[] = [];
  const different: number[] = [];
  samples.forEach((a, i) => {
    for (const b of samples.slice(i + 1))
      (a.label === b.label ? same : different).push(cosineDistance(a.descriptor, b.descriptor));
  });
  let best = { accuracy: 0, threshold: 0 };
  for (let t = 0; t <= 1; t += 0.0025) {
    const accuracy =
      (same.filter((d) => d < t).length / same.length +
        different.filter((d) => d >= t).length / different.length) /
      2;
    if (accuracy > best.accuracy) best = { accuracy, threshold: t };
  }
  return { ...best, pairs: { same: same.length, different: different.length } };
}
