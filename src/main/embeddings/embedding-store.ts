/**
 * @file Vectors and embedding jobs. Each model's vectors live in their own sqlite-vec table
 * (`vec_<model>_<dimension>`, cosine distance), created on first use; an `embed:<model>` job
 * per photo tracks what is left, so an interrupted run resumes without embedding twice.
 */
import type Database from 'better-sqlite3';
import type { PhotoFormat } from '../library/image-format';
import { firstPresentFile } from '../library/photo-query';
import { recordProblem } from '../library/problem-store';

export interface EmbedJob {
  jobId: number;
  photoId: number;
  fingerprint: string;
  format: PhotoFormat;
  orientation: number | null;
  path: string;
  folderId: number;
  attempts: number;
}

export interface ModelVectors {
  id: string;
  dimension: number;
  vectors: number;
}

const jobKind = (modelId: string) => `embed:${modelId}`;

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
  constructor(private readonly db: Database.Database) {}

  /**
   * Registers a model and creates its vector table if needed; returns the table name.
   *
   * [Note: Two-pass vector search]
   * vec0 keeps vectors in chunks; 64 per chunk (not the default 1024) makes reading one
   * photo's vector cheap, which re-scoring needs. Next to it a plain table holds each
   * vector's sign bits (96 bytes for 768 dimensions): search scans those by Hamming distance
   * (100,000 photos in about 20 ms), then re-scores the best candidates with exact cosine
   * similarity from vec0. A trigger forgets a photo's vectors with the photo.
   */
  ensureModel(modelId: string, dimension: number): string {
    const table = vecTableName(modelId, dimension);
    const bits = bitsTableName(table, dimension);
    this.db.transaction(() => {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS "${table}" USING vec0(photo_id integer primary key, embedding float[${String(dimension)}] distance_metric=cosine, chunk_size=64)`,
      );
      if (bits) {
        this.db.exec(
          `CREATE TABLE IF NOT EXISTS "${bits}" (photo_id INTEGER PRIMARY KEY, bits BLOB NOT NULL) STRICT`,
        );
        // Vectors stored before the bit table existed.
        this.db.exec(
          `INSERT OR IGNORE INTO "${bits}" (photo_id, bits)
           SELECT photo_id, vec_quantize_binary(embedding) FROM "${table}"
            WHERE (SELECT count(*) FROM "${bits}") < (SELECT count(*) FROM "${table}")`,
        );
      }
      this.db.exec(
        `CREATE TRIGGER IF NOT EXISTS "${table}_forget" AFTER DELETE ON photos BEGIN
           DELETE FROM "${table}" WHERE photo_id = old.id;
           ${bits ? `DELETE FROM "${bits}" WHERE photo_id = old.id;` : ''}
         END`,
      );
      this.db
        .prepare(
          'INSERT INTO embedding_models (id, dimension, vec_table, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET dimension = excluded.dimension, vec_table = excluded.vec_table',
        )
        .run(modelId, dimension, table, new Date().toISOString());
    })();
    return table;
  }

  /** The vector table of a model that has one. */
  table(modelId: string): string {
    const row = this.db
      .prepare('SELECT vec_table FROM embedding_models WHERE id = ?')
      .get(modelId) as { vec_table: string } | undefined;
    if (!row) throw new Error(`model ${modelId} has no vector table yet`);
    return row.vec_table;
  }

  /** Queues an embed job for every processed photo that has no vector for this model. */
  queueMissing(modelId: string): number {
    const table = this.table(modelId);
    return this.db
      .prepare(
        `INSERT INTO jobs (kind, photo_id, state, attempts)
         SELECT ?, p.id, 'pending', 0 FROM photos p
          WHERE p.state = 'ready' AND NOT EXISTS (SELECT 1 FROM "${table}" v WHERE v.photo_id = p.id)
         ON CONFLICT (kind, photo_id) DO NOTHING`,
      )
      .run(jobKind(modelId)).changes;
  }

  /** Pending embed jobs whose photo is processed and on disk, most recently captured first. */
  pendingJobs(modelId: string, limit: number, except: readonly number[] = []): EmbedJob[] {
    return this.db
      .prepare(
        `SELECT j.id AS jobId, j.photo_id AS photoId, j.attempts, p.fingerprint, p.format, p.orientation,
                f.path, f.folder_id AS folderId
           FROM jobs j JOIN photos p ON p.id = j.photo_id AND p.state = 'ready'
           JOIN files f ON f.id = ${firstPresentFile('j.photo_id', 'id')}
          WHERE j.kind = ? AND j.state = 'pending' AND j.id NOT IN (SELECT value FROM json_each(?))
          ORDER BY p.captured_at_utc DESC NULLS LAST, p.id DESC LIMIT ?`,
      )
      .all(jobKind(modelId), JSON.stringify(except), limit) as EmbedJob[];
  }

  /** Whether any photo still waits for this model (an index probe: searches ask every time). */
  hasPending(modelId: string): boolean {
    return (
      this.db
        .prepare("SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = ? AND state = 'pending')")
        .pluck()
        .get(jobKind(modelId)) === 1
    );
  }

  /** The models with vectors, without counting them (see models()). */
  modelRows(): { id: string; dimension: number }[] {
    return this.db.prepare('SELECT id, dimension FROM embedding_models ORDER BY id').all() as {
      id: string;
      dimension: number;
    }[];
  }

  countPending(modelId: string): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM jobs WHERE kind = ? AND state = 'pending'")
        .get(jobKind(modelId)) as { n: number }
    ).n;
  }

  /** Stores vectors and closes their jobs in one transaction (a crash keeps both or neither). */
  storeVectors(modelId: string, items: readonly { job: EmbedJob; vector: Float32Array }[]): void {
    const table = this.table(modelId);
    const first = items[0];
    const bits = first ? bitsTableName(table, first.vector.length) : null;
    const remove = this.db.prepare(`DELETE FROM "${table}" WHERE photo_id = ?`);
    const insert = this.db.prepare(`INSERT INTO "${table}" (photo_id, embedding) VALUES (?, ?)`);
    const insertBits = bits
      ? this.db.prepare(
          `INSERT OR REPLACE INTO "${bits}" (photo_id, bits) VALUES (?, vec_quantize_binary(?))`,
        )
      : null;
    const done = this.db.prepare("UPDATE jobs SET state = 'done' WHERE id = ?");
    this.db.transaction(() => {
      for (const { job, vector } of items) {
        remove.run(BigInt(job.photoId));
        insert.run(BigInt(job.photoId), vector);
        insertBits?.run(job.photoId, vector);
        done.run(job.jobId);
      }
    })();
  }

  /**
   * A photo the model could not embed: tried once more, then recorded as a problem and left
   * alone until its file changes.
   */
  failJob(job: EmbedJob, reason: string): void {
    this.db.transaction(() => {
      if (job.attempts + 1 < 2) {
        this.db.prepare('UPDATE jobs SET attempts = attempts + 1 WHERE id = ?').run(job.jobId);
        return;
      }
      this.db
        .prepare("UPDATE jobs SET state = 'failed', attempts = attempts + 1 WHERE id = ?")
        .run(job.jobId);
      recordProblem(this.db, job.folderId, job.path, 'crashed', reason);
    })();
  }

  /** Every model with vectors, and how many. */
  models(): ModelVectors[] {
    const rows = this.db
      .prepare('SELECT id, dimension, vec_table FROM embedding_models ORDER BY id')
      .all() as {
      id: string;
      dimension: number;
      vec_table: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      dimension: r.dimension,
      vectors: (
        this.db.prepare(`SELECT count(*) AS n FROM "${r.vec_table}"`).get() as { n: number }
      ).n,
    }));
  }
}
