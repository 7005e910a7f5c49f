/**
 * @file Turns a photo vector into tag suggestions calibrated against the library's own scores.
 *
 * [Note: Tag calibration]
 * A cosine means different things per model: base SigLIP gives a photo's true label about
 * 0.10 and unrelated words about 0.0, CLIP about 0.30 against 0.20, and the catalog's learned
 * sigmoid(scale · cos + bias) is not fitted on photos for any real model (at SigLIP's 0.10 it
 * says p ≈ 0.005: no tags at all). So each concept is judged against its own scores over the
 * user's library, as the relevance cut judges a query ([Note: Relevance cut]):
 *
 *  1. Per model and concept, the centre (median) and spread (measured below the median, at
 *     least `minSpread`: `robustBackground`, as for queries) of the concept's cosines over
 *     an evenly spread sample of up to `sampleSize` photos (tag-statistics.ts keeps them).
 *  2. The concept's cut is centre + `zCut` · spread, blended with the catalog's prior cut
 *     (the cosine where its sigmoid reaches its threshold) by sample size: the library's
 *     weight is n / (n + n0), n0 = `priorPhotos` for a fitted prior (a library of 20 photos
 *     leans on it, one of 1,000 on itself). An unfitted prior (the training-time scale and
 *     bias: every real model today) weighs as 3 photos and may only raise the cut: it
 *     steadies the first photos, and cannot make a word that scores high on every photo
 *     (CLIP's generic words) a tag of every photo.
 *  3. A concept is suggested for a photo when its cosine reaches the cut (it stands out from
 *     the library) AND it stands out among the photo's scores for every other concept: each
 *     concept's excess over its own centre, cut as the relevance cut cuts a query's ranking
 *     (a clear gap, else robust stand-outs), and at least a stand-out over the row (for a
 *     query a gap alone suffices; for a photo of the library's usual subject the only gap
 *     may be noise). The excess stays in cosine: divided by the
 *     spread, a concept that barely varies (orange in a library without orange) would stand
 *     out for the slightest excess (a yellow photo's hint of orange). The row holds the
 *     concepts whose scores vary over the library: words the model does not know score the
 *     same on every photo, and hundreds of such zeros would make any excess look like a
 *     stand-out — in a library of one subject, whichever other concept a photo's noise
 *     lifts highest. A photo where nothing
 *     stands out gets nothing: a blank or odd photo scoring high on everything is not
 *     tagged with five random words.
 *  4. At most `maxPerPhoto`, largest margin (cosine − cut) / spread first; the score kept is
 *     sigmoid(margin) (0.5 at the cut), comparable across concepts and models.
 *
 * The statistics depend on the concept vectors (prompts, language) and on the library: they
 * are recomputed when the concept vectors change, when the tagging method changes
 * (taggerVersion), and when the library has grown or shrunk by `growthFactor` since — not per
 * photo — and every photo of the model is then tagged again (decisions stay). A concept the
 * user's library is mostly made of (over half the photos) has its centre among them and is
 * suggested only for the clearest ones: the price of needing no labels.
 *
 * A concept's vector is the normalised mean of its prompts (templates × names, [Note: Prompt
 * ensembles]) in English and in the user's language when the model serves it, cached per
 * (model, language) in SQLite.
 */
import type { TaggingCalibration } from '../../shared/model-catalog';
import { cosineNoise, relevanceFloor, robustBackground, standOutBar } from '../search/relevance';

// How suggestions are made is versioned: raise taggerVersion (tag-store.ts) when it changes.
export const maxPerPhoto = 5;
/**
 * Robust deviations above a concept's library centre where its cut lies: lower than a query's
 * (3.5) because a suggestion must also stand out among the photo's concepts.
 */
export const zCut = 2;
/** Photos sampled for a concept's statistics. */
export const sampleSize = 1000;
/** The library changes by this factor before its statistics are computed again. */
export const growthFactor = 2;
/**
 * The least spread, in cosine: below it a concept's scores do not vary with the photo (a word
 * the model does not know), and a stand-out of a thousandth would be noise.
 */
export const minSpread = cosineNoise;
/** Sample size at which the library and a fitted prior weigh the same. */
const priorPhotos = 50;
/**
 * The same for a prior that is only the training-time scale and bias, known to sit far from
 * real photos' scores (SigLIP's cuts above its own true-label cosine): it only steadies the
 * first handful of photos.
 */
const unfittedPriorPhotos = 3;

/** One concept's scores over the library sample. */
export interface ConceptStatistics {
  centre: number;
  spread: number;
}

/**
 * The vocabulary as one row-major matrix (a concept per row), scored against a photo in one
 * pass: a tagging pass is (photos × concepts × dimension) multiply-adds, the bulk of its cost.
 */
export class ConceptMatrix {
  readonly ids: readonly string[];
  readonly dimension: number;
  readonly #rows: Float32Array;

  constructor(concepts: readonly { id: string; vector: Float32Array }[]) {
    this.ids = concepts.map((c) => c.id);
    this.dimension = concepts[0]?.vector.length ?? 0;
    this.#rows = new Float32Array(concepts.length * this.dimension);
    concepts.forEach((c, i) => {
      this.#rows.set(c.vector, i * this.dimension);
    });
  }

  /** Every concept's cosine with a unit photo vector, into `out`. */
  score(photo: Float32Array, out: Float64Array = new Float64Array(this.ids.length)): Float64Array {
    const rows = this.#rows;
    const n = this.dimension;
    for (let c = 0, o = 0; c < this.ids.length; c++, o += n) {
      // Four running sums let the loop pipeline; `?? 0` is never taken (lengths match).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let d = 0;
      for (; d + 3 < n; d += 4) {
        s0 += (rows[o + d] ?? 0) * (photo[d] ?? 0);
        s1 += (rows[o + d + 1] ?? 0) * (photo[d + 1] ?? 0);
        s2 += (rows[o + d + 2] ?? 0) * (photo[d + 2] ?? 0);
        s3 += (rows[o + d + 3] ?? 0) * (photo[d + 3] ?? 0);
      }
      for (; d < n; d++) s0 += (rows[o + d] ?? 0) * (photo[d] ?? 0);
      out[c] = s0 + s1 + s2 + s3;
    }
    return out;
  }
}

/** A vocabulary ready to judge photos (see [Note: Tag calibration]), all in cosine. */
export interface CalibratedVocabulary {
  concepts: ConceptMatrix;
  /**
   * Each concept's usual score in this library, times the library's weight against the prior
   * (a photo's row compares the excesses over it; a shift common to all concepts is moot).
   */
  centre: Float64Array;
  /** Where a photo starts to stand out from the library. */
  cut: Float64Array;
  spread: Float64Array;
  /**
   * The concepts a photo's row is judged among: those whose scores vary over the library
   * (words the model knows), or every concept when fewer than `minRow` do.
   */
  row: Uint32Array;
}

/** The fewest concepts a photo's scores are compared among. */
const minRow = 8;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Centre and spread of each concept's cosines over `sample` (step 1 of the note). */
export function conceptStatistics(
  sample: readonly Float32Array[],
  concepts: ConceptMatrix,
): ConceptStatistics[] {
  const count = concepts.ids.length;
  // Concept-major, so each concept's scores are one contiguous run.
  const scores = new Float64Array(count * sample.length);
  const row = new Float64Array(count);
  sample.forEach((photo, i) => {
    concepts.score(photo, row);
    for (let c = 0; c < count; c++) scores[c * sample.length + i] = row[c] ?? 0;
  });
  return concepts.ids.map((_, c) => {
    const own = scores.subarray(c * sample.length, (c + 1) * sample.length);
    return robustBackground(own);
  });
}

/** The cosine where the catalog's sigmoid reaches its threshold (the prior's cut). */
export function priorCut({ scale, bias, threshold }: TaggingCalibration): number {
  return (Math.log(threshold / (1 - threshold)) - bias) / scale;
}

/** Each concept's cut and spread from the library's statistics and the prior (step 2). */
export function calibrate(
  concepts: ConceptMatrix,
  statistics: readonly ConceptStatistics[],
  sampled: number,
  prior: TaggingCalibration | null,
): CalibratedVocabulary {
  const n0 = prior ? (prior.fitted ? priorPhotos : unfittedPriorPhotos) : 0;
  const weight = sampled + n0 > 0 ? sampled / (sampled + n0) : 0;
  const fromPrior = prior ? priorCut(prior) : 0;
  const count = concepts.ids.length;
  const out = {
    concepts,
    centre: new Float64Array(count),
    cut: new Float64Array(count),
    spread: new Float64Array(count),
    row: new Uint32Array(0),
  };
  const varying = concepts.ids.flatMap((_, c) =>
    (statistics[c]?.spread ?? 0) > minSpread ? [c] : [],
  );
  out.row = Uint32Array.from(varying.length >= minRow ? varying : concepts.ids.map((_, c) => c));
  for (let c = 0; c < count; c++) {
    const s = statistics[c] ?? { centre: 0, spread: 0 };
    const spread = Math.max(s.spread, minSpread);
    // Weighed as the cut is: a library of one photo is no background for its own row.
    out.centre[c] = weight * s.centre;
    out.spread[c] = spread;
    const fromLibrary = s.centre + zCut * spread;
    const blended = weight * fromLibrary + (1 - weight) * fromPrior;
    // An unfitted prior may only raise the bar: below the library's own cut it would tag
    // every photo with a word whose scores are high for all of them.
    out.cut[c] = prior?.fitted === false ? Math.max(fromLibrary, blended) : blended;
  }
  return out;
}

/** The calibrated suggestions for one photo vector (steps 3–4 of [Note: Tag calibration]). */
export function suggestionsFor(
  photo: Float32Array,
  vocabulary: CalibratedVocabulary,
): { name: string; score: number }[] {
  const { concepts, centre, cut, spread, row } = vocabulary;
  const scores = concepts.score(photo);
  const count = concepts.ids.length;
  const candidates: number[] = [];
  for (let c = 0; c < count; c++) if ((scores[c] ?? 0) >= (cut[c] ?? 0)) candidates.push(c);
  if (candidates.length === 0) return [];
  // Among the photo's concepts, in cosine over each concept's usual score: dividing by the
  // spread would make a concept that barely varies stand out for the slightest excess.
  const excess = scores.map((x, c) => x - (centre[c] ?? 0));
  const background = Float64Array.from(row, (c) => excess[c] ?? 0);
  const ranked = Float64Array.from(background).sort().reverse();
  // Cut as a query's ranking is, and never below a stand-out over the row: in a library of
  // one subject a photo's only "gap" may be the noise of whichever concept it lifts highest.
  const floor = Math.max(relevanceFloor({ ranked, background }), standOutBar(background));
  const margin = (c: number) => ((scores[c] ?? 0) - (cut[c] ?? 0)) / (spread[c] ?? 1);
  return candidates
    .filter((c) => (excess[c] ?? -Infinity) >= floor)
    .map((c) => ({ name: concepts.ids[c] ?? '', margin: margin(c) }))
    .sort((a, b) => b.margin - a.margin)
    .slice(0, maxPerPhoto)
    .map(({ name, margin: m }) => ({ name, score: Math.round(sigmoid(m) * 1e4) / 1e4 }));
}
