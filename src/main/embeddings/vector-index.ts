/**
 * @file One model's vectors as an index: ranking a query over the library (two-pass, with
 * filters), sample scores for the relevance cut, a photo's vector, nearest neighbours, the
 * vectors a consumer has not visited yet, and a scan. The only reader of vec0 tables and of
 * sqlite-vec's SQL functions outside EmbeddingStore (the writer); search, tagging and similar
 * photos go through it, and lint keeps it so (eslint.config.js, "Vector tables").
 */
import type Database from 'better-sqlite3';
import { vectorFromBlob } from '../../shared/vector-math';
import type { Row, VectorRow } from '../db/rows';
import { all, get, identifier, sql, type SqlFragment } from '../db/sql';
import { bitsTableName } from './embedding-store';

/** A photo and its cosine distance to the query (1 − cosine similarity), nearest first. */
export interface RankedPhoto {
  photoId: number;
  distance: number;
}

export interface PhotoVector {
  photoId: number;
  vector: Float32Array;
}

/** A photo's id and its vector as stored, as scan() and unvisited() read them. */
interface StoredVector {
  photoId: number;
  blob: VectorRow['embedding'];
}

export interface RankOptions {
  /**
   * The photos that may rank: a condition over `photos p` (what photo-filters.ts builds). It
   * may say nothing about vectors: the index adds that.
   */
  where: SqlFragment;
  /** How many to return, nearest first (ties by photo id); omitted, every one. */
  limit?: number;
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
  /** The vec0 table and the sign-bit table, as names chosen by code ([Note: SQL fragments]). */
  readonly #table: SqlFragment;
  readonly #bits: SqlFragment | null;
  readonly #db: Database.Database;
  // Prepared once per index: re-scoring and neighbour lists read vectors one photo at a time.
  #vectorStmt: Database.Statement<[bigint], Pick<VectorRow, 'embedding'>> | null = null;
  #scoreStmt: Database.Statement<[Float32Array, bigint], number> | null = null;
  #nearestStmt: Database.Statement<[Float32Array, number], RankedPhoto> | null = null;

  constructor(db: Database.Database, { modelId, table, dimension }: VectorTable) {
    this.#db = db;
    this.modelId = modelId;
    this.dimension = dimension;
    this.#table = identifier(table);
    const bits = bitsTableName(table, dimension);
    this.#bits = bits === null ? null : identifier(bits);
  }

  /** The photos matching `options.where`, nearest to `query` first. */
  rank(query: Float32Array, { where, limit, coarse }: RankOptions): RankedPhoto[] {
    const table = this.#table;
    const bits = this.#bits;
    if (coarse && bits) {
      const candidates = all<{ photo_id: number }>(
        this.#db,
        coarse.narrowing
          ? sql`SELECT b.photo_id FROM ${bits} b JOIN photos p ON p.id = b.photo_id
                 WHERE ${where}
                 ORDER BY vec_distance_hamming(vec_bit(b.bits), vec_quantize_binary(${query})) LIMIT ${coarse.candidates}`
          : sql`SELECT photo_id FROM ${bits}
                 ORDER BY vec_distance_hamming(vec_bit(bits), vec_quantize_binary(${query})) LIMIT ${coarse.candidates}`,
      ).map((c) => c.photo_id);
      return all<RankedPhoto>(
        this.#db,
        sql`SELECT p.id AS photoId, vec_distance_cosine(v.embedding, ${query}) AS distance
              FROM json_each(${JSON.stringify(candidates)}) c JOIN photos p ON p.id = c.value
              JOIN ${table} v ON v.photo_id = c.value
             WHERE ${where}
             ORDER BY distance, p.id LIMIT ${limit ?? -1}`,
      );
    }
    return all<RankedPhoto>(
      this.#db,
      sql`SELECT p.id AS photoId, vec_distance_cosine(v.embedding, ${query}) AS distance
            FROM photos p JOIN ${table} v ON v.photo_id = p.id
           WHERE ${where}
           ORDER BY distance, p.id LIMIT ${limit ?? -1}`,
    );
  }

  /** How many photos matching `where` have a vector: everything rank() could list. */
  count(where: SqlFragment): number {
    // The bit table holds the same photos as vec0 and is a plain table: cheaper to join.
    const vectors = this.#bits ?? this.#table;
    return (
      get<{ n: number }>(
        this.#db,
        sql`SELECT count(*) AS n FROM photos p JOIN ${vectors} v ON v.photo_id = p.id WHERE ${where}`,
      )?.n ?? 0
    );
  }

  /**
   * Cosine similarities to `query` of up to `size` photos matching `where`, spread evenly over
   * the processed photos' ids: the query's background for the relevance cut. Ids are sampled
   * first (cheap), then each vector is a point read; photos without one are skipped.
   */
  sampleScores(
    query: Float32Array,
    { where, size }: { where: SqlFragment; size: number },
  ): number[] {
    const range = get<{ lo: number | null; hi: number | null }>(
      this.#db,
      sql`SELECT min(id) AS lo, max(id) AS hi FROM photos WHERE state = 'ready'`,
    );
    const lo = range?.lo ?? null;
    const hi = range?.hi ?? null;
    if (lo === null || hi === null) return [];
    const step = Math.max(1, Math.floor((hi - lo + 1) / size));
    const ids = all<Pick<Row<'photos'>, 'id'>>(
      this.#db,
      sql`SELECT p.id FROM photos p WHERE ${where} AND (p.id - ${lo}) % ${step} = 0 LIMIT ${size}`,
    ).map((p) => p.id);
    this.#scoreStmt ??= this.#db
      .prepare<[Float32Array, bigint], number>(
        sql`SELECT 1 - vec_distance_cosine(embedding, ?) FROM ${this.#table} WHERE photo_id = ?`
          .text,
      )
      .pluck();
    const score = this.#scoreStmt;
    return ids
      .map((id) => score.get(query, BigInt(id)))
      .filter((s): s is number => s !== undefined && Number.isFinite(s));
  }

  /** A photo's vector (unit length), or null when it has none for this model yet. */
  vectorOf(photoId: number): Float32Array | null {
    this.#vectorStmt ??= this.#db.prepare(
      sql`SELECT embedding FROM ${this.#table} WHERE photo_id = ?`.text,
    );
    const row = this.#vectorStmt.get(BigInt(photoId));
    return row ? vectorFromBlob(row.embedding) : null;
  }

  /**
   * The `k` vectors nearest to `query` (vec0's k-NN over every vector), whatever their photo's
   * state: callers drop the photos they would not list, so fewer than `k` may remain.
   */
  nearest(query: Float32Array, k: number): RankedPhoto[] {
    this.#nearestStmt ??= this.#db.prepare(
      sql`SELECT photo_id AS photoId, distance FROM ${this.#table} WHERE embedding MATCH ? AND k = ?`
        .text,
    );
    return this.#nearestStmt.all(query, k);
  }

  /**
   * Vectors of processed photos matching `where`, by photo id, from after `afterId`: a scan
   * over the library in pages of `limit`.
   */
  scan({
    where = sql`1`,
    afterId = 0,
    limit,
  }: {
    where?: SqlFragment;
    afterId?: number;
    limit: number;
  }): PhotoVector[] {
    const rows = all<StoredVector>(
      this.#db,
      sql`SELECT p.id AS photoId, v.embedding AS blob FROM photos p JOIN ${this.#table} v ON v.photo_id = p.id
           WHERE p.state = 'ready' AND p.id > ${afterId} AND (${where})
           ORDER BY p.id LIMIT ${limit}`,
    );
    return rows.map((r) => ({ photoId: r.photoId, vector: vectorFromBlob(r.blob) }));
  }

  /**
   * Up to `limit` processed photos with a vector that a consumer has not visited yet, newest
   * first. `visited` is the consumer's own record (the tagger's done jobs); it owns that SQL.
   */
  unvisited(visited: SqlFragment, limit: number): PhotoVector[] {
    // Most recently captured first, as every stage works ([Note: Pipeline]).
    const rows = all<StoredVector>(
      this.#db,
      sql`SELECT p.id AS photoId, v.embedding AS blob FROM photos p JOIN ${this.#table} v ON v.photo_id = p.id
           WHERE p.state = 'ready' AND NOT (${visited})
           ORDER BY p.captured_at_utc DESC NULLS LAST, p.id DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({ photoId: r.photoId, vector: vectorFromBlob(r.blob) }));
  }

  /** A condition over `photos p`: the photo has a vector in this index. */
  hasVector(): SqlFragment {
    return sql`EXISTS (SELECT 1 FROM ${this.#table} v WHERE v.photo_id = p.id)`;
  }
}
