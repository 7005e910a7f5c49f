/**
 * @file Which photos are duplicates of which, and the groups they form, as plain functions
 * over hashes, capture times and vector agreement (no database, no files).
 *
 * [Note: Near-duplicates]
 * A user deletes photos on this advice, so every claim needs its own evidence:
 *  - same file: one photo (identity by content, see [Note: Photo identity]) present in several
 *    files. Listed with every path so the user can choose which to keep; the photo, its tags
 *    and at least one file always stay.
 *  - exact / near: pixel evidence AND vector agreement, never either alone. The pixel evidence
 *    is the 64-bit DCT hash (see perceptual-hash.ts): resized and re-encoded copies differ by
 *    0–4 bits, unrelated pictures of the ImageNet sample by 16 or more, where the difference
 *    hash put a lipstick 6 bits from a punching bag. `near` allows `maxNearBits` bits and needs
 *    cos ≥ `duplicateCos`; `exact` also needs equal difference hashes, equal dimensions and
 *    cos ≥ `exactCos`. Only `near` shows a percentage: the share of hash bits it keeps, which
 *    unrelated pictures put near 50 %.
 *  - burst: other shots seconds apart. Both photos need a real capture time (EXIF original or
 *    digitized: a file time or an EXIF "modified" time says when a file was written, and
 *    thousands of files share one), at most `burstWindowMs` apart, the same camera (one
 *    instant shared by two photos only counts when a camera wrote it), cos ≥ `burstCos`, and
 *    different pixels (else the pair is a copy).
 * Groups never chain: pairs are not joined transitively (one photo like the next, like the
 * next… linked 366 unrelated photos). Photos are ranked best copy first (most pixels, then
 * sharpest, then largest file); the best photo not yet in a group takes every unplaced photo
 * that matches it directly, so each member matches the group's best copy by itself, and the
 * group's kind is its loosest match. Pairs the user called "not duplicates" are no evidence.
 * Candidate pairs come from two cheap indexes instead of every pair: real capture times
 * sorted, and the DCT hash split into four 16-bit bands, looked up with each band as it is and
 * with one bit flipped (two hashes within 7 bits share a band up to one bit).
 */
import { hammingDistance, hashBits } from '../library/perceptual-hash';

export const burstWindowMs = 120_000;
export const maxNearBits = 6;
export const duplicateCos = 0.9;
export const exactCos = 0.98;
export const burstCos = 0.92;
/** A hash band shared by more photos than this is a flat or blank image: no evidence. */
const maxBandBucket = 64;
/** Capture-time sources that say when the picture was taken (see [Note: Capture time]). */
const realCaptureSources = new Set(['exif-original', 'exif-digitized']);

/** What the pair rules read of a photo. */
export interface PairPhoto {
  id: number;
  phash: string | null;
  dhash: string | null;
  width: number | null;
  height: number | null;
  capturedAtUtc: number | null;
  captureSource: string | null;
  camera: string | null;
}

export type PhotoMatch = 'exact' | 'near' | 'burst';

export interface PairMatch {
  match: PhotoMatch;
  /** Share of DCT hash bits the two keep (0..1). */
  pixelAgreement: number;
}

/** How `a` and `b` match (see [Note: Near-duplicates]), given their vectors' cosine; null: not at all. */
export function matchPair(a: PairPhoto, b: PairPhoto, cos: number): PairMatch | null {
  const bits = a.phash && b.phash ? hammingDistance(a.phash, b.phash) : hashBits;
  const pixelAgreement = 1 - bits / hashBits;
  if (bits <= maxNearBits && cos >= duplicateCos) {
    const exact =
      bits === 0 &&
      a.dhash !== null &&
      a.dhash === b.dhash &&
      a.width === b.width &&
      a.height === b.height &&
      cos >= exactCos;
    return { match: exact ? 'exact' : 'near', pixelAgreement };
  }
  if (
    bits > maxNearBits &&
    cos >= burstCos &&
    a.capturedAtUtc !== null &&
    b.capturedAtUtc !== null &&
    realCaptureSources.has(a.captureSource ?? '') &&
    realCaptureSources.has(b.captureSource ?? '') &&
    Math.abs(a.capturedAtUtc - b.capturedAtUtc) <= burstWindowMs &&
    a.camera === b.camera &&
    (a.capturedAtUtc !== b.capturedAtUtc || a.camera !== null)
  )
    return { match: 'burst', pixelAgreement };
  return null;
}

/** The unordered key of a pair of photo ids. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${String(a)}:${String(b)}` : `${String(b)}:${String(a)}`;
}

/** Index pairs into `photos` worth comparing: real capture times close, or DCT hashes close. */
export function candidatePairs(photos: readonly PairPhoto[]): [number, number][] {
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const add = (a: number, b: number) => {
    const key = pairKey(a, b);
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push(a < b ? [a, b] : [b, a]);
  };
  const timed = photos
    .map((p, i) => ({ i, t: p.capturedAtUtc, real: realCaptureSources.has(p.captureSource ?? '') }))
    .filter((x): x is { i: number; t: number; real: true } => x.real && x.t !== null)
    .sort((x, y) => x.t - y.t);
  for (let x = 0; x < timed.length; x++) {
    const from = timed[x];
    if (!from) continue;
    for (let y = x + 1; y < timed.length && y <= x + 50; y++) {
      const to = timed[y];
      if (!to || to.t - from.t > burstWindowMs) break;
      add(from.i, to.i);
    }
  }
  for (let band = 0; band < 4; band++) {
    const buckets = new Map<number, number[]>();
    const bandOf = (p: PairPhoto) =>
      p.phash ? Number.parseInt(p.phash.slice(band * 4, band * 4 + 4), 16) : null;
    photos.forEach((p, i) => {
      const key = bandOf(p);
      if (key === null) return;
      const bucket = buckets.get(key) ?? [];
      bucket.push(i);
      buckets.set(key, bucket);
    });
    photos.forEach((p, i) => {
      const key = bandOf(p);
      if (key === null) return;
      for (let flip = -1; flip < 16; flip++) {
        const bucket = buckets.get(flip < 0 ? key : key ^ (1 << flip));
        if (!bucket || bucket.length > maxBandBucket) continue;
        for (const j of bucket) add(i, j);
      }
    });
  }
  return pairs;
}

export interface StarGroup {
  bestId: number;
  members: { id: number; match: PairMatch }[];
}

/**
 * Groups without chaining (see [Note: Near-duplicates]): `ranked` lists photo ids best copy
 * first; `matches` holds each matching pair by pairKey.
 */
export function starGroups(
  ranked: readonly number[],
  matches: ReadonlyMap<string, PairMatch>,
): StarGroup[] {
  const neighbours = new Map<number, number[]>();
  for (const key of matches.keys()) {
    const [a, b] = key.split(':').map(Number) as [number, number];
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
    neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
  }
  const placed = new Set<number>();
  const groups: StarGroup[] = [];
  for (const best of ranked) {
    if (placed.has(best)) continue;
    const members = (neighbours.get(best) ?? []).flatMap((id) => {
      const match = matches.get(pairKey(best, id));
      return placed.has(id) || !match ? [] : [{ id, match }];
    });
    if (members.length === 0) continue;
    placed.add(best);
    for (const m of members) placed.add(m.id);
    groups.push({ bestId: best, members });
  }
  return groups;
}
