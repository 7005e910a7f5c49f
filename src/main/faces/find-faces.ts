/**
 * @file A photo's faces the cheap way ([Note: Faces stage]): found in its small detection
 * input, described from the regions of the reference their chips need, at the scale the
 * faces need ([Note: Reference scale]); the reference is rendered only when there is a face.
 */
import type { InferenceClient } from '../inference/inference-client';
import type { FoundFace } from '../../shared/worker-protocol';
import { cutRegion, type FacePixels, type PixelRect } from './face-input';

export interface FindFacesInput {
  inference: InferenceClient;
  /** The folder of the shipped face models. */
  dir: string;
  /** The detection input (detectPixels). */
  detect: FacePixels;
  /** The long side of the reference the detection levels are planned for, when known. */
  sourceLongSide?: number;
  /** The reference; asked for only when faces are found. */
  reference: () => Promise<Reference>;
}

/** The photo at the reference size (referenceSize), rendered a rectangle at a time. */
export interface Reference {
  width: number;
  height: number;
  /**
   * The pixels in `rect` of the photo resized to `size`: the reference itself or a copy shrunk
   * by a power of two (renderReferenceRect; [Note: Reference scale]).
   */
  render: (size: { width: number; height: number }, rect: PixelRect) => Promise<FacePixels>;
}

/**
 * [Note: Reference scale]
 * The chips are cut from a copy of the reference shrunk by a power of two when every face of
 * the photo is still at least chip-sized there: its eyes `chipEyeDistance` pixels apart or
 * more, as in the 150 px chip, so no chip is enlarged from the copy. cutChip averages
 * ⌈scale⌉² bilinear samples per chip pixel ([Note: Face chips]); a camera-sized photo of a few
 * people has faces 100–250 px between the eyes in the 2048 px reference (3–5 px per chip
 * pixel: 9–25 samples), which the half or quarter copy cuts to a quarter or a sixteenth, and
 * libjpeg decodes the original at ½ or ¼ scale for it (shrink-on-load: the entropy decoding
 * stays, the inverse DCT and the resize shrink). One smaller face keeps the whole reference,
 * as before. Eye distances, and so the recognisable verdict and the quality, are still
 * measured in the reference's pixels (`measuredAt` of `describeFaces`). Measured on the 31
 * counted group photos of ../shared/data/faces enlarged to 4000×3000 (docs/benchmarks.md
 * "Through the faces stage"): 13 photos shrunk, their 36 faces with the same verdicts and
 * descriptors at cosine ≥ 0.9992 to the whole reference's.
 */
/** Eye distance in the 150 px chip (dlib's mean face, [Note: Face chips]). */
const chipEyeDistance = 53;
/** The largest shrink tried (libjpeg shrinks on load by 2, 4 or 8). */
const maxShrink = 8;

/**
 * The power of two the reference (`width` × `height`) may be shrunk by for these faces'
 * chips (normalised keypoints), see [Note: Reference scale]; 1 when any face is too small.
 */
export function referenceShrink(
  faces: readonly { keypoints: readonly number[] }[],
  width: number,
  height: number,
): number {
  const smallest = Math.min(
    ...faces.map(({ keypoints: [rx = 0, ry = 0, lx = 0, ly = 0] }) =>
      Math.hypot((lx - rx) * width, (ly - ry) * height),
    ),
  );
  let shrink = 1;
  while (shrink < maxShrink && smallest / (2 * shrink) >= chipEyeDistance) shrink *= 2;
  return shrink;
}

/** The faces of one photo, as the `faces` request finds them in the reference itself. */
export async function findFaces(input: FindFacesInput): Promise<FoundFace[]> {
  const { inference, dir, detect, sourceLongSide } = input;
  await inference.whenReady();
  const { faces } = await inference.request('detectFaces', {
    dir,
    ...detect,
    ...(sourceLongSide ? { sourceLongSide } : {}),
  });
  if (faces.length === 0) return [];
  const reference = await input.reference();
  const measuredAt = { width: reference.width, height: reference.height };
  const shrink = referenceShrink(faces, measuredAt.width, measuredAt.height);
  const size = {
    width: Math.max(1, Math.round(measuredAt.width / shrink)),
    height: Math.max(1, Math.round(measuredAt.height / shrink)),
  };
  const { width, height } = size;
  // Each region grown to whole pixels of the reference: it holds the chip's footprint.
  const rects = faces.map(({ region }): PixelRect => {
    const left = Math.max(0, Math.floor(region.x * width));
    const top = Math.max(0, Math.floor(region.y * height));
    const right = Math.min(width, Math.ceil((region.x + region.width) * width));
    const bottom = Math.min(height, Math.ceil((region.y + region.height) * height));
    return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
  });
  // One render of the band that holds them all, cut into the regions here.
  const some = rects.filter((r) => r.width > 0 && r.height > 0);
  const left = Math.min(...some.map((r) => r.left));
  const top = Math.min(...some.map((r) => r.top));
  const band =
    some.length === 0
      ? null
      : await reference.render(size, {
          left,
          top,
          width: Math.max(...some.map((r) => r.left + r.width)) - left,
          height: Math.max(...some.map((r) => r.top + r.height)) - top,
        });
  const regions = faces.map(({ keypoints }, i) => {
    const r = rects[i] ?? { left: 0, top: 0, width: 0, height: 0 };
    const cut = band && r.width > 0 && r.height > 0;
    return {
      keypoints,
      ...r,
      ...(cut ? {} : { width: 0, height: 0 }),
      pixels: cut
        ? cutRegion(band, r.left - left, r.top - top, r.width, r.height)
        : new Uint8Array(0),
    };
  });
  await inference.whenReady();
  const described = await inference.request('describeFaces', {
    dir,
    width,
    height,
    ...(shrink > 1 ? { measuredAt } : {}),
    faces: regions,
  });
  return faces.map(({ box, keypoints, score }, i) => {
    const d = described.faces[i];
    if (!d) throw new Error('the inference process described fewer faces than it was sent');
    return { box, keypoints, score, ...d };
  });
}
