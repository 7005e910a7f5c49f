/**
 * @file The places stage of [Note: Pipeline]: every ingested photo placed from the user's
 * position, its own GPS or a photo taken near it in time ([Note: Photo places]), named from
 * the shipped place database ([Note: Place lookup]).
 *
 * Jobs are `places:geo<database version>@<stage version>`, so a new place database places
 * every photo again and nothing else. A batch of photos is placed and its jobs closed in one
 * transaction: a kill keeps both or neither. The database loads on the first photo that needs
 * it (about a second) and stays loaded; when it is missing or damaged the stage waits, says
 * why in `problem`, and places nothing rather than placing wrongly.
 */
import { AppFailure } from '../../shared/result';
import { sql } from '../db/sql';
import type Database from 'better-sqlite3';
import { CoalescedRun } from '../coalesced-run';
import type { JsonlJournal } from '../db/jsonl-journal';
import { JobQueue, type JobStage } from '../jobs/job-queue';
import type { PauseGate } from '../jobs/pause-gate';
import { ProgressMeter, type Progress } from '../jobs/progress-meter';
import { loadPlaceData, placeDbVersion } from './place-db';
import { PhotoPlaces } from './photo-places';
import { ReverseGeocoder, validPosition } from './reverse-geocoder';

/** The stage's own algorithm version (what is stored, how places are inferred). */
export const placesStageVersion = 1;

export const placesStage: JobStage = {
  name: 'places',
  version: `geo${String(placeDbVersion)}@${String(placesStageVersion)}`,
  afterIngest: true,
};

/** A place the user set (or cleared) for a photo, by content fingerprint. */
export interface PlaceDecision {
  fingerprint: string;
  /** null: the user took their place away; the photo's own GPS (or inference) counts again. */
  lat: number | null;
  lon: number | null;
}

/** Reads a journal line back into a decision, or null (see JsonlJournal). */
export function parsePlaceDecision(e: Record<string, unknown>): PlaceDecision | null {
  if (typeof e.fingerprint !== 'string') return null;
  if (e.lat === null && e.lon === null) return { fingerprint: e.fingerprint, lat: null, lon: null };
  return typeof e.lat === 'number' && typeof e.lon === 'number' && validPosition(e.lat, e.lon)
    ? { fingerprint: e.fingerprint, lat: e.lat, lon: e.lon }
    : null;
}

export interface PlaceStageOptions {
  db: Database.Database;
  /** The place database file ([Note: Place database]). */
  placeDbFile: string;
  journal: JsonlJournal<PlaceDecision>;
  gate?: PauseGate;
  onProgress?: (progress: Progress) => void;
}

/** Photos placed per transaction. */
const batchSize = 500;

export class PlaceStage {
  readonly jobs: JobQueue;
  readonly places: PhotoPlaces;
  readonly #runs = new CoalescedRun(() => this.#drain());
  readonly #abort = new AbortController();
  #geocoder: Promise<ReverseGeocoder> | null = null;
  #problem: string | null = null;
  #stopped = false;

  constructor(private readonly options: PlaceStageOptions) {
    this.jobs = new JobQueue(options.db, placesStage);
    this.places = new PhotoPlaces(options.db);
  }

  /** Why places are not being found (a missing or damaged place database), or null. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Places every ingested photo that has no place yet; resolves when none is left. */
  run(): Promise<void> {
    return this.#runs.run();
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#runs.dispose();
  }

  /** The lookup, loaded once; rejects (and says so in `problem`) when the database is bad. */
  geocoder(): Promise<ReverseGeocoder> {
    this.#geocoder ??= loadPlaceData(this.options.placeDbFile).then(
      (data) => new ReverseGeocoder(data),
      (error: unknown) => {
        this.#problem = error instanceof Error ? error.message : String(error);
        console.warn(
          `[places] ${this.#problem} Places are not found until Fotoglot is reinstalled.`,
        );
        throw error;
      },
    );
    return this.#geocoder;
  }

  /**
   * Sets the user's position for photos (null takes it away): stored by fingerprint,
   * journaled, and the photos and the photos inferred from them are placed again at once.
   */
  async setPlace(
    photoIds: readonly number[],
    position: { lat: number; lon: number } | null,
  ): Promise<number> {
    if (position && !validPosition(position.lat, position.lon))
      throw new AppFailure(
        'invalid-argument',
        'A position needs a latitude from −90 to 90 and a longitude from −180 to 180 (and 0, 0 is no position).',
      );
    const geocoder = await this.geocoder();
    const photos = this.places.placeable(photoIds);
    this.options.db.transaction(() => {
      for (const p of photos) this.places.decide(p.fingerprint, position);
      this.#place(
        geocoder,
        photos.map((p) => p.id),
      );
      this.options.journal.append(
        photos.map((p) => ({
          fingerprint: p.fingerprint,
          lat: position?.lat ?? null,
          lon: position?.lon ?? null,
        })),
      );
    })();
    return photos.length;
  }

  /**
   * After a database recovery: the user's places again from the journal, in order; the photos
   * they are about are placed again (the others are placed as they come back).
   */
  replay(entries: readonly PlaceDecision[]): void {
    this.options.db.transaction(() => {
      for (const e of entries) {
        this.places.decide(
          e.fingerprint,
          e.lat === null || e.lon === null ? null : { lat: e.lat, lon: e.lon },
        );
        for (const id of this.places.photosOf(e.fingerprint)) this.jobs.requeue(id);
      }
    })();
  }

  async #drain(): Promise<void> {
    const meter = new ProgressMeter();
    let done = 0;
    for (;;) {
      await this.options.gate?.pass('places', this.#abort.signal);
      if (this.#stopped) return;
      let jobs = this.jobs.take(batchSize);
      if (jobs.length === 0 && this.jobs.queue(sql`1 = 1`) > 0) jobs = this.jobs.take(batchSize);
      if (jobs.length === 0) break;
      let geocoder: ReverseGeocoder;
      try {
        geocoder = await this.geocoder();
      } catch {
        return; // Said once in `problem`; the jobs wait for a good database.
      }
      // Disposed while the database loaded (narrowing cannot see that, hence the method).
      if (this.#isStopped()) return;
      const ids = jobs.map((j) => j.photoId);
      this.options.db.transaction(() => {
        this.#place(geocoder, ids);
        this.jobs.complete(ids);
      })();
      done += ids.length;
      meter.tick(ids.length);
      this.options.onProgress?.(meter.progress(done, done + this.jobs.countRunnable()));
    }
  }

  /** Places these photos, then the photos near them in time that borrow their place. */
  #place(geocoder: ReverseGeocoder, ids: readonly number[]): void {
    const placed = new Set<number>();
    const infer: number[] = [];
    for (const p of this.places.placeable(ids)) {
      const user = p.userLat !== null && p.userLon !== null;
      const lat = user ? p.userLat : p.lat;
      const lon = user ? p.userLon : p.lon;
      if (lat === null || lon === null) {
        infer.push(p.id);
        continue;
      }
      this.places.put(p.id, user ? 'user' : 'gps', lat, lon, geocoder.lookup(lat, lon));
      placed.add(p.id);
    }
    for (const id of placed) for (const near of this.places.unplacedNear(id)) infer.push(near);
    for (const id of new Set(infer)) {
      if (placed.has(id)) continue;
      const source = this.places.inferenceSource(id);
      if (source)
        this.places.put(
          id,
          'inferred',
          source.lat,
          source.lon,
          geocoder.lookup(source.lat, source.lon),
          source.id,
        );
      else this.places.clear(id);
    }
  }
}
