/**
 * @file Face descriptors in sqlite-vec: one vec0 table per face model (`vec_faces_<model>_<dim>`,
 * cosine distance), beside the photo vectors and never mixed with them (ARCHITECTURE §3). The
 * only code that knows how face vectors are stored; the persons core (src/main/people) reads
 * and writes them through this class, as lint requires (eslint.config.js, "Vector tables").
 */
import type Database from 'better-sqlite3';
import { vectorFromBlob } from '../../shared/vector-math';
import type { Row } from '../db/rows';
import { all, get, identifier, run, sql } from '../db/sql';

/** A face and its cosine distance (1 − cosine similarity) to a query. */
export interface NearFace {
  faceId: number;
  distance: number;
}

/** Up to this many faces, vectors() looks each up by id rather than scanning the table. */
const pointLookups = 2000;

/** vec0's k-NN asks for a k; a range search doubles it until the answer ends past the radius. */
const firstK = 32;

export function faceVecTableName(modelId: string, dimension: number): string {
  return `vec_faces_${modelId.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${String(dimension)}`;
}

export class FaceVectors {
  readonly #tables = new Map<string, string>();

  constructor(private readonly db: Database.Database) {}

  /** The vector table of a face model, created (with its clean-up trigger) on first use. */
  ensureModel(modelId: string, dimension: number): string {
    const known = this.#tables.get(modelId);
    if (known) return known;
    const table = faceVecTableName(modelId, dimension);
    const vec = identifier(table).text;
    const trigger = identifier(`${table}_forget`).text;
    this.db.transaction(() => {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${vec} USING vec0(face_id integer primary key, embedding float[${String(dimension)}] distance_metric=cosine, chunk_size=64)`,
      );
      // A face row that goes (re-detected, photo forgotten) takes its vector with it.
      this.db.exec(
        `CREATE TRIGGER IF NOT EXISTS ${trigger} AFTER DELETE ON faces BEGIN
           DELETE FROM ${vec} WHERE face_id = old.id;
         END`,
      );
      run(
        this.db,
        sql`INSERT INTO face_models (id, dimension, vec_table, added_at)
            VALUES (${modelId}, ${dimension}, ${table}, ${new Date().toISOString()})
            ON CONFLICT (id) DO NOTHING`,
      );
    })();
    this.#tables.set(modelId, table);
    return table;
  }

  #table(modelId: string): string | null {
    const known = this.#tables.get(modelId);
    if (known) return known;
    const row = get<Pick<Row<'face_models'>, 'vec_table'>>(
      this.db,
      sql`SELECT vec_table FROM face_models WHERE id = ${modelId}`,
    );
    if (row) this.#tables.set(modelId, row.vec_table);
    return row?.vec_table ?? null;
  }

  /** Stores a face's unit-length descriptor. */
  put(modelId: string, faceId: number, vector: Float32Array): void {
    const table = identifier(this.ensureModel(modelId, vector.length));
    run(
      this.db,
      sql`INSERT INTO ${table} (face_id, embedding) VALUES (${BigInt(faceId)}, ${vector})`,
    );
  }

  /** The descriptors of these faces of one model, by face id (faces without one are absent). */
  vectors(modelId: string, faceIds: readonly number[]): Map<number, Float32Array> {
    const table = this.#table(modelId);
    if (table === null || faceIds.length === 0) return new Map();
    // vec0 answers `face_id = ?` from its row index, but `IN (…)` by reading every vector:
    // a few faces (a person, a photo) are looked up one by one.
    if (faceIds.length <= pointLookups) {
      const one = this.db.prepare<[bigint], { embedding: Buffer }>(
        sql`SELECT embedding FROM ${identifier(table)} WHERE face_id = ?`.text,
      );
      const out = new Map<number, Float32Array>();
      for (const id of faceIds) {
        const row = one.get(BigInt(id));
        if (row) out.set(id, vectorFromBlob(row.embedding));
      }
      return out;
    }
    const rows = all<{ face_id: number; embedding: Buffer }>(
      this.db,
      sql`SELECT face_id, embedding FROM ${identifier(table)}
           WHERE face_id IN (SELECT value FROM json_each(${JSON.stringify(faceIds)}))`,
    );
    return new Map(rows.map((r) => [r.face_id, vectorFromBlob(r.embedding)]));
  }

  /** Calls `visit` with every face of the model and its descriptor, one at a time. */
  each(modelId: string, visit: (faceId: number, vector: Float32Array) => void): void {
    const table = this.#table(modelId);
    if (table === null) return;
    const rows = this.db
      .prepare<[], { face_id: number; embedding: Buffer }>(
        sql`SELECT face_id, embedding FROM ${identifier(table)}`.text,
      )
      .iterate();
    for (const r of rows) visit(r.face_id, vectorFromBlob(r.embedding));
  }

  /**
   * Every face of the model closer than `radius` (cosine distance) to `query`: exact, not a
   * top-k, since clustering must see every edge ([Note: Persons]).
   */
  within(modelId: string, query: Float32Array, radius: number): NearFace[] {
    const table = this.#table(modelId);
    if (table === null) return [];
    const knn = this.db.prepare<[Float32Array, number], NearFace>(
      sql`SELECT face_id AS faceId, distance FROM ${identifier(table)} WHERE embedding MATCH ? AND k = ? ORDER BY distance`
        .text,
    );
    for (let k = firstK; ; k *= 2) {
      const found = knn.all(query, k);
      const last = found.at(-1);
      if (found.length < k || (last && last.distance >= radius))
        return found.filter((f) => f.distance < radius);
    }
  }
}
