/**
 * [Note: Tag calibration] on synthetic libraries whose cosines are those of real models: a
 * photo gets what it shows and nothing else at 20 and 1,000 photos in both regimes, a tiny or
 * one-subject library gets nothing absurd, and the catalog prior only steadies the start.
 */
import { describe, expect, it } from 'vitest';
import { normalise } from '../../shared/vector-math';
import {
  calibrate,
  ConceptMatrix,
  conceptStatistics,
  maxPerPhoto,
  priorCut,
  suggestionsFor,
} from './tag-calibration';

const dimension = 128;
/**
 * Concepts 0–59 are words the model knows (photos here show only 0–9, as a library shows a
 * few of the vocabulary's concepts); 60–109 words it does not know (one vector for all).
 */
const known = 60;
const shown = 10;
const unknown = 50;

let seed = 11;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
/** A standard normal draw (Box–Muller). */
const gaussian = () =>
  Math.sqrt(-2 * Math.log(random() + 0.5 + 1e-12)) * Math.cos(2 * Math.PI * (random() + 0.5));
interface Regime {
  name: string;
  /** The offset every photo–word cosine shares (CLIP's ≈ 0.2). */
  shared: number;
  prior: { scale: number; bias: number; threshold: number; fitted: boolean };
}
const siglip: Regime = {
  name: 'SigLIP-like',
  shared: 0,
  prior: { scale: 112, bias: -16.5, threshold: 0.1, fitted: false },
};
const clip: Regime = {
  name: 'CLIP-like',
  shared: 0.2,
  prior: { scale: 50, bias: -14, threshold: 0.3, fitted: false },
};

/** Word vectors: axis k (scaled) plus the shared direction (the last axis). */
function concepts(regime: Regime) {
  const sharedAxis = dimension - 1;
  const word = (k: number | null) =>
    normalise(
      Float32Array.from({ length: dimension }, (_, d) => {
        if (d === sharedAxis) return Math.sqrt(regime.shared);
        return k !== null && d === k ? Math.sqrt(1 - regime.shared) : 0;
      }),
    );
  return [
    ...Array.from({ length: known }, (_, k) => ({ id: `c${String(k)}`, vector: word(k) })),
    ...Array.from({ length: unknown }, (_, k) => ({ id: `u${String(k)}`, vector: word(null) })),
  ];
}

/**
 * A photo showing `things`: ≈ 0.10 cosine with each, ± 0.02 with every other concept, the
 * regime's offset, the rest in the photo's own directions.
 */
function photo(regime: Regime, things: readonly number[]): Float32Array {
  const v = new Float32Array(dimension);
  const signal = 0.1 / Math.sqrt(1 - regime.shared);
  for (let k = 0; k < known; k++) v[k] = (things.includes(k) ? signal : 0) + 0.02 * gaussian();
  v[dimension - 1] = Math.sqrt(regime.shared);
  for (let d = known; d < dimension - 1; d++) v[d] = random();
  const used = v.reduce((s, x, d) => s + (d < known || d === dimension - 1 ? x * x : 0), 0);
  const rest = Math.sqrt(
    v.reduce((s, x, d) => s + (d >= known && d < dimension - 1 ? x * x : 0), 0),
  );
  for (let d = known; d < dimension - 1; d++) v[d] = ((v[d] ?? 0) / rest) * Math.sqrt(1 - used);
  return v;
}

function library(regime: Regime, photos: readonly (readonly number[])[]) {
  const matrix = new ConceptMatrix(concepts(regime));
  const vectors = photos.map((things) => photo(regime, things));
  const vocabulary = calibrate(
    matrix,
    conceptStatistics(vectors, matrix),
    vectors.length,
    regime.prior,
  );
  return vectors.map((v) => suggestionsFor(v, vocabulary).map((s) => s.name));
}

describe.each([siglip, clip])('$name', (regime) => {
  // True labels ≈ 5 deviations above the rest (SigLIP's 0.10 against ± 0.02), as real models'
  // zero-shot scores are: the tails of 60 concepts' noise make a rare wrong suggestion.
  it.each([20, 1000])('%i photos: what each shows, rarely anything else', (n) => {
    const things = Array.from({ length: n }, (_, i) => [i % shown]);
    const tags = library(regime, things);
    const all = tags.flat().length;
    const wrong = tags.flatMap((t, i) => t.filter((name) => name !== `c${String(things[i]?.[0])}`));
    const found = tags.filter((t, i) => t.includes(`c${String(things[i]?.[0])}`)).length;
    // Measured: 20% (SigLIP-like) and 10% (CLIP-like) of suggestions at 20 photos, when
    // each word's centre and spread come from 20 scores; 5% at 1,000.
    expect(wrong.length / all).toBeLessThan(n < 100 ? 0.25 : 0.06);
    expect(found / n).toBeGreaterThan(0.75);
  });

  // Measured: 1–2 photos of 20 get one noise word (the subject itself is the usual score).
  it('a 20-photo library of one subject: at most two photos get a word they do not show', () => {
    const tags = library(
      regime,
      Array.from({ length: 20 }, () => [3]),
    );
    expect(tags.filter((t) => t.some((name) => name !== 'c3')).length).toBeLessThanOrEqual(2);
    expect(tags.every((t) => t.length <= 1)).toBe(true);
  });

  it('a photo scoring far above the library on every concept alike gets nothing', () => {
    // Only the words it knows: every one of them scores alike on this photo.
    const matrix = new ConceptMatrix(concepts(regime).slice(0, known));
    const sample = Array.from({ length: 200 }, (_, i) => photo(regime, [i % shown]));
    const vocabulary = calibrate(
      matrix,
      conceptStatistics(sample, matrix),
      sample.length,
      regime.prior,
    );
    const everything = photo(
      regime,
      Array.from({ length: known }, (_, k) => k),
    );
    const alike = normalise(everything.map((x, d) => (d < known ? 0.3 : x)));
    expect(suggestionsFor(alike, vocabulary)).toEqual([]);
  });
});

describe('the catalog prior', () => {
  it('puts the cut where its sigmoid reaches the threshold', () => {
    expect(priorCut(siglip.prior)).toBeCloseTo(0.1277, 3);
    expect(priorCut(clip.prior)).toBeCloseTo(0.263, 3);
  });

  it('decides alone with no photo, and weighs less as the library grows', () => {
    const matrix = new ConceptMatrix(concepts(siglip));
    const stats = matrix.ids.map(() => ({ centre: 0, spread: 0.02 }));
    const cut = (n: number, fitted: boolean) =>
      calibrate(matrix, stats, n, { ...siglip.prior, fitted }).cut[0] ?? NaN;
    expect(cut(0, false)).toBeCloseTo(priorCut(siglip.prior), 6);
    expect(cut(1000, false)).toBeCloseTo(0.04, 2);
    expect(cut(20, true)).toBeGreaterThan(cut(20, false));
    // SigLIP's true-label cosine (≈ 0.10) is under the unfitted prior's cut: alone it tags nothing.
    const tags = suggestionsFor(photo(siglip, [0]), calibrate(matrix, [], 0, siglip.prior));
    expect(tags).toEqual([]);
  });

  it('suggests at most maxPerPhoto, only what the photo shows, the largest margin first', () => {
    const matrix = new ConceptMatrix(concepts(siglip));
    const sample = Array.from({ length: 500 }, (_, i) => photo(siglip, [i % shown]));
    const vocabulary = calibrate(matrix, conceptStatistics(sample, matrix), 500, siglip.prior);
    const busy = [0, 1, 2, 3, 4, 5, 6, 7];
    const tags = suggestionsFor(photo(siglip, busy), vocabulary);
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.length).toBeLessThanOrEqual(maxPerPhoto);
    expect(tags.every((t) => busy.includes(Number(t.name.slice(1))))).toBe(true);
    expect(tags.map((t) => t.score)).toEqual([...tags.map((t) => t.score)].sort((a, b) => b - a));
    expect(tags.every((t) => t.score >= 0.5)).toBe(true);
  });
});
