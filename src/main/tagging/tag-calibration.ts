/**
 * @file Turns a photo vector into calibrated tag suggestions.
 *
 * [Note: Tag calibration]
 * Cosine similarities mean different things per model: SigLIP was trained with a sigmoid
 * loss, so p = sigmoid(scale · cos + bias) with its learned scale and bias is already a
 * per-tag probability; CLIP's softmax-trained similarities sit in a narrow band around 0.2–0.3.
 * Each catalog entry therefore carries its own (scale, bias, threshold); one threshold for all
 * models would tag nothing with one and everything with the other. A photo gets at most
 * `maxPerPhoto` suggestions, the most confident first. A concept's vector is the normalised
 * mean of its prompts (templates × names, [Note: Prompt ensembles]) in English and in the
 * user's language when the model serves it, cached per (model, language) in SQLite.
 */
import type { TaggingCalibration } from '../../shared/model-catalog';
import { dot } from '../../shared/vector-math';

// How suggestions are made is versioned: raise taggerVersion (tag-store.ts) when it changes.
export const maxPerPhoto = 5;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The calibrated suggestions for one photo vector (see [Note: Tag calibration]). */
export function suggestionsFor(
  photo: Float32Array,
  concepts: readonly { id: string; vector: Float32Array }[],
  calibration: TaggingCalibration,
): { name: string; score: number }[] {
  const scored: { name: string; score: number }[] = [];
  for (const c of concepts) {
    const p = sigmoid(calibration.scale * dot(photo, c.vector) + calibration.bias);
    if (p >= calibration.threshold) scored.push({ name: c.id, score: Math.round(p * 1e4) / 1e4 });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, maxPerPhoto);
}
