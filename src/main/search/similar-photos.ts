/**
 * @file Similar photos: the nearest neighbours of a photo's vector. (Duplicate groups are
 * duplicate-finder.ts.)
 */
import type Database from 'better-sqlite3';
import { AppFailure } from '../../shared/result';
import type { SimilarValue } from '../../shared/search-schemas';
import { all, pluck, sql } from '../db/sql';
import { searchGapMessage } from './search-gap';
import type { EmbeddingService, SearchModel } from '../embeddings/embedding-service';
import { photoOnDisk, photoPath, resolvePhoto, type PhotoRef } from '../library/photo-query';

/** A photo as similar() reads it. */
interface PhotoRow {
  id: number;
  path: string | null;
  capturedAt: string | null;
}

export class SimilarPhotos {
  constructor(
    private readonly db: Database.Database,
    private readonly embeddings: EmbeddingService,
  ) {}

  #model(): SearchModel {
    const model = this.embeddings.searchModel();
    if (!model) {
      const photos = pluck<number>(this.db, sql`SELECT count(*) FROM photos`) ?? 0;
      throw new AppFailure('unavailable', searchGapMessage(this.embeddings.searchGap(), photos));
    }
    return model;
  }

  #vector(model: SearchModel, photoId: number): Float32Array {
    const vector = model.index.vectorOf(photoId);
    if (!vector)
      throw new AppFailure(
        'unavailable',
        'This photo has not been embedded yet; try again when indexing has finished.',
      );
    return vector;
  }

  similar(ref: PhotoRef, limit = 50): SimilarValue {
    const photo = resolvePhoto(this.db, ref);
    const model = this.#model();
    const vector = this.#vector(model, photo.id);
    // The photo itself is its own nearest neighbour: one more, then the listable ones.
    const nearest = model.index.nearest(vector, limit + 1);
    const distanceOf = new Map(nearest.map((n) => [n.photoId, n.distance]));
    const rows = all<PhotoRow>(
      this.db,
      sql`SELECT p.id, ${photoPath} AS path, p.captured_at AS capturedAt
            FROM json_each(${JSON.stringify([...distanceOf.keys()])}) c JOIN photos p ON p.id = c.value
           WHERE p.state = 'ready' AND p.id <> ${photo.id} AND ${photoOnDisk}`,
    );
    const ranked = rows
      .map((r) => ({ ...r, distance: distanceOf.get(r.id) ?? 1 }))
      .sort((a, b) => a.distance - b.distance || a.id - b.id);
    return {
      photo,
      model: model.id,
      results: ranked.slice(0, limit).map(({ distance, ...r }) => ({
        ...r,
        score: Math.round((1 - distance) * 1e4) / 1e4,
      })),
    };
  }
}
