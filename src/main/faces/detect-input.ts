/**
 * @file A photo's 512 px detection input for the stages that look at it first (faces, text):
 * ingest's hand-over when it is there ([Note: Faces input handoff]), else rendered from the
 * original the same way; and the error that says the photo itself could not be decoded.
 */
import type { PhotoFormat } from '../library/image-format';
import { decodeFile, type DecodeHelpers, type DecodedImage } from '../library/decode-image';
import type { FaceInputCache } from './face-input-cache';
import { detectPixels, renderDetectInput, type FacePixels } from './face-input';

/** The photo could not be decoded: a final problem, unlike a failure of the models. */
export class Undecodable extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** `work`, its failure turned into Undecodable. */
export async function undecodable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof Undecodable ? error : new Undecodable(error);
  }
}

/**
 * The detection input of `job`'s photo; `decoded` is set when the original had to be decoded
 * (kept for what the stage renders next). Undecodable when the photo cannot be decoded.
 */
export async function detectInputOf(
  job: { fingerprint: string; path: string; format: PhotoFormat; orientation: number | null },
  inputs: FaceInputCache | undefined,
  helpers: DecodeHelpers,
): Promise<{ input: FacePixels; decoded?: DecodedImage }> {
  const handed = await inputs?.read(job.fingerprint);
  if (handed) {
    try {
      return { input: await detectPixels(handed) };
    } catch {
      // A damaged file (a disk error): the original is still there.
    }
  }
  const decoded = await undecodable(decodeFile(job, helpers));
  return { input: await undecodable(renderDetectInput(decoded).then(detectPixels)), decoded };
}
