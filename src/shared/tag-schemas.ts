/** @file Payload schemas of the tag and settings channels. */
import { z } from 'zod';

/** A tag name typed by a person, in any language. */
export const tagNameSchema = z
  .string()
  .trim()
  .min(1, 'a tag name cannot be empty')
  .max(200)
  .refine((s) => !/\p{Cc}/u.test(s), 'a tag name cannot contain control characters');

export const tagLanguageSchema = z.enum([
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'ru',
  'zh',
  'ja',
  'ar',
]);

const photoId = z.number().int().positive();

export const shownTagSchema = z.object({
  name: z.string(),
  key: z.string(),
  score: z.number().nullable(),
  source: z.enum(['auto', 'user']),
  state: z.enum(['accepted', 'suggested', 'rejected']),
});

export const tagCountSchema = z.object({
  key: z.string(),
  name: z.string(),
  accepted: z.number().int(),
  suggested: z.number().int(),
  userMade: z.boolean(),
  /** A photo to show for the tag (its thumbnail), or null. */
  cover: z.number().int().nullable(),
});

/** What `tags:add` did: the stored key, and translations the user may pick instead. */
export const addedTagSchema = z.object({
  ok: z.literal(true),
  key: z.string(),
  translations: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const photoTagArgsSchema = z.object({ photoId, name: tagNameSchema }).strict();
export const photoIdsSchema = z.array(photoId).max(100_000);

/**
 * OpenStreetMap's own tile server, the default of [Note: Online map tiles] (its usage policy
 * allows an app's light interactive use with the attribution shown).
 */
export const defaultTileUrl = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

export const settingsSchema = z.object({
  /** UI language; tag names and prompts follow it. */
  language: tagLanguageSchema,
  /** Write accepted tags to XMP sidecars. */
  xmpWrite: z.boolean(),
  /** Write named faces to XMP sidecars (MWG Regions), off by default. */
  xmpWriteFaces: z.boolean(),
  /** Write the places the user sets to XMP sidecars (GPS), off by default ([Note: Place sidecars]). */
  xmpWritePlaces: z.boolean(),
  /** Draw online map tiles under the Places map's outlines, off by default ([Note: Online map tiles]). */
  mapTiles: z.boolean(),
  /** The tile server, `https://…/{z}/{x}/{y}.png`; what the map fetches when `mapTiles` is on. */
  mapTileUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^https:\/\/[^\s]+$/, 'A tile server address starts with https://.')
    .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), {
      message: 'A tile server address has {z}, {x} and {y} in it.',
    })
    .refine((u) => /^https:\/\/[^/{}\s]+\//.test(u), {
      message: 'A tile server address is one server (no {s} in its name).',
    }),
  /** The welcome steps were completed or skipped. */
  firstRunDone: z.boolean(),
  /** Execution provider choice (auto picks the best this machine has); applies at next start. */
  provider: z.enum(['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml']),
  /** Desktop: pause importing and indexing while the computer runs on battery. */
  pauseOnBattery: z.boolean(),
  /** Inference threads for photos; null = cores − 1 (one core left for the UI). */
  threads: z.number().int().min(1).max(256).nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;
