/**
 * @file Vectors and embedding jobs. Each model's vectors live in their own sqlite-vec table
 * (`vec_<model>_<dimension>`, cosine distance), created on first use; an `embed:<model>` job
 * per photo tracks what is left, so an interrupted run resumes without embedding twice.
 */
import type Database from 'better-sqlite3';
import type { Row } from '../db/rows';
import { all, get, identifier, pluck, run, sql } from '../db/sql';
import { JobQueue, type Job, type JobStage } from '../jobs/job-queue';
import { VectorLists } from './vector-lists';

/** A pending embed job: the photo and the file its model input is made from. */
export type EmbedJob = Job;

export interface ModelVectors {
  id: string;
  dimension: number;
  vectors: number;
}

/**
 * The embed stage of one model: the model id is its version ([Note: Pipeline]). A photo the
 * model fails on is tried once more (the worker may have crashed for another photo's sake),
 * then it is a problem.
 */
export const embedStage = (modelId: string): JobStage => ({
  name: 'embed',
  version: modelId,
  attempts: 2,
  problem: 'crashed',
  afterIngest: true,
});

/**
 * The sign-bit copy of a model's vectors (one bit per dimension) that search scans first
 * (see [Note: Two-pass vector search]); null for dimensions that are not whole bytes.
 */
export function bitsTableName(vecTable: string, dimension: number): string | null {
  return dimension % 8 === 0 ? `${vecTable}_bits` : null;
}

/** A table name from a model id: letters, digits and underscores only. */
export function vecTableName(modelId: string, dimension: number): string {
  return `vec_${modelId.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${String(dimension)}`;
}

export class EmbeddingStore {
  readonly #queues = new Map<string, JobQueue>();
  /** The inverted lists of each vector table, written with its vectors. */
  readonly #lists = new Map<string, VectorLists>();

  constructor(private readonly db: Database.Database) {}

  /** The embed jobs of a model. */
  jobs(modelId: string): JobQueue {
    let queue = this.#queues.get(modelId);
    if (!queue) {
      queue = new JobQueue(this.db, embedStage(modelId));
      this.#queues.set(modelId, queue);
    }
    return queue;
  }

  /**
   * Registers a model and creates its vector table if needed; returns the table name.
   *
   * [Note: Two-pass vector search]
   * vec0 keeps vectors in chunks; 64 per chunk (not the default 1024) makes reading one
   * photo's vector cheap, which re-scoring needs. Next to it a plain table holds each
   * vector's sign bits (96 bytes for 768 dimensions): search scans those by Hamming distance
   * (100,000 photos in about 20 ms), then re-scores the best candidates with exact cosine
   * similarity from vec0. A trigger forgets a photo's vectors with the photo. At scale the
   * first pass reads inverted lists instead: see [Note: Vector search at scale].
   */
  ensureModel(modelId: string, dimension: number): string {
    const table = vecTableName(modelId, dimension);
    const bitsName = bitsTableName(table, dimension);
    // DDL takes no parameters: names go in through identifier(), the dimension as a number.
    const vec = identifier(table).text;
    const bits = bitsName === null ? null : identifier(bitsName).text;
    const trigger = identifier(`${table}_forget`).text;
    this.db.transaction(() => {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${vec} USING vec0(photo_id integer primary key, embedding float[${String(dimension)}] distance_metric=cosine, chunk_size=64)`,
      );
      if (bits) {
        this.db.exec(
          `CREATE TABLE IF NOT EXISTS ${bits} (photo_id INTEGER PRIMARY KEY, bits BLOB NOT NULL) STRICT`,
        );
        // Vectors stored before the bit table existed.
        this.db.exec(
          `INSERT OR IGNORE INTO ${bits} (photo_id, bits)
           SELECT photo_id, vec_quantize_binary(embedding) FROM ${vec}
            WHERE (SELECT count(*) FROM ${bits}) < (SELECT count(*) FROM ${vec})`,
        );
      }
      this.db.exec(
        `CREATE TRIGGER IF NOT EXISTS ${trigger} AFTER DELETE ON photos BEGIN
           DELETE FROM ${vec} WHERE photo_id = old.id;
           ${bits ? `DELETE FROM ${bits} WHERE photo_id = old.id;` : ''}
         END`,
      );
      VectorLists.ensure(this.db, table);
      run(
        this.db,
        sql`INSERT INTO embedding_models (id, dimension, vec_table, added_at)
            VALUES (${modelId}, ${dimension}, ${table}, ${new Date().toISOString()})
            ON CONFLICT (id) DO UPDATE SET dimension = excluded.dimension, vec_table = excluded.vec_table`,
      );
    })();
    return table;
  }

  /** The vector table of a model that has one. */
  table(modelId: string): string {
    const row = get<Pick<Row<'embedding_models'>, 'vec_table'>>(
      this.db,
      sql`SELECT vec_table FROM embedding_models WHERE id = ${modelId}`,
    );
    if (!row) throw new Error(`model ${modelId} has no vector table yet`);
    return row.vec_table;
  }

  /** The inverted lists of a model's vectors. */
  lists(modelId: string): VectorLists {
    const table = this.table(modelId);
    let lists = this.#lists.get(table);
    if (!lists) {
      lists = new VectorLists(this.db, table);
      this.#lists.set(table, lists);
    }
    return lists;
  }

  /**
   * Keeps a model's lists up to date (trains cells as the library grows, refiles after a
   * crash or on an older library) in steps of one transaction, yielding between them so the
   * app stays responsive. `stopped` ends it early; the next call resumes.
   */
  async maintainIndex(modelId: string, stopped: () => boolean = () => false): Promise<void> {
    const lists = this.lists(modelId);
    while (!stopped() && lists.maintain()) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Queues an embed job for every processed photo that has no vector for this model. */
  queueMissing(modelId: string): number {
    const table = this.table(modelId);
    return this.jobs(modelId).queue(
      sql`NOT EXISTS (SELECT 1 FROM ${identifier(table)} v WHERE v.photo_id = p.id)`,
    );
  }

  /** Pending embed jobs whose photo is processed and on disk, most recently captured first. */
  pendingJobs(modelId: string, limit: number, except: readonly number[] = []): EmbedJob[] {
    return this.jobs(modelId).take(limit, except);
  }

  /** Whether any photo still waits for this model (an index probe: searches ask every time). */
  hasPending(modelId: string): boolean {
    return this.jobs(modelId).hasPending();
  }

  /** The models with vectors, without counting them (see models()). */
  modelRows(): Pick<Row<'embedding_models'>, 'id' | 'dimension'>[] {
    return all<Pick<Row<'embedding_models'>, 'id' | 'dimension'>>(
      this.db,
      sql`SELECT id, dimension FROM embedding_models ORDER BY id`,
    );
  }

  /** Pending embed jobs the runner can do now (a set-aside or missing photo is not counted). */
  countRunnable(modelId: string): number {
    return this.jobs(modelId).countRunnable();
  }

  /** Stores vectors and closes their jobs in one transaction (a crash keeps both or neither). */
  storeVectors(modelId: string, items: readonly { job: EmbedJob; vector: Float32Array }[]): void {
    const table = this.table(modelId);
    const first = items[0];
    const bitsName = first ? bitsTableName(table, first.vector.length) : null;
    const vec = identifier(table);
    // Prepared once for the batch; the fragments only carry the table names.
    const remove = this.db.prepare<[bigint]>(sql`DELETE FROM ${vec} WHERE photo_id = ?`.text);
    const insert = this.db.prepare<[bigint, Float32Array]>(
      sql`INSERT INTO ${vec} (photo_id, embedding) VALUES (?, ?)`.text,
    );
    const insertBits = bitsName
      ? this.db.prepare<[number, Float32Array]>(
          sql`INSERT OR REPLACE INTO ${identifier(bitsName)} (photo_id, bits) VALUES (?, vec_quantize_binary(?))`
            .text,
        )
      : null;
    this.db.transaction(() => {
      for (const { job, vector } of items) {
        remove.run(BigInt(job.photoId));
        insert.run(BigInt(job.photoId), vector);
        insertBits?.run(job.photoId, vector);
      }
      this.lists(modelId).put(items.map(({ job, vector }) => ({ photoId: job.photoId, vector })));
      this.jobs(modelId).complete(items.map((i) => i.job.photoId));
    })();
  }

  /**
   * A photo the model could not embed: tried once more, then recorded as a problem and left
   * alone until its file changes. `final`: the photo itself is at fault (it cannot be read),
   * another try would fail the same way.
   */
  failJob(modelId: string, job: EmbedJob, reason: string, final = false): void {
    this.jobs(modelId).fail(job, reason, { final });
  }

  /** Every model with vectors, and how many. */
  models(): ModelVectors[] {
    const rows = all<Pick<Row<'embedding_models'>, 'id' | 'dimension' | 'vec_table'>>(
      this.db,
      sql`SELECT id, dimension, vec_table FROM embedding_models ORDER BY id`,
    );
    return rows.map((r) => ({
      id: r.id,
      dimension: r.dimension,
      vectors: pluck<number>(this.db, sql`SELECT count(*) FROM ${identifier(r.vec_table)}`) ?? 0,
    }));
  }
}
