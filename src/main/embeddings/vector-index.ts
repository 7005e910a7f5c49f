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
import { all, get, identifier, pluck, sql, type SqlFragment } from '../db/sql';
import { bitsTableName } from './embedding-store';
import { int8Code } from './vector-clusters';
import { probesFor, VectorLists } from './vector-lists';

/** A condition as a key: its SQL and its parameters. */
const whereKey = (where: SqlFragment) =>
  `${where.text}\n${JSON.stringify(where.params, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`;

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
  coarse?: {
    candidates: number;
    narrowing: boolean;
    /** Forces the filter strategy (benchmarks compare both); omitted, chosen by cost. */
    strategy?: 'pre' | 'post';
    /**
     * First-pass candidates to read and keep for a longer ranking of the same query (search's
     * growing windows, [Note: Search without a cap]): a longer window then costs no second
     * scan of the same cells. Kept until another query or any change to the database.
     */
    prefetch?: number;
  };
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
  /** The inverted lists the first pass reads once they hold every vector. */
  readonly lists: VectorLists;
  /** Counts by condition, valid while the database is unchanged (see count()). */
  #counts: { stamp: string; byWhere: Map<string, number>; vectors?: number } = {
    stamp: '',
    byWhere: new Map(),
  };
  /** The last first pass read with `prefetch` (see RankOptions). */
  #recent: {
    query: Float32Array;
    key: string;
    stamp: string;
    read: number;
    ranked: RankedPhoto[];
  } | null = null;
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
    this.lists = new VectorLists(db, table);
  }

  /** The photos matching `options.where`, nearest to `query` first. */
  rank(query: Float32Array, { where, limit, coarse }: RankOptions): RankedPhoto[] {
    const table = this.#table;
    const bits = this.#bits;
    if (coarse && this.lists.ready()) {
      // The head is re-scored exactly; a longer window's tail keeps its int8 distance
      // (within about 0.003 of the exact cosine: see [Note: Vector search at scale]).
      const ranked = this.#candidates(query, where, coarse, limit);
      const head = this.#rescore(
        query,
        where,
        limit === undefined ? undefined : Math.min(limit, coarse.candidates),
        ranked.slice(0, coarse.candidates).map((r) => r.photoId),
      );
      const rest = ranked.slice(coarse.candidates);
      if (rest.length === 0 || (limit !== undefined && head.length >= limit)) return head;
      const tail = this.#everyVectorMatches(where) ? rest : this.#matching(rest, where);
      return [...head, ...tail].slice(0, limit ?? Infinity);
    }
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
      return this.#rescore(query, where, limit, candidates);
    }
    return all<RankedPhoto>(
      this.#db,
      sql`SELECT p.id AS photoId, vec_distance_cosine(v.embedding, ${query}) AS distance
            FROM photos p JOIN ${table} v ON v.photo_id = p.id
           WHERE ${where}
           ORDER BY distance, p.id LIMIT ${limit ?? -1}`,
    );
  }

  /** The photos of `ranked` that match `where`, in its order. */
  #matching(ranked: readonly RankedPhoto[], where: SqlFragment): RankedPhoto[] {
    const kept = new Set(
      all<{ id: number }>(
        this.#db,
        // CROSS JOIN: from these ids, never from a chip's photos (see #rescore).
        sql`SELECT p.id FROM json_each(${JSON.stringify(ranked.map((r) => r.photoId))}) c
              CROSS JOIN photos p ON p.id = c.value WHERE ${where}`,
      ).map((r) => r.id),
    );
    return ranked.filter((r) => kept.has(r.photoId));
  }

  /**
   * Whether every photo with a vector matches `where`, as counts already made while nothing
   * changed say (none is made here: counting at 1M reads every photo). The lists hold only
   * photos with vectors, so a ranking's tail then needs no check against `where`: the check
   * of a search's 15,700-photo tail was about 45 ms of CPU at 1M, on every unfiltered search.
   */
  #everyVectorMatches(where: SqlFragment): boolean {
    if (this.#counts.stamp !== this.#stamp()) return false;
    const matching = this.#counts.byWhere.get(whereKey(where));
    if (matching === undefined) return false;
    const vectors = this.#bits ?? this.#table;
    this.#counts.vectors ??= pluck<number>(this.#db, sql`SELECT count(*) FROM ${vectors}`) ?? 0;
    return matching === this.#counts.vectors;
  }

  /**
   * Exact distances of `candidates` that match `where`, nearest first. CROSS JOIN keeps the
   * candidates the outer loop: a chip's condition is `p.id IN (…)` too, and SQLite starting
   * from its 10,000 photos to probe 700 ids took half a second at 1M.
   */
  #rescore(
    query: Float32Array,
    where: SqlFragment,
    limit: number | undefined,
    candidates: readonly number[],
  ): RankedPhoto[] {
    return all<RankedPhoto>(
      this.#db,
      sql`SELECT p.id AS photoId, vec_distance_cosine(v.embedding, ${query}) AS distance
            FROM json_each(${JSON.stringify(candidates)}) c CROSS JOIN photos p ON p.id = c.value
            JOIN ${this.#table} v ON v.photo_id = c.value
           WHERE ${where}
           ORDER BY distance, p.id LIMIT ${limit ?? -1}`,
    );
  }

  /**
   * The first pass over the lists (see [Note: Vector search at scale]): photo ids ranked by
   * int8 cosine, the best `candidates` (at least `limit`). Unfiltered, the nearest cells;
   * filtered, every match through the photo-id index when that reads fewer rows than probing
   * (pre-filter), else more cells with the filter applied while scanning (post-filter).
   */
  #candidates(
    query: Float32Array,
    where: SqlFragment,
    coarse: NonNullable<RankOptions['coarse']>,
    limit: number | undefined,
  ): RankedPhoto[] {
    const keep = Math.max(coarse.candidates, limit ?? 0);
    const key = `${coarse.narrowing ? 'narrowing' : 'all'}:${coarse.strategy ?? ''}:${whereKey(where)}`;
    const stamp = this.#stamp();
    const recent = this.#recent;
    if (
      recent?.query === query &&
      recent.key === key &&
      recent.stamp === stamp &&
      (recent.read >= keep || recent.ranked.length < recent.read)
    )
      return recent.ranked.slice(0, keep);
    const read = Math.max(keep, coarse.prefetch ?? 0);
    const ranked = this.#firstPass(query, where, coarse, read);
    if (read > keep) this.#recent = { query, key, stamp, read, ranked };
    return ranked.slice(0, keep);
  }

  /** The first pass itself: the best `keep` photo ids by int8 cosine (see #candidates). */
  #firstPass(
    query: Float32Array,
    where: SqlFragment,
    coarse: NonNullable<RankOptions['coarse']>,
    keep: number,
  ): RankedPhoto[] {
    const distance = sql`vec_distance_cosine(vec_int8(l.code), vec_int8(${int8Code(query)}))`;
    const lists = this.lists.lists;
    const cells = this.lists.cellCount();
    const probes = probesFor(cells);
    const inCells = (n: number) =>
      sql`l.cell IN (SELECT value FROM json_each(${JSON.stringify(this.lists.probeCells(query, n))}))`;
    const ids = (fragment: SqlFragment) => all<RankedPhoto>(this.#db, fragment);
    if (!coarse.narrowing)
      return ids(sql`SELECT l.photo_id AS photoId, ${distance} AS distance FROM ${lists} l
                     WHERE ${inCells(probes)} ORDER BY distance, l.photo_id LIMIT ${keep}`);
    // A filter keeping a share s of the library: its nearest matches spread over about
    // 1/√s times more cells than the unfiltered ones (measured: docs/benchmarks.md).
    const total = this.lists.size();
    const matching = this.count(where);
    const share = total > 0 ? Math.max(matching / total, 1e-6) : 1;
    const wide = cells === 0 ? 0 : Math.min(cells, Math.ceil(probes / Math.sqrt(share)));
    const probed = cells === 0 ? total : (total * wide) / cells;
    const strategy = coarse.strategy ?? (matching <= probed ? 'pre' : 'post');
    // CROSS JOIN fixes the loop order: the filter's index first, or the cells first.
    return strategy === 'pre'
      ? ids(sql`SELECT l.photo_id AS photoId, ${distance} AS distance
                  FROM photos p CROSS JOIN ${lists} l ON l.photo_id = p.id
                 WHERE ${where} ORDER BY distance, l.photo_id LIMIT ${keep}`)
      : ids(sql`SELECT l.photo_id AS photoId, ${distance} AS distance
                  FROM ${lists} l CROSS JOIN photos p ON p.id = l.photo_id
                 WHERE ${cells === 0 ? sql`1` : inCells(wide)} AND ${where}
                 ORDER BY distance, l.photo_id LIMIT ${keep}`);
  }

  /**
   * How many photos matching `where` have a vector: everything rank() could list. Counting
   * reads every matching photo (about a second at 1M photos), so a count is kept until the
   * database changes: `data_version` moves with another connection's commit, `total_changes()`
   * with this one's, so together they say whether any row may have changed.
   */
  count(where: SqlFragment): number {
    const key = whereKey(where);
    const stampKey = this.#stamp();
    if (this.#counts.stamp !== stampKey) this.#counts = { stamp: stampKey, byWhere: new Map() };
    const known = this.#counts.byWhere.get(key);
    if (known !== undefined) return known;
    // The bit table holds the same photos as vec0 and is a plain table: cheaper to join.
    const vectors = this.#bits ?? this.#table;
    const n =
      get<{ n: number }>(
        this.#db,
        sql`SELECT count(*) AS n FROM photos p JOIN ${vectors} v ON v.photo_id = p.id WHERE ${where}`,
      )?.n ?? 0;
    this.#counts.byWhere.set(key, n);
    return n;
  }

  /**
   * Changes whenever any row may have changed: `data_version` moves with another connection's
   * commit, `total_changes()` with this one's.
   */
  #stamp(): string {
    const stamp = get<{ d: number; t: number }>(
      this.#db,
      sql`SELECT (SELECT data_version FROM pragma_data_version) AS d, total_changes() AS t`,
    );
    return `${String(stamp?.d)}:${String(stamp?.t)}`;
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
    // min and max of the rowid, each in its own SELECT, are two probes of the table's ends
    // (together in one SELECT SQLite reads every row: 90 ms at a million photos); the ids are
    // stepped in JS and only those are checked against `where`.
    const range = get<{ lo: number | null; hi: number | null }>(
      this.#db,
      sql`SELECT (SELECT min(id) FROM photos) AS lo, (SELECT max(id) FROM photos) AS hi`,
    );
    const lo = range?.lo ?? null;
    const hi = range?.hi ?? null;
    if (lo === null || hi === null) return [];
    const step = Math.max(1, Math.floor((hi - lo + 1) / size));
    const stepped = Array.from(
      { length: Math.min(size, Math.floor((hi - lo) / step) + 1) },
      (_, i) => lo + i * step,
    );
    const ids = all<Pick<Row<'photos'>, 'id'>>(
      this.#db,
      sql`SELECT p.id FROM json_each(${JSON.stringify(stepped)}) c CROSS JOIN photos p ON p.id = c.value
           WHERE ${where}`,
    ).map((p) => p.id);
    if (this.lists.cellCount() > 0) {
      // A big library: the int8 codes (768 B a row, within about 0.003 of the exact cosine,
      // [Note: Vector search at scale]); a vec0 point read loads the 64 vectors of its chunk,
      // 50 MB for a sample at a million photos, mostly from disk.
      return all<{ s: number }>(
        this.#db,
        sql`SELECT 1 - vec_distance_cosine(vec_int8(l.code), vec_int8(${int8Code(query)})) AS s
              FROM json_each(${JSON.stringify(ids)}) c JOIN ${this.lists.lists} l ON l.photo_id = c.value`,
      )
        .map((r) => r.s)
        .filter((s) => Number.isFinite(s));
    }
    this.#scoreStmt ??= this.#scoreStatement();
    const score = this.#scoreStmt;
    return ids
      .map((id) => score.get(query, BigInt(id)))
      .filter((s): s is number => s !== undefined && Number.isFinite(s));
  }

  /** Cosine similarity to a query of one photo's vector (a point read). */
  #scoreStatement(): Database.Statement<[Float32Array, bigint], number> {
    return this.#db
      .prepare<[Float32Array, bigint], number>(
        sql`SELECT 1 - vec_distance_cosine(embedding, ?) FROM ${this.#table} WHERE photo_id = ?`
          .text,
      )
      .pluck();
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
    if (this.lists.ready()) {
      // The same lists as search: the nearest cells' codes, then exact distances.
      const candidates = this.#candidates(
        query,
        sql`1`,
        { candidates: Math.max(2 * k, k + 100), narrowing: false },
        k,
      );
      this.#scoreStmt ??= this.#scoreStatement();
      const score = this.#scoreStmt;
      return candidates
        .map((c) => c.photoId)
        .flatMap((photoId) => {
          const similarity = score.get(query, BigInt(photoId));
          return similarity === undefined ? [] : [{ photoId, distance: 1 - similarity }];
        })
        .sort((a, b) => a.distance - b.distance || a.photoId - b.photoId)
        .slice(0, k);
    }
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
