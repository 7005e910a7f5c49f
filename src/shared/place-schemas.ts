/** @file The schemas of the `places:` channels ([Note: Photo places]). */
import { z } from 'zod';

/** Counts of a place: photos there, and how many of them were placed by inference. */
const placeCountsSchema = z.object({
  photos: z.number().int().nonnegative(),
  inferred: z.number().int().nonnegative(),
});

export const placeTownSchema = placeCountsSchema.extend({
  /** GeoNames id. */
  id: z.number().int(),
  name: z.string(),
  /** Where the town is, for the map. */
  lat: z.number(),
  lon: z.number(),
});

export const placeRegionSchema = placeCountsSchema.extend({
  /** The place database's region id. */
  id: z.number().int(),
  /** ISO 3166-2 where there is one. */
  code: z.string(),
  name: z.string(),
  towns: z.array(placeTownSchema),
  /** Photos in the region but outside every town's reach. */
  elsewhere: z.number().int().nonnegative(),
  /**
   * Where those photos are (the centre of their positions), for an approximate circle on the
   * map; null when there are none.
   */
  at: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});

export const placeCountrySchema = placeCountsSchema.extend({
  /** ISO 3166-1 alpha-2. */
  code: z.string(),
  name: z.string(),
  /** A photo taken there (the most recently added), shown on the country's card. */
  cover: z.number().int().positive().nullable(),
  regions: z.array(placeRegionSchema),
});

/** The library's places: countries → regions → towns, most photos first, named in the UI language. */
export const placeTreeSchema = z.object({
  countries: z.array(placeCountrySchema),
  /** Photos with no place: no position, at sea, or a position that cannot be real. */
  unplaced: z.number().int().nonnegative(),
  /** Why places are not being found (a damaged place database), or null. */
  problem: z.string().nullable(),
});
export type PlaceTree = z.infer<typeof placeTreeSchema>;

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** Sets the place of photos as a user decision: a position, a town, or null to take it away. */
export const placesSetArgsSchema = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(100_000),
    to: z.union([
      z.object({ lat: latitude, lon: longitude }).strict(),
      z.object({ town: z.number().int().positive() }).strict(),
      z.null(),
    ]),
  })
  .strict();

/** Finds towns by name, for "Set place…": `query` is a town, optionally ", region or country". */
export const placesFindArgsSchema = z.object({ query: z.string().trim().min(1).max(200) }).strict();

/** A town found by name, named in the UI language with its region and country. */
export const placeFoundSchema = z.object({
  /** GeoNames id, for `places:set` `{ town }`. */
  town: z.number().int().positive(),
  name: z.string(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
});
export type PlaceFound = z.infer<typeof placeFoundSchema>;
