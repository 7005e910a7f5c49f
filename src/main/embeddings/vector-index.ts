/**
 * @file One model's vectors as an index: ranking a query over the library (two-pass, with
 * filters), sample scores for the relevance cut, a photo's vector, nearest neighbours, the
 * vectors a consumer has not visited yet, and a scan. The only reader of vec0 tables and of
 * sqlite-vec's SQL functions outside EmbeddingStore (the writer); search, tagging and similar
 * photos go through it, and lint keeps it so (eslint.config.js, "Vector tables").
 */
import type Database from 'better-sqlite3';
import { vectorFromBlob } from '../../shared/vector-math';
import { bitsTableName } from './embedding-store';

/**
 * An SQL condition over `photos p`, its parameters bound (what photo-filters.ts builds). It
 * may say nothing about vectors: the index adds that.
 */
export interface PhotoCondition {
  sql: string;
  params: readonly unknown[];
}

/** A photo and its cosine distance to the query (1 − cosine similarity), nearest first. */
export interface RankedPhoto {
  photoId: number;
  distance: number;
}

export interface PhotoVector {
  photoId: number;
  vector: Float32Array;
}

export interface RankOptions {
  /** The photos that may rank. */
  where: PhotoCondition;
  /** How many to return, nearest first (ties by photo id). */
  limit: number;
  /**
   * The sign-bit pass (see [Note: Two-pass vector search]): the `candidates` nearest by
   * Hamming distance are re-scored exactly. With `narrowing` (a filter the user chose) `where`
   * applies in that pass, so a filter never hides a match a global top-k would have dropped;
   * without it that pass reads the bit table alone and `where` (a condition nearly every photo
   * meets) applies to the candidates. Omitted, or a model without a bit table: exact
   * distances over every photo that matches `where`.
   */
  coarse?: { candidates: number; narrowing: boolean };
}

export interface VectorTable {
  modelId: string;
  /** The vec0 table (EmbeddingStore.table). */
  table: string;
  dimension: number;
}

export class VectorIndex {
  readonly modelId: string;
  readonly dimension: number;
  readonly #table: string;
  readonly #bits: string | null;
  readonly #db: Database.Database;
  #vectorStmt: Database.Statement | null = null;
  #scoreStmt: Database.Statement | null = null;
  #nearestStmt: Database.Statement | null = null;

  constructor(db: Database.Database, { modelId, table, dimension }: VectorTable) {
    this.#db = db;
    this.modelId = modelId;
    this.dimension = dimension;
    this.#table = table;
    this.#bits = bitsTableName(table, dimension);
  }

  /** The photos matching `options.where`, nearest to `query` first. */
  rank(query: Float32Array, { where, limit, coarse }: RankOptions): RankedPhoto[] {
    if (coarse && this.#bits) {
      const candidates = this.#db
        .prepare(
          coarse.narrowing
            ? `SELECT b.photo_id FROM "${this.#bits}" b JOIN photos p ON p.id = b.photo_id
                WHERE ${where.sql}
                ORDER BY vec_distance_hamming(vec_bit(b.bits), vec_quantize_binary(?)) LIMIT ?`
            : `SELECT photo_id FROM "${this.#bits}"
                ORDER BY vec_distance_hamming(vec_bit(bits), vec_quantize_binary(?)) LIMIT ?`,
        )
        .pluck()
        .all(...(coarse.narrowing ? where.params : []), query, coarse.candidates) as number[];
      return this.#db
        .prepare(
          `SELECT p.id AS photoId, vec_distance_cosine(v.embedding, ?) AS distance
             FROM json_each(?) c JOIN photos p ON p.id = c.value JOIN "${this.#table}" v ON v.photo_id = c.value
            WHERE ${where.sql}
            ORDER BY distance, p.id LIMIT ?`,
        )
        .all(query, JSON.stringify(candidates), ...where.params, limit) as RankedPhoto[];
    }
    return this.#db
      .prepare(
        `SELECT p.id AS photoId, vec_distance_cosine(v.embedding, ?) AS distance
           FROM photos p JOIN "${this.#table}" v ON v.photo_id = p.id
          WHERE ${where.sql}
          ORDER BY distance, p.id LIMIT ?`,
      )
      .all(query, ...where.params, limit) as RankedPhoto[];
  }

  /**
   * Cosine similarities to `query` of up to `size` photos matching `where`, spread evenly over
   * the processed photos' ids: the query's background for the relevance cut. Ids are sampled
   * first (cheap), then each vector is a point read; photos without one are skipped.
   */
  sampleScores(
    query: Float32Array,
    { where, size }: { where: PhotoCondition; size: number },
  ): number[] {
    const { lo, hi } = this.#db
      .prepare("SELECT min(id) AS lo, max(id) AS hi FROM photos WHERE state = 'ready'")
      .get() as { lo: number | null; hi: number | null };
    if (lo === null || hi === null) return [];
    const step = Math.max(1, Math.floor((hi - lo + 1) / size));
    const ids = this.#db
      .prepare(`SELECT p.id FROM photos p WHERE ${where.sql} AND (p.id - ?) % ? = 0 LIMIT ?`)
      .pluck()
      .all(...where.params, lo, step, size) as number[];
    this.#scoreStmt ??= this.#db
      .prepare(
        `SELECT 1 - vec_distance_cosine(embedding, ?) FROM "${this.#table}" WHERE photo_id = ?`,
      )
      .pluck();
    const score = this.#scoreStmt;
    return ids
      .map((id) => score.get(query, BigInt(id)) as number | undefined)
      .filter((s): s is number => s !== undefined && Number.isFinite(s));
  }

  /** A photo's vector (unit length), or null when it has none for this model yet. */
  vectorOf(photoId: number): Float32Array | null {
    this.#vectorStmt ??= this.#db.prepare(
      `SELECT embedding FROM "${this.#table}" WHERE photo_id = ?`,
    );
    const row = this.#vectorStmt.get(BigInt(photoId)) as { embedding: Buffer } | undefined;
    return row ? vectorFromBlob(row.embedding) : null;
  }

  /**
   * The `k` vectors nearest to `query` (vec0's k-NN over every vector), whatever their photo's
   * state: callers drop the photos they would not list, so fewer than `k` may remain.
   */
  nearest(query: Float32Array, k: number): RankedPhoto[] {
    this.#nearestStmt ??= this.#db.prepare(
      `SELECT photo_id AS photoId, distance FROM "${this.#table}" WHERE embedding MATCH ? AND k = ?`,
    );
    return this.#nearestStmt.all(query, k) as RankedPhoto[];
  }

  /**
   * Vectors of processed photos matching `where`, by photo id, from after `afterId`: a scan
   * over the library in pages of `limit`.
   */
  scan({
    where = { sql: '1', params: [] },
    afterId = 0,
    limit,
  }: {
    where?: PhotoCondition;
    afterId?: number;
    limit: number;
  }): PhotoVector[] {
    const rows = this.#db
      .prepare(
        `SELECT p.id AS photoId, v.embedding AS blob FROM photos p JOIN "${this.#table}" v ON v.photo_id = p.id
          WHERE p.state = 'ready' AND p.id > ? AND (${where.sql})
          ORDER BY p.id LIMIT ?`,
      )
      .all(afterId, ...where.params, limit) as { photoId: number; blob: Buffer }[];
    return rows.map((r) => ({ photoId: r.photoId, vector: vectorFromBlob(r.blob) }));
  }

  /**
   * Up to `limit` processed photos with a vector that a consumer has not visited yet, newest
   * first. `visited` is the consumer's own record (the tagger's done jobs); it owns that SQL.
   */
  unvisited(visited: PhotoCondition, limit: number): PhotoVector[] {
    // Most recently captured first, as every stage works ([Note: Pipeline]).
    const rows = this.#db
      .prepare(
        `SELECT p.id AS photoId, v.embedding AS blob FROM photos p JOIN "${this.#table}" v ON v.photo_id = p.id
          WHERE p.state = 'ready' AND NOT (${visited.sql})
          ORDER BY p.captured_at_utc DESC NULLS LAST, p.id DESC LIMIT ?`,
      )
      .all(...visited.params, limit) as { photoId: number; blob: Buffer }[];
    return rows.map((r) => ({ photoId: r.photoId, vector: vectorFromBlob(r.blob) }));
  }

  /** A condition over `photos p`: the photo has a vector in this index. */
  hasVector(): PhotoCondition {
    return {
      sql: `EXISTS (SELECT 1 FROM "${this.#table}" v WHERE v.photo_id = p.id)`,
      params: [],
    };
  }
}
