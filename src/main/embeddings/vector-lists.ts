/**
 * @file The inverted lists over one model's vectors (see [Note: Vector search at scale]): each
 * vector's int8 code filed under its nearest cell, cells trained on the library's own vectors.
 * Written with the vectors (EmbeddingStore), read by VectorIndex, rebuilt here in resumable
 * steps. Derived data: everything in these tables can be rebuilt from the vec0 table.
 *
 * [Note: Vector search at scale]
 * The sign-bit pass of [Note: Two-pass vector search] lost a third of the true top 100 at 1M
 * photos: 768 bits rank photos of one scene badly, and a scene holds thousands of photos in
 * a big library, more than any fixed re-score window. Measured alternatives (docs/benchmarks.md,
 * "Search"): a window growing with the library costs 0.03 ms per exact re-score (vec0 point
 * reads), so 10,000 re-scores alone take 300 ms; a full int8 scan costs about 2 µs a vector
 * (2 s at 1M); vec0's own k-NN reads every chunk (slower than both). What is kept: IVF.
 * k-means cells (about √n / 4 of them, spherical, trained on an even sample of the library's
 * own vectors) and a plain WITHOUT ROWID table keyed (cell, photo) holding each vector's int8
 * code (768 B for 768 dimensions, stored in the row: a cell is one contiguous range scan).
 * A query takes the `probes` nearest cells, ranks their codes by int8 cosine in SQL (the
 * JS heap never holds the library), and re-scores the best exactly from vec0. Filters: a
 * selective one (fewer matches than the probe would read) ranks every match's code through
 * the photo-id index (pre-filter, exact recall); a broad one probes more cells and applies
 * the filter while scanning (post-filter).
 * Upkeep: a new or re-embedded vector is filed under its nearest cell as it is stored; a
 * removed photo's row goes with it (trigger). When the library has grown 4× since the cells
 * were trained (or the lists miss vectors, an older library), new cells are trained and every
 * vector refiled in batches, each batch one transaction with the cursor, so a killed process
 * resumes where it stopped. Upkeep shares the core's event loop with searches, so every step
 * (sampling, a slice of a k-means round, a refile batch) is bounded to about 50 ms of work;
 * training lives in memory until its cells are stored (a killed process trains again). Until
 * a refile ends a query probes the old and the new cells, so every vector is always found in
 * exactly one. Below `minTrained` vectors there is one list
 * (cell 0): an int8 scan of 20,000 codes takes about 40 ms. A model switch uses the other
 * model's table, and so its own lists.
 */
import type Database from 'better-sqlite3';
import { vectorFromBlob } from '../../shared/vector-math';
import { all, get, identifier, pluck, run, sql, type SqlFragment } from '../db/sql';
import { int8Code, KMeans, nearestCentroid, nearestCentroids } from './vector-clusters';

/** Vectors below which one list is scanned whole (no cells). */
export const minTrained = 20_000;
/** Cells are retrained when the library has grown this many times since they were trained. */
const regrowth = 4;
/** Vectors refiled per step (one transaction), at most. */
const refileBatch = 2_000;
/**
 * Work per upkeep step in (vector × centroid) comparisons: about 50 ms of one core at 768
 * dimensions. Upkeep runs on the core's event loop between searches; training 256 cells at a
 * million photos in one step held it for about 40 s.
 */
const stepPairs = 64_000;
/** Training sample per cell. */
const samplePerCell = 128;
/** Sample vectors read per training step (point reads, about 0.03 ms each). */
const sampleBatch = 2_000;

/**
 * How many cells for `vectors`: about √n / 4, a power of two, between 16 and 1024. Finer
 * cells read fewer codes for the same recall: at 100,000 photos 64 cells with 6 probes read
 * 9 % of the codes, 32 cells 19 %, and on a less clustered synthetic library the finer cells
 * also kept more of the true top 100 (71 % against 55 %, docs/benchmarks.md "Search").
 */
export function cellsFor(vectors: number): number {
  if (vectors < minTrained) return 0;
  const target = Math.sqrt(vectors) / 4;
  return Math.min(1024, Math.max(16, 2 ** Math.round(Math.log2(target))));
}

/** How many cells a query probes among `cells`: 1 in 16, at least 6. */
export function probesFor(cells: number): number {
  return Math.min(cells, Math.max(6, Math.ceil(cells / 16)));
}

interface State {
  generation: number;
  trained: number;
  /** The last photo id refiled by the refile in progress; null when none is. */
  cursor: number | null;
  /** Whether every vector has its row (false for a library older than the lists). */
  complete: number;
}

/** Cells being trained, a step at a time (see maintain()); kept in memory only. */
interface Training {
  /** The library's size when training began: the state's `trained` once done. */
  size: number;
  cells: number;
  /** The largest photo id: sample ids are drawn from 1 to it. */
  hi: number;
  seed: number;
  tries: number;
  sample: Float32Array[];
  kmeans: KMeans | null;
}

interface Cell {
  id: number;
  generation: number;
  centroid: Float32Array;
}

/** The table names of a vec0 table's lists. */
export function listTables(vecTable: string) {
  return {
    lists: `${vecTable}_ivf`,
    cells: `${vecTable}_ivf_cells`,
    state: `${vecTable}_ivf_state`,
    forget: `${vecTable}_ivf_forget`,
  };
}

export class VectorLists {
  readonly #db: Database.Database;
  readonly #vec: SqlFragment;
  readonly lists: SqlFragment;
  readonly #cellsTable: SqlFragment;
  readonly #state: SqlFragment;
  /** The cells as last read, by generation (invalidated when the generation changes). */
  #cells: { generation: number; current: Cell[]; older: Cell[] } | null = null;
  #put: Database.Statement<[number, number, Buffer]> | null = null;
  /** Training in progress; a process that stops loses it and trains again (same seed). */
  #training: Training | null = null;
  #vector: Database.Statement<[bigint], { embedding: Buffer }> | null = null;

  constructor(db: Database.Database, vecTable: string) {
    this.#db = db;
    const names = listTables(vecTable);
    this.#vec = identifier(vecTable);
    this.lists = identifier(names.lists);
    this.#cellsTable = identifier(names.cells);
    this.#state = identifier(names.state);
  }

  /** Creates the tables if needed (inside EmbeddingStore.ensureModel's transaction). */
  static ensure(db: Database.Database, vecTable: string): void {
    const n = listTables(vecTable);
    const [lists, cells, state, forget] = [n.lists, n.cells, n.state, n.forget].map(
      (name) => identifier(name).text,
    );
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${lists} (cell INTEGER NOT NULL, photo_id INTEGER NOT NULL,
        code BLOB NOT NULL, PRIMARY KEY (cell, photo_id)) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX IF NOT EXISTS ${identifier(`${n.lists}_photo`).text} ON ${lists} (photo_id);
      CREATE TABLE IF NOT EXISTS ${cells} (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL,
        centroid BLOB NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS ${state} (id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL, trained INTEGER NOT NULL, cursor INTEGER,
        complete INTEGER NOT NULL) STRICT;
      CREATE TRIGGER IF NOT EXISTS ${forget} AFTER DELETE ON photos BEGIN
        DELETE FROM ${lists} WHERE photo_id = old.id;
      END;`);
    // A library that had vectors before its lists: complete only once refiled (maintain()).
    const hasVectors =
      db.prepare(`SELECT 1 FROM ${identifier(vecTable).text} LIMIT 1`).get() !== undefined;
    db.prepare(
      `INSERT OR IGNORE INTO ${state} (id, generation, trained, cursor, complete) VALUES (1, 0, 0, NULL, ?)`,
    ).run(hasVectors ? 0 : 1);
  }

  #stateRow(): State {
    const row = get<State>(
      this.#db,
      sql`SELECT generation, trained, cursor, complete FROM ${this.#state} WHERE id = 1`,
    );
    return row ?? { generation: 0, trained: 0, cursor: null, complete: 1 };
  }

  /** Whether every vector is in the lists, so a query may rely on them alone. */
  ready(): boolean {
    return this.#stateRow().complete === 1;
  }

  /** The cells of the current generation and of older ones still being refiled from. */
  #loadCells(): { generation: number; current: Cell[]; older: Cell[] } {
    const { generation } = this.#stateRow();
    if (this.#cells?.generation === generation) return this.#cells;
    const rows = all<{ id: number; generation: number; centroid: Buffer }>(
      this.#db,
      sql`SELECT id, generation, centroid FROM ${this.#cellsTable} ORDER BY id`,
    );
    const cells = rows.map((r) => ({ ...r, centroid: vectorFromBlob(r.centroid) }));
    this.#cells = {
      generation,
      current: cells.filter((c) => c.generation === generation),
      older: cells.filter((c) => c.generation !== generation),
    };
    return this.#cells;
  }

  /**
   * Files vectors (new or re-embedded) under their nearest current cell (0 before training);
   * the caller holds the transaction. REPLACE drops the photo's previous row (unique photo_id).
   */
  put(items: readonly { photoId: number; vector: Float32Array }[]): void {
    this.#put ??= this.#db.prepare(
      sql`INSERT OR REPLACE INTO ${this.lists} (cell, photo_id, code) VALUES (?, ?, ?)`.text,
    );
    const { current } = this.#loadCells();
    const centroids = current.map((c) => c.centroid);
    for (const { photoId, vector } of items) {
      const cell = current[nearestCentroid(vector, centroids)]?.id ?? 0;
      this.#put.run(cell, photoId, int8Code(vector));
    }
  }

  /** The cells a query reads: its `probes` nearest of each generation in use (see the Note). */
  probeCells(query: Float32Array, probes: number): number[] {
    const { current, older } = this.#loadCells();
    const pick = (cells: Cell[]) =>
      nearestCentroids(
        query,
        cells.map((c) => c.centroid),
        probes,
      ).map((i) => cells[i]?.id ?? 0);
    const cursor = this.#stateRow().cursor;
    if (current.length === 0) return [0];
    // While refiling, vectors not reached yet are still in older cells (or the one list).
    if (cursor === null) return pick(current);
    return [...pick(current), ...(older.length > 0 ? pick(older) : [0])];
  }

  /** The number of cells now (0: one list). */
  cellCount(): number {
    return this.#loadCells().current.length;
  }

  /** Vectors in the lists (an index count: the photo-id index is small). */
  size(): number {
    return pluck<number>(this.#db, sql`SELECT count(*) FROM ${this.lists}`) ?? 0;
  }

  /**
   * Whether maintain() has work: lists incomplete, a refile under way, the library grew, or
   * its cells were trained by an older rule that wanted at most half as many (once, after an
   * upgrade: a retrain gives cellsFor(trained) cells, so this never fires twice).
   */
  due(): boolean {
    const state = this.#stateRow();
    if (state.cursor !== null || state.complete === 0) return true;
    const size = this.size();
    if (size < minTrained) return false;
    const cells = this.cellCount();
    return (
      size >= regrowth * Math.max(state.trained, minTrained / regrowth) ||
      (cells > 0 && 2 * cells <= cellsFor(state.trained))
    );
  }

  /**
   * One bounded step of upkeep (at most about `stepPairs` comparisons): reads part of a
   * training sample, runs part of a k-means round, starts the refile with the trained cells,
   * or refiles the next batch. Returns whether more steps are needed. Each step that writes is
   * one transaction.
   */
  maintain(): boolean {
    const state = this.#stateRow();
    if (state.cursor === null) {
      if (!this.#training) {
        if (!this.due()) return false;
        this.#training = this.#startTraining(state);
      }
      if (this.#trainStep(this.#training)) this.#finishTraining(state, this.#training);
      return true;
    }
    const cells = this.#loadCells().current.length;
    const batch = Math.min(refileBatch, Math.max(100, Math.floor(stepPairs / Math.max(1, cells))));
    const ids = all<{ id: number }>(
      this.#db,
      sql`SELECT id FROM photos WHERE id > ${state.cursor} ORDER BY id LIMIT ${batch}`,
    ).map((r) => r.id);
    this.#db.transaction(() => {
      const items = ids.flatMap((photoId) => {
        const vector = this.#vectorOf(photoId);
        return vector ? [{ photoId, vector }] : [];
      });
      this.put(items);
      const last = ids.at(-1);
      if (last === undefined) {
        // Every vector is refiled: the older cells are empty now.
        run(this.#db, sql`DELETE FROM ${this.#cellsTable} WHERE generation <> ${state.generation}`);
        run(this.#db, sql`UPDATE ${this.#state} SET cursor = NULL, complete = 1 WHERE id = 1`);
      } else run(this.#db, sql`UPDATE ${this.#state} SET cursor = ${last} WHERE id = 1`);
    })();
    this.#cells = null;
    return ids.length > 0;
  }

  #vectorOf(photoId: number): Float32Array | null {
    this.#vector ??= this.#db.prepare(
      sql`SELECT embedding FROM ${this.#vec} WHERE photo_id = ?`.text,
    );
    const row = this.#vector.get(BigInt(photoId));
    return row ? vectorFromBlob(row.embedding) : null;
  }

  /** What training the next generation's cells needs: how many, and where samples come from. */
  #startTraining(state: State): Training {
    const size = Math.max(this.size(), state.complete === 0 ? this.#countVectors() : 0);
    return {
      size,
      cells: cellsFor(size),
      hi: pluck<number>(this.#db, sql`SELECT max(id) FROM photos`) ?? 0,
      seed: 0x9e3779b9,
      tries: 0,
      sample: [],
      kmeans: null,
    };
  }

  /**
   * One step of training: more of the sample (random ids, seeded: a rebuild after a crash
   * trains the same cells; not a stride, which can beat with any periodicity in how photos were
   * added and miss whole scenes), else part of k-means. True once the centroids are trained.
   */
  #trainStep(training: Training): boolean {
    if (training.cells === 0) return true;
    const want = training.cells * samplePerCell;
    if (!training.kmeans && training.sample.length < want && training.tries < want * 4) {
      const stop = Math.min(want * 4, training.tries + sampleBatch);
      for (; training.tries < stop && training.sample.length < want; training.tries++) {
        training.seed ^= training.seed << 13;
        training.seed ^= training.seed >>> 17;
        training.seed ^= training.seed << 5;
        const v = this.#vectorOf(1 + ((training.seed >>> 0) % Math.max(1, training.hi)));
        if (v) training.sample.push(v);
      }
      return false;
    }
    training.kmeans ??= new KMeans(training.sample, training.cells);
    return training.kmeans.step(stepPairs);
  }

  /** Stores the trained cells as the next generation and starts refiling from the start. */
  #finishTraining(state: State, training: Training): void {
    const generation = state.generation + 1;
    const centroids = training.kmeans?.centroids ?? [];
    this.#db.transaction(() => {
      for (const c of centroids)
        run(
          this.#db,
          sql`INSERT INTO ${this.#cellsTable} (generation, centroid) VALUES (${generation}, ${Buffer.from(c.buffer, c.byteOffset, c.byteLength)})`,
        );
      run(
        this.#db,
        sql`UPDATE ${this.#state} SET generation = ${generation}, trained = ${training.size}, cursor = 0 WHERE id = 1`,
      );
    })();
    this.#training = null;
    this.#cells = null;
  }

  /** Vectors in the vec0 table (reads every chunk: only for a library older than its lists). */
  #countVectors(): number {
    return pluck<number>(this.#db, sql`SELECT count(*) FROM ${this.#vec}`) ?? 0;
  }
}
