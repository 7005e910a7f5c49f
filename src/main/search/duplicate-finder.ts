/**
 * @file Duplicate groups of the library (see [Note: Near-duplicates]): the same file in several
 * places, exact and near copies, bursts; each with the copy to keep. Nothing is deleted here.
 */
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import type { DuplicateCopy, DuplicateGroup, DuplicateKind } from '../../shared/search-schemas';
import { dot } from '../../shared/vector-math';
import { all, get, sql } from '../db/sql';
import type { EmbeddingService } from '../embeddings/embedding-service';
import { dctHash } from '../library/perceptual-hash';
import { photoOnDisk, photoPath } from '../library/photo-query';
import { thumbPath } from '../library/thumbnails';
import { DuplicateDecisions, markedForDeletion } from './duplicate-decisions';
import {
  candidatePairs,
  matchPair,
  pairKey,
  starGroups,
  type PairMatch,
  type PairPhoto,
} from './duplicate-pairs';

/** A photo as the finder reads it (camelCase aliases of `photos` columns). */
interface PhotoRow extends PairPhoto {
  path: string | null;
  fingerprint: string;
  capturedAt: string | null;
  bytes: number;
}

/** How loose each match is: a group is of its loosest kind. */
const looseness = { 'same-file': 0, exact: 1, near: 2, burst: 3 } as const;

export class DuplicateFinder {
  readonly decisions: DuplicateDecisions;

  constructor(
    private readonly db: Database.Database,
    private readonly embeddings: EmbeddingService,
    private readonly thumbsDir: string,
  ) {
    this.decisions = new DuplicateDecisions(db);
  }

  /** Every group, largest first, without those the user called not duplicates. */
  async groups(): Promise<DuplicateGroup[]> {
    const groups = [...(await this.#photoGroups()), ...(await this.#sameFileGroups())];
    return groups.sort((a, b) => b.photos.length - a.photos.length || a.bestId - b.bestId);
  }

  /** Exact, near and burst groups: only with a search model, whose vectors are the second evidence. */
  async #photoGroups(): Promise<DuplicateGroup[]> {
    const model = this.embeddings.searchModel();
    if (!model) return [];
    await this.#fillDctHashes();
    const photos = all<PhotoRow>(
      this.db,
      sql`SELECT p.id, ${photoPath} AS path, p.fingerprint, p.captured_at_utc AS capturedAtUtc,
                 p.captured_at_source AS captureSource, p.captured_at AS capturedAt,
                 nullif(trim(coalesce(p.camera_make, '') || ' ' || coalesce(p.camera_model, '')), '') AS camera,
                 p.phash, p.dhash, p.width, p.height, p.size AS bytes
            FROM photos p
           WHERE p.state = 'ready' AND ${model.index.hasVector()} AND ${photoOnDisk}
           ORDER BY p.id`,
    );
    const dismissed = this.decisions.dismissedPairs();
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
    const matches = new Map<string, PairMatch>();
    for (const [i, j] of candidatePairs(photos)) {
      const a = photos[i];
      const b = photos[j];
      if (!a || !b || dismissed.has(pairKey(a.id, b.id))) continue;
      // Stored vectors are unit length: the dot product is the cosine.
      const found = matchPair(a, b, dot(vector(a.id), vector(b.id)));
      if (found) matches.set(pairKey(a.id, b.id), found);
    }
    const rowById = new Map(photos.map((p) => [p.id, p]));
    const inPairs = [...new Set([...matches.keys()].flatMap((k) => k.split(':').map(Number)))];
    const copies = new Map<number, DuplicateCopy>();
    for (const id of inPairs) {
      const p = rowById.get(id);
      if (p) copies.set(id, await this.#copy(p));
    }
    const ranked = [...copies.values()].sort(betterCopyFirst).map((c) => c.id);
    return starGroups(ranked, matches).flatMap((g): DuplicateGroup[] => {
      const best = copies.get(g.bestId);
      if (!best) return [];
      const members = g.members.flatMap((m) => {
        const copy = copies.get(m.id);
        return copy ? [{ ...copy, match: m.match.match }] : [];
      });
      const kind = members.reduce<DuplicateKind>(
        (k, m) => (looseness[m.match] > looseness[k] ? m.match : k),
        'exact',
      );
      return [
        {
          kind,
          photos: [best, ...members.sort((x, y) => x.id - y.id)],
          bestId: best.id,
          bestPath: best.path,
          similarity:
            kind === 'near' ? Math.min(...g.members.map((m) => m.match.pixelAgreement)) : null,
        },
      ];
    });
  }

  /** One photo in several files ([Note: Photo identity]): each file is a copy. */
  async #sameFileGroups(): Promise<DuplicateGroup[]> {
    const rows = all<
      { id: number; path: string } & Omit<PhotoRow, keyof PairPhoto | 'path'> &
        Pick<PairPhoto, 'width' | 'height'>
    >(
      this.db,
      sql`SELECT p.id, f.path, p.fingerprint, p.captured_at AS capturedAt, p.width, p.height,
                 f.size AS bytes
            FROM photos p JOIN files f ON f.photo_id = p.id AND f.missing = 0
           WHERE p.state = 'ready'
             AND (SELECT count(*) FROM files c WHERE c.photo_id = p.id AND c.missing = 0) > 1
           ORDER BY p.id, f.id`,
    );
    this.decisions.forgetGoneMarks();
    const marked = this.decisions.markedFiles();
    const byPhoto = new Map<number, typeof rows>();
    for (const r of rows) byPhoto.set(r.id, [...(byPhoto.get(r.id) ?? []), r]);
    const groups: DuplicateGroup[] = [];
    for (const [id, files] of byPhoto) {
      const paths = files.map((f) => f.path);
      if (this.decisions.filesDismissed(id, paths)) continue;
      const first = files[0];
      if (!first) continue;
      const sharpness = await this.#sharpness(first.fingerprint);
      // The first file stands for the photo ([Note: A photo's file]): keeping it keeps the
      // photo's shown path; an unmarked one is suggested over one already marked.
      const best = files.find((f) => !marked.has(f.path)) ?? first;
      groups.push({
        kind: 'same-file',
        photos: files.map((f) => ({
          id,
          path: f.path,
          width: f.width,
          height: f.height,
          bytes: f.bytes,
          sharpness,
          capturedAt: f.capturedAt,
          match: f.path === best.path ? null : 'same-file',
          marked: marked.has(f.path),
        })),
        bestId: id,
        bestPath: best.path,
        similarity: null,
      });
    }
    return groups;
  }

  async #copy(p: PhotoRow): Promise<DuplicateCopy> {
    return {
      id: p.id,
      path: p.path,
      width: p.width,
      height: p.height,
      bytes: p.bytes,
      sharpness: await this.#sharpness(p.fingerprint),
      capturedAt: p.capturedAt,
      match: null,
      // The headless host marks a photo chosen for deletion with a tag (photos:trash).
      marked:
        get<{ one: number }>(
          this.db,
          sql`SELECT 1 AS one FROM photo_tags WHERE photo_id = ${p.id} AND name = ${markedForDeletion}
               AND state = 'accepted'`,
        ) !== undefined,
    };
  }

  /** Photos ingested before schema 6 get their DCT hash from their grid thumbnail, once. */
  async #fillDctHashes(): Promise<void> {
    const missing = all<{ id: number; fingerprint: string }>(
      this.db,
      sql`SELECT id, fingerprint FROM photos WHERE state = 'ready' AND phash IS NULL`,
    );
    const store = this.db.prepare<[string, number]>('UPDATE photos SET phash = ? WHERE id = ?');
    for (const p of missing) {
      try {
        store.run(await dctHash(sharp(thumbPath(this.thumbsDir, p.fingerprint, 'grid'))), p.id);
      } catch {
        // No thumbnail (yet): no pixel evidence, so the photo is nobody's copy for now.
      }
    }
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

/** Most pixels, then sharpest, then largest file, then oldest id. */
function betterCopyFirst(x: DuplicateCopy, y: DuplicateCopy): number {
  return (
    (y.width ?? 0) * (y.height ?? 0) - (x.width ?? 0) * (x.height ?? 0) ||
    y.sharpness - x.sharpness ||
    y.bytes - x.bytes ||
    x.id - y.id
  );
}
