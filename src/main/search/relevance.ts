/**
 * @file Where relevance ends in one query's ranked scores.
 *
 * [Note: Relevance cut]
 * A flat similarity threshold fails (Immich #5996, #15973): scores depend on the model, the
 * language and the query. Instead each query is judged against its own score distribution:
 *
 *  1. A clear gap. If the largest drop between neighbouring ranked scores is at least a
 *     quarter of the whole score range and five times the average drop, the results above it
 *     are a group apart ("red" over a library of red, blue and green photos).
 *  2. Otherwise, stand-outs over the background. The background is the library's score for
 *     this query at large: median and robust spread (MAD) of a spread-out sample of photos,
 *     not of the top hits. Results at least `zCut` robust deviations above the median are
 *     relevant ("a dog on the beach" among holiday photos).
 *  3. Otherwise nothing stands out ("photo", "everything"): every result is relevant and
 *     the order by meaning is all there is.
 *
 * The cut is judged on the whole library's ranking and applied as a score floor to the
 * filtered results: "red 2021" lists the red photos of 2021, and none when 2021 has no red
 * photo (rather than "everything of 2021", which a cut on the filtered scores would give).
 * Results below the cut are not dropped: the UI lists them after a "more results" line.
 */

export interface RelevanceInput {
  /** Scores of the ranked results, best first. */
  ranked: readonly number[];
  /** Scores of a sample of the whole (filtered) library for the same query. */
  background: readonly number[];
}

const zCut = 3.5;
const minGapShareOfRange = 0.25;
const minGapOverMeanGap = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** How many of the ranked results are relevant (see [Note: Relevance cut]). */
export function relevantCount(input: RelevanceInput): number {
  const floor = relevanceFloor(input);
  return input.ranked.filter((s) => s >= floor).length;
}

/**
 * The lowest relevant score for this query (see [Note: Relevance cut]); -Infinity when nothing
 * stands out and every result counts.
 */
export function relevanceFloor({ ranked, background }: RelevanceInput): number {
  const n = ranked.length;
  if (n <= 1) return -Infinity;
  const top = ranked[0] ?? 0;
  const range = top - (ranked[n - 1] ?? 0);
  if (range <= 1e-6) return -Infinity;

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
  if (gap >= minGapShareOfRange * range && gap >= minGapOverMeanGap * meanGap)
    return ((ranked[gapAt] ?? 0) + (ranked[gapAt + 1] ?? 0)) / 2;

  const sample = background.length >= 8 ? background : ranked;
  const centre = median(sample);
  const spread = 1.4826 * median(sample.map((s) => Math.abs(s - centre)));
  if (spread > 1e-6) {
    const bar = centre + zCut * spread;
    if (top >= bar) return bar;
  }
  return -Infinity;
}
