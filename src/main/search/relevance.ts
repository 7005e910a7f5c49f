/**
 * @file Where relevance ends in one query's ranked scores.
 *
 * [Note: Relevance cut]
 * A flat similarity threshold fails (Immich #5996, #15973): scores depend on the model, the
 * language and the query. Instead each query is judged against its own score distribution:
 *
 *  1. A clear gap. If the largest drop between neighbouring ranked scores is at least a
 *     quarter of the whole score range, five times the average drop and the spread of the
 *     scores above it, the results above it are a group apart ("red" over a library of red,
 *     blue and green photos — or of 1,000 red photos and 40 others, where the background's
 *     median is red and only the gap tells).
 *  2. Otherwise, stand-outs over the background. The background is the library's score for
 *     this query at large: median and robust spread of a spread-out sample of photos (see
 *     `robustBackground`), not of the top hits. Results at least `zCut` robust deviations
 *     above the median are relevant ("a dog on the beach" among holiday photos).
 *  3. Otherwise nothing stands out ("photo", "everything"): every result is relevant and
 *     the order by meaning is all there is.
 *
 * The cut is judged on the whole library's ranking and applied as a score floor to the
 * filtered results: "red 2021" lists the red photos of 2021, and none when 2021 has no red
 * photo (rather than "everything of 2021", which a cut on the filtered scores would give).
 * Results below the cut are not dropped: the UI lists them after a "more results" line.
 *
 * Differences smaller than `noise` mean nothing, whatever the distribution: a gap must be at
 * least twice it, and the background's spread counts as at least it. Without this a query
 * the model does not understand, scoring every photo within a thousandth of CLIP's 0.2,
 * split the library at its largest thousandth-wide "gap". For cosines it is `cosineNoise`
 * (the tagger's per-photo cut over concepts uses it too: [Note: Tag calibration]).
 */

export interface RelevanceInput {
  /** Scores of the ranked results, best first. */
  ranked: ArrayLike<number>;
  /** Scores of a sample of the whole (filtered) library for the same query. */
  background: ArrayLike<number>;
  /** The smallest score difference that means anything (default `cosineNoise`). */
  noise?: number;
}

/**
 * The smallest cosine difference that tells photos apart for any CLIP-family model: a tenth of
 * the ≈ 0.05–0.1 between a true label and unrelated words, below the spread of any concept
 * over real photos.
 */
export const cosineNoise = 0.005;

const zCut = 3.5;
const minGapShareOfRange = 0.25;
const minGapOverMeanGap = 5;

function median(values: ArrayLike<number>): number {
  // A typed array sorts numerically, and far faster than an array with a comparator.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The centre (median) and spread of a score distribution that is mostly background with
 * matches in its upper tail. The spread is measured on the lower half only (1.4826 × the
 * median distance below the median: σ for a normal background): the matches sit above, and
 * when they are a large share — a third of the library red, a concept most photos show — a
 * two-sided MAD would count them as spread and let nothing stand out.
 */
export function robustBackground(values: ArrayLike<number>): { centre: number; spread: number } {
  const centre = median(values);
  const below = Array.from(values)
    .filter((s) => s <= centre)
    .map((s) => centre - s);
  return { centre, spread: 1.4826 * median(below) };
}

/** How many of the ranked results are relevant (see [Note: Relevance cut]). */
export function relevantCount(input: RelevanceInput): number {
  const floor = relevanceFloor(input);
  return Array.from(input.ranked).filter((s) => s >= floor).length;
}

/**
 * The lowest relevant score for this query (see [Note: Relevance cut]); -Infinity when nothing
 * stands out and every result counts.
 */
export function relevanceFloor({
  ranked,
  background,
  noise = cosineNoise,
}: RelevanceInput): number {
  const n = ranked.length;
  if (n <= 1) return -Infinity;
  const top = ranked[0] ?? 0;
  const range = top - (ranked[n - 1] ?? 0);
  if (range < 2 * noise) return -Infinity;

  let gapAt = -1;
  let gap = 0;
  for (let i = 0; i < n - 1; i++) {
    const d = (ranked[i] ?? 0) - (ranked[i + 1] ?? 0);
    if (d > gap) {
      gap = d;
      gapAt = i;
    }
  }
  const meanGap = range / (n - 1);
  const gapFloor = ((ranked[gapAt] ?? 0) + (ranked[gapAt + 1] ?? 0)) / 2;
  if (
    gap >= 2 * noise &&
    gap >= minGapShareOfRange * range &&
    gap >= minGapOverMeanGap * meanGap &&
    // A group apart is tighter than the drop below it; a drop under a wide spread of scores
    // (the stand-outs and most of the library above a few odd photos) is step 2's to judge.
    gap >= top - (ranked[gapAt] ?? 0)
  )
    return gapFloor;

  const bar = standOutBar(background.length >= 8 ? background : ranked, noise);
  return top >= bar ? bar : -Infinity;
}

/**
 * The score from which a result stands out over `background` (step 2 of [Note: Relevance
 * cut]), whatever the gaps: centre + `zCut` robust deviations, the spread at least `noise`.
 */
export function standOutBar(background: ArrayLike<number>, noise = cosineNoise): number {
  const { centre, spread } = robustBackground(background);
  return centre + zCut * Math.max(noise, spread);
}
