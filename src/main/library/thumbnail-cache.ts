/**
 * @file The thumbnail folder as a cache of the library's photos: previews made on demand (see
 * [Note: Thumbnails at ingest, previews on demand]), thumbnails deleted when no photo uses their
 * fingerprint any more, and a sweep of what a killed run left behind.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppFailure } from '../../shared/result';
import { decodeFile, type DecodeHelpers } from './decode-image';
import type { PhotoSource } from './photo-query';
import { thumbPath, writePreview } from './thumbnails';

/** What the cache asks of the library: a photo's render source, and the fingerprints in use. */
export interface ThumbnailSources {
  photoSource: (photoId: number) => PhotoSource | null;
  fingerprints: () => Set<string>;
}

/** Grid thumbnails and previews under `thumbsDir`, kept in step with the library. */
export class ThumbnailCache {
  /** Previews being rendered, by photo id: concurrent asks share one render. */
  readonly #previews = new Map<number, Promise<string>>();

  constructor(
    private readonly sources: ThumbnailSources,
    private readonly thumbsDir: string,
    private readonly helpers: DecodeHelpers,
  ) {}

  /** The path of a photo's 1600 px preview, made now if it does not exist yet. */
  preview(photoId: number): Promise<string> {
    let pending = this.#previews.get(photoId);
    if (!pending) {
      pending = this.#renderPreview(photoId).finally(() => this.#previews.delete(photoId));
      this.#previews.set(photoId, pending);
    }
    return pending;
  }

  async #renderPreview(photoId: number): Promise<string> {
    const source = this.sources.photoSource(photoId);
    if (!source || source.state !== 'ready')
      throw new AppFailure('not-found', `Photo ${String(photoId)} has no file that can be shown.`);
    const file = thumbPath(this.thumbsDir, source.fingerprint, 'preview');
    try {
      await stat(file);
      return file;
    } catch {
      // Not made yet.
    }
    const decoded = await decodeFile(source, this.helpers);
    return writePreview(decoded, this.thumbsDir, source.fingerprint);
  }

  /** Deletes the thumbnails of these fingerprints, except those a photo still uses. */
  async deleteUnused(fingerprints: readonly string[]): Promise<void> {
    const still = fingerprints.length > 0 ? this.sources.fingerprints() : new Set<string>();
    for (const fp of fingerprints) {
      if (still.has(fp)) continue;
      await rm(thumbPath(this.thumbsDir, fp, 'grid'), { force: true });
      await rm(thumbPath(this.thumbsDir, fp, 'preview'), { force: true });
    }
  }

  /** Removes thumbnails of photos the library no longer has, and temp files of interrupted writes. */
  async sweep(): Promise<number> {
    const known = this.sources.fingerprints();
    let removed = 0;
    let shards: string[];
    try {
      shards = await readdir(this.thumbsDir);
    } catch {
      return 0;
    }
    for (const shard of shards) {
      const dir = path.join(this.thumbsDir, shard);
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        continue;
      }
      for (const file of files) {
        const fp = /^([0-9a-f]{32})-\d+\.webp$/.exec(file)?.[1];
        if (fp && known.has(fp)) continue;
        await rm(path.join(dir, file), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
