/**
 * @file A photo's faces the cheap way ([Note: Faces stage]): found in its small detection
 * input, described from the regions of the reference their chips need; the reference is
 * rendered only when there is a face.
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
  /** The reference's pixels in `rect` (renderReferenceRect). */
  render: (rect: PixelRect) => Promise<FacePixels>;
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
  const { width, height } = reference;
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
      : await reference.render({
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
    faces: regions,
  });
  return faces.map(({ box, keypoints, score }, i) => {
    const d = described.faces[i];
    if (!d) throw new Error('the inference process described fewer faces than it was sent');
    return { box, keypoints, score, ...d };
  });
}
