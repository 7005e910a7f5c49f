/**
 * @file Similar photos (nearest neighbours of a photo's vector) and near-duplicate groups.
 *
 * [Note: Near-duplicates]
 * Byte-identical copies are already one photo (see [Note: Photo identity]); what is left are
 * re-encoded or resized copies and bursts. Comparing every pair of vectors would be
 * quadratic, so candidate pairs come from two cheap indexes: capture times (photos taken
 * within `burstWindowMs` of each other) and the 64-bit difference hash split into four
 * 16-bit bands (two hashes within 3 bits share a band). A candidate pair is
 *  - a duplicate ("exact") when the hashes differ by at most `maxDuplicateBits` and the
 *    vectors agree (cos ≥ `duplicateCos`): the same picture, whatever its file;
 *  - a burst when the vectors agree (cos ≥ `burstCos`) and the shots are seconds apart but the
 *    pixels differ: same scene, different moments.
 * Pairs join into groups; each group suggests the copy to keep (most pixels, then sharpest,
 * then largest file). Nothing is ever deleted here.
 */
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { AppFailure } from '../../shared/result';
import type { DuplicateGroup, SimilarValue } from '../../shared/search-schemas';
import { dot } from '../../shared/vector-math';
import { all, pluck, sql } from '../db/sql';
import { searchGapMessage } from './search-gap';
import type { EmbeddingService, SearchModel } from '../embeddings/embedding-service';
import { hammingDistance, thumbPath } from '../library/thumbnails';
import { photoOnDisk, photoPath, resolvePhoto, type PhotoRef } from '../library/photo-query';

const burstWindowMs = 120_000;
const maxDuplicateBits = 6;
const duplicateCos = 0.9;
const burstCos = 0.92;
/** A hash band shared by more photos than this is a flat or blank image: no evidence. */
const maxBandBucket = 64;

/** A photo as duplicates() reads it (camelCase aliases of `photos` columns). */
interface PhotoRow {
  id: number;
  path: string | null;
  fingerprint: string;
  capturedAtUtc: number | null;
  capturedAt: string | null;
  dhash: string | null;
  width: number | null;
  height: number | null;
  bytes: number;
}

export class SimilarPhotos {
  constructor(
    private readonly db: Database.Database,
    private readonly embeddings: EmbeddingService,
    private readonly thumbsDir: string,
  ) {}

  #model(): SearchModel {
    const model = this.embeddings.searchModel();
    if (!model) {
      const photos = pluck<number>(this.db, sql`SELECT count(*) FROM photos`) ?? 0;
      throw new AppFailure('unavailable', searchGapMessage(this.embeddings.searchGap(), photos));
    }
    return model;
  }

  #vector(model: SearchModel, photoId: number): Float32Array {
    const vector = model.index.vectorOf(photoId);
    if (!vector)
      throw new AppFailure(
        'unavailable',
        'This photo has not been embedded yet; try again when indexing has finished.',
      );
    return vector;
  }

  similar(ref: PhotoRef, limit = 50): SimilarValue {
    const photo = resolvePhoto(this.db, ref);
    const model = this.#model();
    const vector = this.#vector(model, photo.id);
    // The photo itself is its own nearest neighbour: one more, then the listable ones.
    const nearest = model.index.nearest(vector, limit + 1);
    const distanceOf = new Map(nearest.map((n) => [n.photoId, n.distance]));
    const rows = all<Pick<PhotoRow, 'id' | 'path' | 'capturedAt'>>(
      this.db,
      sql`SELECT p.id, ${photoPath} AS path, p.captured_at AS capturedAt
            FROM json_each(${JSON.stringify([...distanceOf.keys()])}) c JOIN photos p ON p.id = c.value
           WHERE p.state = 'ready' AND p.id <> ${photo.id} AND ${photoOnDisk}`,
    );
    const ranked = rows
      .map((r) => ({ ...r, distance: distanceOf.get(r.id) ?? 1 }))
      .sort((a, b) => a.distance - b.distance || a.id - b.id);
    return {
      photo,
      model: model.id,
      results: ranked.slice(0, limit).map(({ distance, ...r }) => ({
        ...r,
        score: Math.round((1 - distance) * 1e4) / 1e4,
      })),
    };
  }

  /** Near-duplicate and burst groups (see [Note: Near-duplicates]), largest first. */
  async duplicates(): Promise<DuplicateGroup[]> {
    const model = this.#model();
    const embedded = model.index.hasVector();
    const photos = all<PhotoRow>(
      this.db,
      sql`SELECT p.id, ${photoPath} AS path, p.fingerprint, p.captured_at_utc AS capturedAtUtc,
                 p.captured_at AS capturedAt, p.dhash, p.width, p.height, p.size AS bytes
            FROM photos p
           WHERE p.state = 'ready' AND ${embedded} AND ${photoOnDisk}
           ORDER BY p.captured_at_utc, p.id`,
    );
    const pairs = candidatePairs(photos);
    const vectorOf = new Map<number, Float32Array>();
    const vector = (id: number) => {
      let v = vectorOf.get(id);
      if (!v) {
        // Listed photos have a vector; an empty one (the photo just forgotten) matches nothing.
        v = model.index.vectorOf(id) ?? new Float32Array(model.dimension);
        vectorOf.set(id, v);
      }
      return v;
    };
    const parent = new Map<number, number>();
    const find = (x: number): number => {
      const p = parent.get(x) ?? x;
      if (p === x) return x;
      const root = find(p);
      parent.set(x, root);
      return root;
    };
    const edges: { a: number; b: number; cos: number; exact: boolean }[] = [];
    for (const [a, b] of pairs) {
      const pa = photos[a];
      const pb = photos[b];
      if (!pa || !pb) continue;
      // Stored vectors are unit length: the dot product is the cosine.
      const cos = dot(vector(pa.id), vector(pb.id));
      const bits = pa.dhash && pb.dhash ? hammingDistance(pa.dhash, pb.dhash) : 64;
      const exact = bits <= maxDuplicateBits && cos >= duplicateCos;
      const close =
        pa.capturedAtUtc !== null &&
        pb.capturedAtUtc !== null &&
        Math.abs(pa.capturedAtUtc - pb.capturedAtUtc) <= burstWindowMs;
      if (exact || (close && cos >= burstCos)) {
        edges.push({ a: pa.id, b: pb.id, cos, exact });
        parent.set(find(pa.id), find(pb.id));
      }
    }
    const byRoot = new Map<number, { ids: Set<number>; cos: number; exact: boolean }>();
    for (const e of edges) {
      const root = find(e.a);
      const g = byRoot.get(root) ?? { ids: new Set<number>(), cos: 1, exact: true };
      g.ids.add(e.a).add(e.b);
      g.cos = Math.min(g.cos, e.cos);
      g.exact &&= e.exact;
      byRoot.set(root, g);
    }
    const rowById = new Map(photos.map((p) => [p.id, p]));
    const groups: DuplicateGroup[] = [];
    for (const g of byRoot.values()) {
      const members = [...g.ids].flatMap((id) => rowById.get(id) ?? []);
      const described = await Promise.all(
        members.map(async (p) => ({
          id: p.id,
          path: p.path,
          width: p.width,
          height: p.height,
          bytes: p.bytes,
          sharpness: await this.#sharpness(p.fingerprint),
          capturedAt: p.capturedAt,
        })),
      );
      const best = [...described].sort(
        (x, y) =>
          (y.width ?? 0) * (y.height ?? 0) - (x.width ?? 0) * (x.height ?? 0) ||
          y.sharpness - x.sharpness ||
          y.bytes - x.bytes ||
          x.id - y.id,
      )[0];
      groups.push({
        kind: g.exact ? 'exact' : 'burst',
        photos: described.sort((x, y) => x.id - y.id),
        bestId: best?.id ?? 0,
        similarity: Math.round(g.cos * 1e4) / 1e4,
      });
    }
    return groups.sort((a, b) => b.photos.length - a.photos.length || a.bestId - b.bestId);
  }

  /** Focus measure: spread of the Laplacian over the grid thumbnail (0 when unreadable). */
  async #sharpness(fingerprint: string): Promise<number> {
    try {
      const stats = await sharp(thumbPath(this.thumbsDir, fingerprint, 'grid'))
        .greyscale()
        .convolve({ width: 3, height: 3, kernel: [0, 1, 0, 1, -4, 1, 0, 1, 0], offset: 128 })
        .stats();
      return Math.round((stats.channels[0]?.stdev ?? 0) * 100) / 100;
    } catch {
      return 0;
    }
  }
}

/** Index pairs (into `photos`, sorted by capture time) worth comparing. */
function candidatePairs(photos: readonly PhotoRow[]): [number, number][] {
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const add = (a: number, b: number) => {
    const key = a < b ? `${String(a)}:${String(b)}` : `${String(b)}:${String(a)}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push(a < b ? [a, b] : [b, a]);
  };
  // Shots close in time.
  for (let i = 0; i < photos.length; i++) {
    const t = photos[i]?.capturedAtUtc;
    if (t === null || t === undefined) continue;
    for (let j = i + 1; j < photos.length && j <= i + 50; j++) {
      const u = photos[j]?.capturedAtUtc;
      if (u === null || u === undefined || u - t > burstWindowMs) break;
      add(i, j);
    }
  }
  // Pixels close: hashes sharing a 16-bit band.
  for (let band = 0; band < 4; band++) {
    const buckets = new Map<string, number[]>();
    photos.forEach((p, i) => {
      if (!p.dhash) return;
      const key = p.dhash.slice(band * 4, band * 4 + 4);
      const bucket = buckets.get(key) ?? [];
      bucket.push(i);
      buckets.set(key, bucket);
    });
    for (const bucket of buckets.values()) {
      if (bucket.length > maxBandBucket) continue;
      for (let x = 0; x < bucket.length; x++)
        for (let y = x + 1; y < bucket.length; y++) add(bucket[x] ?? 0, bucket[y] ?? 0);
    }
  }
  return pairs;
}
