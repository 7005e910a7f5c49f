/**
 * @file Zero-shot scoring and its report: top-1 and top-5 of photo vectors against one
 * language's class vectors, and the table (or JSON) beside the published numbers.
 *
 * A photo is right at rank k when fewer than k classes score at least as high as its own
 * class, ties counted against it: a text tower that embeds labels to the same vector (or to
 * nothing, as test-tiny does for every word that is not a colour) earns no lucky hits.
 */
import { dot } from '../../src/shared/vector-math';

/** How one language scored. */
export interface LanguageScore {
  /** The language as asked for (the Babel code: DE, ZH…). */
  lang: string;
  prompts: string;
  classes: number;
  photos: number;
  correct1: number;
  correct5: number;
  /** Fractions of `photos` (0 when there are none). */
  top1: number;
  top5: number;
  /** Half-width of the 95 % interval of top1 from this many photos (normal approximation). */
  ci95: number;
  published: { prompts: string; top1: number } | null;
  /** top1 − published top1, in fractions; null without a published number. */
  diff: number | null;
}

/** The rank of the true class for one photo (1 = best), ties counted against it. */
export function rankOf(
  photo: Float32Array,
  classVectors: readonly Float32Array[],
  truth: number,
): number {
  const own = dot(photo, classVectors[truth] ?? new Float32Array());
  let rank = 1;
  classVectors.forEach((c, i) => {
    if (i !== truth && dot(photo, c) >= own) rank++;
  });
  return rank;
}

/**
 * Scores `photos` (vector and index into `classVectors` of their true class) for one
 * language; `published` is the number to compare with, if any.
 */
export function scoreLanguage(
  lang: string,
  prompts: string,
  photos: readonly { vector: Float32Array; truth: number }[],
  classVectors: readonly Float32Array[],
  published: { prompts: string; top1: number } | null,
): LanguageScore {
  let correct1 = 0;
  let correct5 = 0;
  for (const p of photos) {
    const rank = rankOf(p.vector, classVectors, p.truth);
    if (rank <= 1) correct1++;
    if (rank <= 5) correct5++;
  }
  const n = photos.length;
  const top1 = n > 0 ? correct1 / n : 0;
  return {
    lang,
    prompts,
    classes: classVectors.length,
    photos: n,
    correct1,
    correct5,
    top1,
    top5: n > 0 ? correct5 / n : 0,
    ci95: n > 0 ? 1.96 * Math.sqrt((top1 * (1 - top1)) / n) : 0,
    published,
    diff: published ? top1 - published.top1 : null,
  };
}

const pct = (x: number) => (100 * x).toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;

/** The plain-text table of one prompt set's results, one row per language. */
export function formatTable(
  model: string,
  prompts: string,
  scores: readonly LanguageScore[],
): string {
  const header = ['lang', 'classes', 'photos', 'top-1', '±95%', 'top-5', 'published', 'Δ top-1'];
  const rows = scores.map((s) => [
    s.lang.toLowerCase(),
    String(s.classes),
    String(s.photos),
    pct(s.top1),
    pct(s.ci95),
    pct(s.top5),
    s.published ? `${pct(s.published.top1)} (${s.published.prompts})` : '—',
    s.diff === null ? '—' : signed(s.diff),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    `${model} · prompts: ${prompts} · top-1/top-5 in % of the photos of each language's classes`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
