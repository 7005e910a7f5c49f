/**
 * @file Where photos were taken, in the library database: the only SQL that reads or writes
 * `photo_places` and `place_decisions` (schema 12).
 *
 * [Note: Photo places]
 * A photo's place comes, in this order of trust, from the user (`place_decisions`, by content
 * fingerprint, journaled in places-journal.jsonl), from its own GPS position (read at ingest,
 * where positions that cannot be real, 0,0 and out of range, are already dropped), or is inferred:
 * a photo without a position, taken within `inferWindowMs` of a placed photo from the SAME
 * camera (a trip, a day out), takes the position of the one nearest in time and is marked
 * `inferred` everywhere it shows. Only real capture times infer (never the file's modified
 * time, which a copy resets); a photo without a camera name infers nothing (a screenshot or a
 * messenger copy could be from anywhere). Inferred places are derived data, made again when a
 * nearby photo is placed; the user's places are not.
 */
import type Database from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import type { PlaceAnswer } from './reverse-geocoder';

/** How far in time a photo without a position borrows one from the same camera. */
export const inferWindowMs = 3 * 60 * 60 * 1000;

/** What the stage needs of a photo to place it. */
export interface PlaceablePhoto {
  id: number;
  fingerprint: string;
  lat: number | null;
  lon: number | null;
  /** The user's position for this photo, if they set one. */
  userLat: number | null;
  userLon: number | null;
}

export type PlaceSource = 'gps' | 'user' | 'inferred';

export class PhotoPlaces {
  constructor(readonly db: Database.Database) {}

  /** The photos of `ids` with their positions and the user's. */
  placeable(ids: readonly number[]): PlaceablePhoto[] {
    return all<PlaceablePhoto>(
      this.db,
      sql`SELECT p.id, p.fingerprint, p.gps_lat AS lat, p.gps_lon AS lon,
                 d.lat AS userLat, d.lon AS userLon
            FROM photos p LEFT JOIN place_decisions d ON d.fingerprint = p.fingerprint
           WHERE p.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
  }

  /** Stores a photo's place (replacing what it had). */
  put(
    photoId: number,
    source: PlaceSource,
    lat: number,
    lon: number,
    answer: PlaceAnswer,
    from: number | null = null,
  ): void {
    run(
      this.db,
      sql`INSERT INTO photo_places (photo_id, source, lat, lon, country, region, town, reason, from_photo)
          VALUES (${photoId}, ${source}, ${lat}, ${lon}, ${answer.country}, ${answer.region}, ${answer.town},
                  ${answer.reason ?? null}, ${from})
          ON CONFLICT (photo_id) DO UPDATE SET source = excluded.source, lat = excluded.lat,
            lon = excluded.lon, country = excluded.country, region = excluded.region,
            town = excluded.town, reason = excluded.reason, from_photo = excluded.from_photo`,
    );
  }

  /**
   * Where a photo is placed (country, region, town ids) and how, or null when it has no place;
   * its own position read from an XMP sidecar says 'sidecar' ([Note: GPS in sidecars]).
   */
  placeOf(photoId: number): (PlaceAnswer & { source: PlaceSource | 'sidecar' }) | null {
    return (
      get<PlaceAnswer & { source: PlaceSource | 'sidecar' }>(
        this.db,
        sql`SELECT CASE WHEN pp.source = 'gps' AND p.gps_source = 'sidecar' THEN 'sidecar'
                        ELSE pp.source END AS source,
                   pp.country, pp.region, pp.town
              FROM photo_places pp JOIN photos p ON p.id = pp.photo_id
             WHERE pp.photo_id = ${photoId} AND pp.country IS NOT NULL`,
      ) ?? null
    );
  }

  /** Forgets a photo's place (it has no position of its own and nothing to infer from). */
  clear(photoId: number): void {
    run(this.db, sql`DELETE FROM photo_places WHERE photo_id = ${photoId}`);
  }

  /**
   * The placed photo (own position or the user's) of the same camera nearest in time to
   * `photoId` within the window, or null (see [Note: Photo places]).
   */
  inferenceSource(photoId: number): { id: number; lat: number; lon: number } | null {
    return (
      get<{ id: number; lat: number; lon: number }>(
        this.db,
        sql`SELECT s.id, pp.lat, pp.lon
              FROM photos t
              JOIN photos s ON s.captured_at_utc BETWEEN t.captured_at_utc - ${inferWindowMs}
                                                      AND t.captured_at_utc + ${inferWindowMs}
                           AND s.camera_make IS t.camera_make AND s.camera_model IS t.camera_model
                           AND s.id <> t.id
              JOIN photo_places pp ON pp.photo_id = s.id AND pp.source IN ('gps', 'user')
                                  AND pp.reason IS NULL
             WHERE t.id = ${photoId} AND t.captured_at_utc IS NOT NULL
               AND coalesce(t.captured_at_source, 'file') <> 'file'
               AND coalesce(s.captured_at_source, 'file') <> 'file'
               AND (t.camera_make IS NOT NULL OR t.camera_model IS NOT NULL)
             ORDER BY abs(s.captured_at_utc - t.captured_at_utc), s.id
             LIMIT 1`,
      ) ?? null
    );
  }

  /**
   * Photos without a position of their own or the user's, of the same camera and within the
   * window of `photoId`: the ones whose inferred place may change when it is placed.
   */
  unplacedNear(photoId: number): number[] {
    return all<{ id: number }>(
      this.db,
      sql`SELECT t.id FROM photos s
            JOIN photos t ON t.captured_at_utc BETWEEN s.captured_at_utc - ${inferWindowMs}
                                                    AND s.captured_at_utc + ${inferWindowMs}
                         AND t.camera_make IS s.camera_make AND t.camera_model IS s.camera_model
                         AND t.id <> s.id AND t.gps_lat IS NULL
            LEFT JOIN place_decisions d ON d.fingerprint = t.fingerprint
           WHERE s.id = ${photoId} AND s.captured_at_utc IS NOT NULL AND d.fingerprint IS NULL`,
    ).map((r) => r.id);
  }

  /** The photos with this content (one, unless the library is being rebuilt). */
  photosOf(fingerprint: string): number[] {
    return all<{ id: number }>(
      this.db,
      sql`SELECT id FROM photos WHERE fingerprint = ${fingerprint}`,
    ).map((r) => r.id);
  }

  /** Sets (or with null clears) the user's position for photos, by fingerprint. */
  decide(fingerprint: string, position: { lat: number; lon: number } | null): void {
    if (position)
      run(
        this.db,
        sql`INSERT INTO place_decisions (fingerprint, lat, lon, set_at)
            VALUES (${fingerprint}, ${position.lat}, ${position.lon}, ${new Date().toISOString()})
            ON CONFLICT (fingerprint) DO UPDATE SET lat = excluded.lat, lon = excluded.lon, set_at = excluded.set_at`,
      );
    else run(this.db, sql`DELETE FROM place_decisions WHERE fingerprint = ${fingerprint}`);
  }
}
