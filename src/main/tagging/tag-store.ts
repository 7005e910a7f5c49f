/**
 * @file Photo tags and cached tag vectors in SQLite. A tag row is (photo, name): `name` is a
 * vocabulary concept id for auto-tags and the user's own words otherwise. Rows the user has
 * decided on (accepted, rejected) are never overwritten by the auto-tagger.
 */
import type Database from 'better-sqlite3';
import { vectorFromBlob, vectorToBlob } from '../../shared/vector-math';
import type { Row } from '../db/rows';
import { all, get, run, sql, type SqlFragment } from '../db/sql';
import { hasPresentFile } from '../library/photo-query';
import type { PhotoVector, VectorIndex } from '../embeddings/vector-index';
import { JobQueue, type JobStage } from '../jobs/job-queue';

export type TagSource = Row<'photo_tags'>['source'];
export type TagState = Row<'photo_tags'>['state'];

/** A tag of one photo, as photoTags() lists it. */
export type PhotoTagRow = Pick<Row<'photo_tags'>, 'name' | 'source' | 'state' | 'score'>;

export interface TagCount {
  name: string;
  /** Photos where the tag is accepted (user, embedded, or an accepted suggestion). */
  accepted: number;
  /** Photos where it is a suggestion awaiting review. */
  suggested: number;
  /** True when any photo has it from the user or from file metadata. */
  userMade: boolean;
  /** The photo that stands for the tag: its most confident accepted photo, else suggestion. */
  cover: number | null;
}

/**
 * The version of how suggestions are made from a photo's vector (calibration, vocabulary
 * matching, `maxPerPhoto`): raise it when that changes, and every photo is tagged again
 * while its vectors stay ([Note: Pipeline]). 2: calibrated against the library's own scores
 * ([Note: Tag calibration]), concepts embedded through the prompt ensembles ([Note: Prompt
 * ensembles]).
 */
export const taggerVersion = 2;

/** The tag stage of one model: `tag:<model>@<taggerVersion>`. */
export const tagStage = (modelId: string): JobStage => ({
  name: 'tag',
  version: `${modelId}@${String(taggerVersion)}`,
  afterIngest: true,
});

const now = () => new Date().toISOString();

/**
 * A condition over `photo_tags`: its photo is in the library (has a present file), so tag
 * lists and bulk reviews leave out photos of removed folders ([Note: Removed folders]) and
 * photos gone from disk, whose decisions wait for them unchanged.
 */
const inLibrary: SqlFragment = { text: hasPresentFile('photo_tags.photo_id'), params: [] };
const coverInLibrary: SqlFragment = { text: hasPresentFile('c.photo_id'), params: [] };

export class TagStore {
  readonly #queues = new Map<string, JobQueue>();

  constructor(private readonly db: Database.Database) {}

  /** The tag jobs of a model (done rows; a changed photo's go back to pending). */
  jobs(modelId: string): JobQueue {
    let queue = this.#queues.get(modelId);
    if (!queue) {
      queue = new JobQueue(this.db, tagStage(modelId));
      this.#queues.set(modelId, queue);
    }
    return queue;
  }

  /** Photos with a vector in `index` that the auto-tagger has not seen yet, newest first. */
  untagged(index: VectorIndex, limit: number): PhotoVector[] {
    const done = this.jobs(index.modelId).isDone('p.id');
    return index.unvisited(done, limit);
  }

  /**
   * Replaces this model's open suggestions for a photo and marks it tagged, in one
   * transaction. Accepted and rejected rows stay as the user left them.
   */
  suggest(
    modelId: string,
    items: readonly { photoId: number; tags: readonly { name: string; score: number }[] }[],
  ): void {
    // Prepared once for the batch.
    const clear = this.db.prepare<[number]>(
      // Open suggestions of any model: after a model switch the new one's replace the old one's.
      "DELETE FROM photo_tags WHERE photo_id = ? AND source = 'auto' AND state = 'suggested'",
    );
    const insert = this.db.prepare<[number, string, number, string, string]>(
      `INSERT INTO photo_tags (photo_id, name, source, state, score, model, updated_at)
       VALUES (?, ?, 'auto', 'suggested', ?, ?, ?)
       ON CONFLICT (photo_id, name) DO NOTHING`,
    );
    const at = now();
    this.db.transaction(() => {
      for (const { photoId, tags } of items) {
        clear.run(photoId);
        for (const t of tags) insert.run(photoId, t.name, t.score, modelId, at);
      }
      this.jobs(modelId).complete(items.map((i) => i.photoId));
    })();
  }

  photoTags(photoId: number): PhotoTagRow[] {
    return all<PhotoTagRow>(
      this.db,
      sql`SELECT name, source, state, score FROM photo_tags WHERE photo_id = ${photoId}
           ORDER BY state = 'accepted' DESC, score DESC, name`,
    );
  }

  /** Accepts a suggestion, or adds the user's own tag (accepted). Returns whether anything changed. */
  accept(photoId: number, name: string, source: TagSource = 'user'): boolean {
    return (
      run(
        this.db,
        sql`INSERT INTO photo_tags (photo_id, name, source, state, updated_at)
            VALUES (${photoId}, ${name}, ${source}, 'accepted', ${now()})
            ON CONFLICT (photo_id, name) DO UPDATE SET state = 'accepted', updated_at = excluded.updated_at
             WHERE photo_tags.state <> 'accepted'`,
      ) > 0
    );
  }

  /** Rejects a tag on a photo; the row stays so the suggestion is never made again. */
  reject(photoId: number, name: string): void {
    run(
      this.db,
      sql`INSERT INTO photo_tags (photo_id, name, source, state, updated_at)
          VALUES (${photoId}, ${name}, 'auto', 'rejected', ${now()})
          ON CONFLICT (photo_id, name) DO UPDATE SET state = 'rejected', updated_at = excluded.updated_at`,
    );
  }

  /** Accepts every open suggestion of these photos (non-interactive tagging). */
  acceptSuggestions(photoIds: readonly number[]): number {
    return run(
      this.db,
      sql`UPDATE photo_tags SET state = 'accepted', updated_at = ${now()}
           WHERE state = 'suggested' AND photo_id IN (SELECT value FROM json_each(${JSON.stringify(photoIds)}))`,
    );
  }

  /** Accepts or rejects every open suggestion of one tag (the review queue). */
  review(name: string, accept: boolean): number {
    const state: TagState = accept ? 'accepted' : 'rejected';
    return run(
      this.db,
      sql`UPDATE photo_tags SET state = ${state}, updated_at = ${now()}
           WHERE name = ${name} AND state = 'suggested' AND ${inLibrary}`,
    );
  }

  /** A tag's open suggestions, most confident first. */
  suggestionsOf(name: string): { photoId: number; score: number | null }[] {
    return all<{ photoId: number; score: number | null }>(
      this.db,
      sql`SELECT photo_id AS photoId, score FROM photo_tags
           WHERE name = ${name} AND state = 'suggested' AND ${inLibrary}
           ORDER BY score DESC, photo_id DESC`,
    );
  }

  /** Accepts a tag on these photos only (one transaction); returns how many changed. */
  acceptOnly(name: string, photoIds: readonly number[]): number {
    return this.db.transaction(() =>
      photoIds.reduce((n, id) => n + (this.accept(id, name) ? 1 : 0), 0),
    )();
  }

  /** Rejects a tag on these photos (one transaction): remembered, never suggested again. */
  rejectAll(name: string, photoIds: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of photoIds) this.reject(id, name);
    })();
  }

  /** Photos where the user rejected (or excluded) a tag. */
  rejectedPhotos(name: string): number[] {
    return all<Pick<Row<'photo_tags'>, 'photo_id'>>(
      this.db,
      sql`SELECT photo_id FROM photo_tags WHERE name = ${name} AND state = 'rejected'`,
    ).map((t) => t.photo_id);
  }

  /** Takes back a tag the user typed on one photo (they picked its translation instead). */
  dropUserTag(photoId: number, name: string): void {
    run(
      this.db,
      sql`DELETE FROM photo_tags WHERE photo_id = ${photoId} AND name = ${name} AND source = 'user'`,
    );
  }

  /** Photos where a tag is an open suggestion. */
  suggestedPhotos(name: string): number[] {
    return all<Pick<Row<'photo_tags'>, 'photo_id'>>(
      this.db,
      sql`SELECT photo_id FROM photo_tags WHERE name = ${name} AND state = 'suggested' AND ${inLibrary}`,
    ).map((t) => t.photo_id);
  }

  /** Renames (or merges into an existing name) a tag on every photo; rejections keep their old name. */
  rename(from: string, to: string): number {
    return this.db.transaction(() => {
      const moved = run(
        this.db,
        sql`INSERT INTO photo_tags (photo_id, name, source, state, updated_at)
            SELECT photo_id, ${to}, 'user', 'accepted', ${now()} FROM photo_tags
             WHERE name = ${from} AND state = 'accepted'
            ON CONFLICT (photo_id, name) DO UPDATE SET state = 'accepted'`,
      );
      run(this.db, sql`DELETE FROM photo_tags WHERE name = ${from} AND state = 'accepted'`);
      return moved;
    })();
  }

  /** Removes a tag from every photo. Auto suggestions of it become rejections (not suggested again). */
  remove(name: string): number {
    return this.db.transaction(() => {
      const n = run(this.db, sql`DELETE FROM photo_tags WHERE name = ${name} AND source <> 'auto'`);
      return (
        n +
        run(
          this.db,
          sql`UPDATE photo_tags SET state = 'rejected', updated_at = ${now()}
               WHERE name = ${name} AND source = 'auto'`,
        )
      );
    })();
  }

  counts(): TagCount[] {
    return all<{
      name: string;
      accepted: number;
      suggested: number;
      userMade: number;
      cover: number | null;
    }>(
      this.db,
      sql`SELECT photo_tags.name,
                 sum(photo_tags.state = 'accepted') AS accepted,
                 sum(photo_tags.state = 'suggested') AS suggested,
                 max(photo_tags.source <> 'auto') AS userMade,
                 (SELECT c.photo_id FROM photo_tags c JOIN photos p ON p.id = c.photo_id
                   WHERE c.name = photo_tags.name AND c.state IN ('accepted', 'suggested')
                     AND p.state = 'ready' AND ${coverInLibrary}
                   ORDER BY c.state = 'accepted' DESC, c.score DESC, c.photo_id DESC LIMIT 1) AS cover
            FROM photo_tags WHERE photo_tags.state <> 'rejected' AND ${inLibrary}
           GROUP BY photo_tags.name ORDER BY accepted DESC, suggested DESC, photo_tags.name`,
    ).map((r) => ({ ...r, userMade: r.userMade === 1 }));
  }

  /** Accepted tag names of a photo (what goes into XMP). */
  acceptedNames(photoId: number): string[] {
    return all<Pick<Row<'photo_tags'>, 'name'>>(
      this.db,
      sql`SELECT name FROM photo_tags WHERE photo_id = ${photoId} AND state = 'accepted' ORDER BY name`,
    ).map((t) => t.name);
  }

  fingerprintOf(photoId: number): string | null {
    return (
      get<Pick<Row<'photos'>, 'fingerprint'>>(
        this.db,
        sql`SELECT fingerprint FROM photos WHERE id = ${photoId}`,
      )?.fingerprint ?? null
    );
  }

  photoIdOf(fingerprint: string): number | null {
    return (
      get<Pick<Row<'photos'>, 'id'>>(
        this.db,
        sql`SELECT id FROM photos WHERE fingerprint = ${fingerprint}`,
      )?.id ?? null
    );
  }

  // ── Tag vectors cache ─────────────────────────────────────────────────────

  cachedVector(modelId: string, lang: string, tag: string, prompts: string): Float32Array | null {
    const row = get<Pick<Row<'tag_vectors'>, 'vector'>>(
      this.db,
      sql`SELECT vector FROM tag_vectors
           WHERE model_id = ${modelId} AND lang = ${lang} AND tag = ${tag} AND prompts = ${prompts}`,
    );
    return row ? vectorFromBlob(row.vector) : null;
  }

  cacheVectors(
    modelId: string,
    lang: string,
    items: readonly { tag: string; prompts: string; vector: Float32Array }[],
  ): void {
    // Prepared once for the batch.
    const put = this.db.prepare<[string, string, string, string, Uint8Array]>(
      `INSERT INTO tag_vectors (model_id, lang, tag, prompts, vector) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (model_id, lang, tag) DO UPDATE SET prompts = excluded.prompts, vector = excluded.vector`,
    );
    this.db.transaction(() => {
      for (const i of items) put.run(modelId, lang, i.tag, i.prompts, vectorToBlob(i.vector));
    })();
  }
}
