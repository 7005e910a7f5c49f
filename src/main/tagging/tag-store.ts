/**
 * @file Photo tags and cached tag vectors in SQLite. A tag row is (photo, name): `name` is a
 * vocabulary concept id for auto-tags and the user's own words otherwise. Rows the user has
 * decided on (accepted, rejected) are never overwritten by the auto-tagger.
 */
import type Database from 'better-sqlite3';
import { vectorFromBlob, vectorToBlob } from '../../shared/vector-math';
import type { PhotoVector, VectorIndex } from '../embeddings/vector-index';

export type TagSource = 'auto' | 'user' | 'embedded';
export type TagState = 'accepted' | 'suggested' | 'rejected';

export interface PhotoTagRow {
  name: string;
  source: TagSource;
  state: TagState;
  score: number | null;
}

export interface TagCount {
  name: string;
  /** Photos where the tag is accepted (user, embedded, or an accepted suggestion). */
  accepted: number;
  /** Photos where it is a suggestion awaiting review. */
  suggested: number;
  /** True when any photo has it from the user or from file metadata. */
  userMade: boolean;
}

const tagJob = (modelId: string) => `tag:${modelId}`;
const now = () => new Date().toISOString();

export class TagStore {
  constructor(private readonly db: Database.Database) {}

  /** Photos with a vector in `index` that the auto-tagger has not seen yet, by id. */
  untagged(index: VectorIndex, limit: number): PhotoVector[] {
    return index.unvisited(
      {
        sql: "EXISTS (SELECT 1 FROM jobs j WHERE j.kind = ? AND j.photo_id = p.id AND j.state = 'done')",
        params: [tagJob(index.modelId)],
      },
      limit,
    );
  }

  /**
   * Replaces this model's open suggestions for a photo and marks it tagged, in one
   * transaction. Accepted and rejected rows stay as the user left them.
   */
  suggest(
    modelId: string,
    items: readonly { photoId: number; tags: readonly { name: string; score: number }[] }[],
  ): void {
    const clear = this.db.prepare(
      // Open suggestions of any model: after a model switch the new one's replace the old one's.
      "DELETE FROM photo_tags WHERE photo_id = ? AND source = 'auto' AND state = 'suggested'",
    );
    const insert = this.db.prepare(
      `INSERT INTO photo_tags (photo_id, name, source, state, score, model, updated_at)
       VALUES (?, ?, 'auto', 'suggested', ?, ?, ?)
       ON CONFLICT (photo_id, name) DO NOTHING`,
    );
    const done = this.db.prepare(
      `INSERT INTO jobs (kind, photo_id, state, attempts) VALUES (?, ?, 'done', 0)
       ON CONFLICT (kind, photo_id) DO UPDATE SET state = 'done'`,
    );
    const at = now();
    this.db.transaction(() => {
      for (const { photoId, tags } of items) {
        clear.run(photoId);
        for (const t of tags) insert.run(photoId, t.name, t.score, modelId, at);
        done.run(tagJob(modelId), photoId);
      }
    })();
  }

  photoTags(photoId: number): PhotoTagRow[] {
    return this.db
      .prepare(
        `SELECT name, source, state, score FROM photo_tags WHERE photo_id = ?
          ORDER BY state = 'accepted' DESC, score DESC, name`,
      )
      .all(photoId) as PhotoTagRow[];
  }

  /** Accepts a suggestion, or adds the user's own tag (accepted). Returns whether anything changed. */
  accept(photoId: number, name: string, source: TagSource = 'user'): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO photo_tags (photo_id, name, source, state, updated_at) VALUES (?, ?, ?, 'accepted', ?)
           ON CONFLICT (photo_id, name) DO UPDATE SET state = 'accepted', updated_at = excluded.updated_at
            WHERE photo_tags.state <> 'accepted'`,
        )
        .run(photoId, name, source, now()).changes > 0
    );
  }

  /** Rejects a tag on a photo; the row stays so the suggestion is never made again. */
  reject(photoId: number, name: string): void {
    this.db
      .prepare(
        `INSERT INTO photo_tags (photo_id, name, source, state, updated_at) VALUES (?, ?, 'auto', 'rejected', ?)
         ON CONFLICT (photo_id, name) DO UPDATE SET state = 'rejected', updated_at = excluded.updated_at`,
      )
      .run(photoId, name, now());
  }

  /** Accepts every open suggestion of these photos (non-interactive tagging). */
  acceptSuggestions(photoIds: readonly number[]): number {
    return this.db
      .prepare(
        `UPDATE photo_tags SET state = 'accepted', updated_at = ?
          WHERE state = 'suggested' AND photo_id IN (SELECT value FROM json_each(?))`,
      )
      .run(now(), JSON.stringify(photoIds)).changes;
  }

  /** Accepts or rejects every open suggestion of one tag (the review queue). */
  review(name: string, accept: boolean): number {
    return this.db
      .prepare(
        "UPDATE photo_tags SET state = ?, updated_at = ? WHERE name = ? AND state = 'suggested'",
      )
      .run(accept ? 'accepted' : 'rejected', now(), name).changes;
  }

  /** Photos where a tag is an open suggestion. */
  suggestedPhotos(name: string): number[] {
    return this.db
      .prepare("SELECT photo_id FROM photo_tags WHERE name = ? AND state = 'suggested'")
      .pluck()
      .all(name) as number[];
  }

  /** Renames (or merges into an existing name) a tag on every photo; rejections keep their old name. */
  rename(from: string, to: string): number {
    return this.db.transaction(() => {
      const moved = this.db
        .prepare(
          `INSERT INTO photo_tags (photo_id, name, source, state, updated_at)
           SELECT photo_id, ?, 'user', 'accepted', ? FROM photo_tags WHERE name = ? AND state = 'accepted'
           ON CONFLICT (photo_id, name) DO UPDATE SET state = 'accepted'`,
        )
        .run(to, now(), from).changes;
      this.db.prepare("DELETE FROM photo_tags WHERE name = ? AND state = 'accepted'").run(from);
      return moved;
    })();
  }

  /** Removes a tag from every photo. Auto suggestions of it become rejections (not suggested again). */
  remove(name: string): number {
    return this.db.transaction(() => {
      const n = this.db
        .prepare("DELETE FROM photo_tags WHERE name = ? AND source <> 'auto'")
        .run(name).changes;
      return (
        n +
        this.db
          .prepare(
            "UPDATE photo_tags SET state = 'rejected', updated_at = ? WHERE name = ? AND source = 'auto'",
          )
          .run(now(), name).changes
      );
    })();
  }

  counts(): TagCount[] {
    return (
      this.db
        .prepare(
          `SELECT name,
                  sum(state = 'accepted') AS accepted,
                  sum(state = 'suggested') AS suggested,
                  max(source <> 'auto') AS userMade
             FROM photo_tags WHERE state <> 'rejected'
            GROUP BY name ORDER BY accepted DESC, suggested DESC, name`,
        )
        .all() as { name: string; accepted: number; suggested: number; userMade: number }[]
    ).map((r) => ({ ...r, userMade: r.userMade === 1 }));
  }

  /** Accepted tag names of a photo (what goes into XMP). */
  acceptedNames(photoId: number): string[] {
    return this.db
      .prepare(
        "SELECT name FROM photo_tags WHERE photo_id = ? AND state = 'accepted' ORDER BY name",
      )
      .pluck()
      .all(photoId) as string[];
  }

  fingerprintOf(photoId: number): string | null {
    return (
      (this.db.prepare('SELECT fingerprint FROM photos WHERE id = ?').pluck().get(photoId) as
        string | undefined) ?? null
    );
  }

  photoIdOf(fingerprint: string): number | null {
    return (
      (this.db.prepare('SELECT id FROM photos WHERE fingerprint = ?').pluck().get(fingerprint) as
        number | undefined) ?? null
    );
  }

  // ── Tag vectors cache ─────────────────────────────────────────────────────

  cachedVector(modelId: string, lang: string, tag: string, prompts: string): Float32Array | null {
    const row = this.db
      .prepare(
        'SELECT vector FROM tag_vectors WHERE model_id = ? AND lang = ? AND tag = ? AND prompts = ?',
      )
      .get(modelId, lang, tag, prompts) as { vector: Buffer } | undefined;
    return row ? vectorFromBlob(row.vector) : null;
  }

  cacheVectors(
    modelId: string,
    lang: string,
    items: readonly { tag: string; prompts: string; vector: Float32Array }[],
  ): void {
    const put = this.db.prepare(
      `INSERT INTO tag_vectors (model_id, lang, tag, prompts, vector) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (model_id, lang, tag) DO UPDATE SET prompts = excluded.prompts, vector = excluded.vector`,
    );
    this.db.transaction(() => {
      for (const i of items) put.run(modelId, lang, i.tag, i.prompts, vectorToBlob(i.vector));
    })();
  }
}
