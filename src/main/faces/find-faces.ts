/**
 * @file A photo's faces the cheap way ([Note: Faces stage]): found in its small detection
 * input, described from the regions of the reference their chips need; the reference is
 * rendered only when there is a face.
 */
import type { InferenceClient } from '../inference/inference-client';
import type { FoundFace } from '../../shared/worker-protocol';
import { cutRegion, type FacePixels } from './face-input';

export interface FindFacesInput {
  inference: InferenceClient;
  /** The folder of the shipped face models. */
  dir: string;
  /** The detection input (detectPixels). */
  detect: FacePixels;
  /** The long side of the reference the detection levels are planned for, when known. */
  sourceLongSide?: number;
  /** The photo at the reference size (renderFacePixels); asked for only when faces are found. */
  reference: () => Promise<FacePixels>;
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
  const regions = faces.map(({ keypoints, region }) => {
    const left = Math.max(0, Math.floor(region.x * width));
    const top = Math.max(0, Math.floor(region.y * height));
    const w = Math.max(0, Math.min(width, Math.ceil((region.x + region.width) * width)) - left);
    const h = Math.max(0, Math.min(height, Math.ceil((region.y + region.height) * height)) - top);
    return {
      keypoints,
      left,
      top,
      width: w,
      height: h,
      pixels: cutRegion(reference, left, top, w, h),
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
