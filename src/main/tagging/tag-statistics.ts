/**
 * @file Each model's per-concept score statistics over the library, kept in SQLite and
 * computed again only when they no longer describe the library (see [Note: Tag calibration]).
 *
 * The table is a cache of what the photo vectors and concept vectors determine, like the
 * vector tables: it is created on first use, and a database rebuilt without it computes the
 * statistics again on the next tagging run.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { TaggingCalibration } from '../../shared/model-catalog';
import { get, run, sql } from '../db/sql';
import type { VectorIndex } from '../embeddings/vector-index';
import {
  calibrate,
  ConceptMatrix,
  conceptStatistics,
  growthFactor,
  sampleSize,
  type CalibratedVocabulary,
  type ConceptStatistics,
} from './tag-calibration';
import { taggerVersion } from './tag-store';

interface StatisticsRow {
  concepts_key: string;
  method: number;
  library_size: number;
  sample_size: number;
  statistics: string;
}

/** What `current` found: the calibrated concepts, and whether the statistics were just made. */
export interface CurrentCalibration {
  vocabulary: CalibratedVocabulary;
  /** True when computed anew: photos tagged before were judged on other statistics. */
  refreshed: boolean;
  librarySize: number;
  sampled: number;
}

/** A fingerprint of the concept vectors: new prompts or a new language give new statistics. */
export function conceptsKey(concepts: readonly { id: string; vector: Float32Array }[]): string {
  const hash = createHash('sha256');
  for (const c of concepts) {
    hash.update(c.id);
    hash.update(new Uint8Array(c.vector.buffer, c.vector.byteOffset, c.vector.byteLength));
  }
  return hash.digest('hex').slice(0, 32);
}

/** Up to `size` photo vectors of `index`, spread evenly over the library's photo ids. */
export function sampleVectors(index: VectorIndex, librarySize: number, size: number) {
  const step = Math.max(1, Math.floor(librarySize / size));
  const out: Float32Array[] = [];
  let afterId = 0;
  while (out.length < size) {
    const page = index.scan({ where: sql`p.id % ${step} = 0`, afterId, limit: size });
    if (page.length === 0) break;
    for (const p of page) if (out.length < size) out.push(p.vector);
    afterId = page.at(-1)?.photoId ?? afterId;
  }
  return out;
}

export class TagStatistics {
  #created = false;

  constructor(private readonly db: Database.Database) {}

  #ensureTable(): void {
    if (this.#created) return;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS tag_statistics (
        model_id     TEXT PRIMARY KEY,
        concepts_key TEXT NOT NULL,
        method       INTEGER NOT NULL,
        library_size INTEGER NOT NULL,
        sample_size  INTEGER NOT NULL,
        statistics   TEXT NOT NULL,
        computed_at  TEXT NOT NULL
      ) STRICT`);
    this.#created = true;
  }

  /**
   * The concepts calibrated for `index`'s library: the stored statistics while they still
   * describe it, else new ones from a fresh sample (see [Note: Tag calibration]).
   */
  current(
    index: VectorIndex,
    concepts: readonly { id: string; vector: Float32Array }[],
    prior: TaggingCalibration | null,
  ): CurrentCalibration {
    this.#ensureTable();
    const key = conceptsKey(concepts);
    const matrix = new ConceptMatrix(concepts);
    const librarySize = index.count(sql`p.state = 'ready'`);
    const stored = get<StatisticsRow>(
      this.db,
      sql`SELECT concepts_key, method, library_size, sample_size, statistics
            FROM tag_statistics WHERE model_id = ${index.modelId}`,
    );
    if (stored && this.#stillValid(stored, key, librarySize)) {
      const statistics = JSON.parse(stored.statistics) as ConceptStatistics[];
      return {
        vocabulary: calibrate(matrix, statistics, stored.sample_size, prior),
        refreshed: false,
        librarySize: stored.library_size,
        sampled: stored.sample_size,
      };
    }
    const sample = sampleVectors(index, librarySize, sampleSize);
    const statistics = conceptStatistics(sample, matrix);
    run(
      this.db,
      sql`INSERT INTO tag_statistics
            (model_id, concepts_key, method, library_size, sample_size, statistics, computed_at)
          VALUES (${index.modelId}, ${key}, ${taggerVersion}, ${librarySize}, ${sample.length},
                  ${JSON.stringify(statistics)}, ${new Date().toISOString()})
          ON CONFLICT (model_id) DO UPDATE SET concepts_key = excluded.concepts_key,
            method = excluded.method, library_size = excluded.library_size,
            sample_size = excluded.sample_size, statistics = excluded.statistics,
            computed_at = excluded.computed_at`,
    );
    return {
      vocabulary: calibrate(matrix, statistics, sample.length, prior),
      refreshed: true,
      librarySize,
      sampled: sample.length,
    };
  }

  #stillValid(stored: StatisticsRow, key: string, librarySize: number): boolean {
    if (stored.concepts_key !== key || stored.method !== taggerVersion) return false;
    const was = stored.library_size;
    return librarySize < was * growthFactor && librarySize * growthFactor > was;
  }
}
