/** @file Payload schemas of the search, similar-photo and duplicate channels. */
import { z } from 'zod';

/** A filter, parsed from the query or sent back by the UI (see [Note: Query filters]). */
export const searchChipSchema = z
  .object({
    kind: z.enum(['date', 'folder', 'camera', 'tag', 'type', 'person', 'place', 'text']),
    /**
     * date: `YYYY-MM-DD..YYYY-MM-DD` (end exclusive); person: a person's name (see [Note:
     * Person names in queries]); text: words the photo's text must hold ([Note: Text in
     * search]); others: the text to match.
     */
    value: z.string().min(1).max(500),
    /** What the user typed for it (the chip's label before localisation). */
    text: z.string().max(500),
    /**
     * How the chip reads where its value is a key: a place's name in the UI language with
     * what it is in ("Paris, France"; see [Note: Place names in queries]).
     */
    label: z.string().max(500).optional(),
  })
  .strict();
export type SearchChip = z.infer<typeof searchChipSchema>;

/** The largest page of search results one call returns (the same as photos:list's). */
export const searchPageMax = 10_000;

export const searchArgsSchema = z
  .object({
    query: z.string().max(2000),
    /** Filters the UI already shows; they are applied as they are, alongside any in the text. */
    chips: z.array(searchChipSchema).max(32).default([]),
    /** One page; every result is reachable by paging with `offset` (see [Note: Search without a cap]). */
    limit: z.number().int().min(1).max(searchPageMax).default(100),
    offset: z.number().int().min(0).max(1_000_000_000).default(0),
    /** Also list what lies below the relevance cut ("show more"). */
    all: z.boolean().default(false),
    /** The UI language (ISO 639-1), the query's language unless its script says otherwise. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)
      .optional(),
  })
  .strict();
export type SearchArgs = z.input<typeof searchArgsSchema>;

export const searchHitSchema = z.object({
  id: z.number().int(),
  path: z.string().nullable(),
  /** Cosine similarity to the query; null when the query was only filters. */
  score: z.number().nullable(),
  capturedAt: z.string().nullable(),
  /** False for results below the relevance cut (listed only with `all`). */
  relevant: z.boolean(),
  placeholder: z.string().nullable(),
  /**
   * The words of the photo's own text that matched the query, as the photo writes them
   * ("MIGROS" for "migros"); empty when it matched by meaning or filters only ([Note: Text in
   * search]).
   */
  textMatches: z.array(z.string()),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchFiltersSchema = z.object({
  date: z.object({ from: z.string(), to: z.string() }).nullable(),
  folders: z.array(z.string()),
  cameras: z.array(z.string()),
  tags: z.array(z.string()),
  types: z.array(z.string()),
  /** Person names: photos with every one of them. */
  persons: z.array(z.string()),
  /** Place keys (`country:IT`, `region:<id>`, `town:<id>`) or names: photos in any of them. */
  places: z.array(z.string()),
  /** `text:` values: photos whose text holds every one of them ([Note: Text in search]). */
  texts: z.array(z.string()),
});
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

/**
 * Why a query by meaning found nothing to rank, for the UI to say so (see [Note: Query
 * understanding]): no search model at all; photos not embedded yet for the active model
 * (`embeddedWith`: models that have vectors but cannot be used, e.g. removed); or the active
 * model has no meaning for any word of the text.
 */
export const searchNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no-model') }),
  z.object({
    kind: z.literal('not-embedded'),
    model: z.string(),
    embeddedWith: z.array(z.string()),
  }),
  z.object({ kind: z.literal('not-understood'), model: z.string() }),
]);
export type SearchNotice = z.infer<typeof searchNoticeSchema>;

export const searchValueSchema = z.object({
  query: z.string(),
  /** The part of the query that was matched by meaning ('' when it was only filters). */
  text: z.string(),
  chips: z.array(searchChipSchema),
  filters: searchFiltersSchema,
  /** The model whose vectors answered (null for filter-only queries). */
  model: z.string().nullable(),
  results: z.array(searchHitSchema),
  /** Relevant results (all matching photos for filter-only queries). */
  total: z.number().int(),
  /** Results below the relevance cut, reachable with `all`. */
  more: z.number().int(),
  /** Set when the text could not be matched by meaning, saying why; null otherwise. */
  notice: searchNoticeSchema.nullable(),
});
export type SearchValue = z.infer<typeof searchValueSchema>;

export const photoRefSchema = z.union([
  z.object({ id: z.number().int().positive() }).strict(),
  z.object({ path: z.string().min(1).max(4096) }).strict(),
]);

export const similarArgsSchema = z.object({
  photo: photoRefSchema,
  limit: z.number().int().min(1).max(500).default(50),
});

export const similarValueSchema = z.object({
  photo: z.object({ id: z.number().int(), path: z.string().nullable() }),
  model: z.string(),
  results: z.array(
    z.object({
      id: z.number().int(),
      path: z.string().nullable(),
      score: z.number(),
      capturedAt: z.string().nullable(),
    }),
  ),
});
export type SimilarValue = z.infer<typeof similarValueSchema>;

/**
 * How a copy matches its group's best copy (see [Note: Near-duplicates]): `same-file` the same
 * bytes in another place; `exact` the same pixels in another file; `near` a resized, re-encoded
 * or lightly edited copy; `burst` another shot of the same scene seconds apart.
 */
export const duplicateKindSchema = z.enum(['same-file', 'exact', 'near', 'burst']);
export type DuplicateKind = z.infer<typeof duplicateKindSchema>;

export const duplicateCopySchema = z.object({
  /** The photo; every copy of a `same-file` group is the same photo. */
  id: z.number().int(),
  /** This copy's file (for photo groups, the file that stands for the photo). */
  path: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  bytes: z.number().int(),
  sharpness: z.number(),
  capturedAt: z.string().nullable(),
  /** How it matches the best copy; null for the best copy itself. */
  match: duplicateKindSchema.nullable(),
  /** The headless host marked this file for deletion (the user deletes it). */
  marked: z.boolean(),
});
export type DuplicateCopy = z.infer<typeof duplicateCopySchema>;

export const duplicateGroupSchema = z.object({
  /** The loosest match in the group: same-file, then exact, near, burst. */
  kind: duplicateKindSchema,
  photos: z.array(duplicateCopySchema),
  /** The copy to keep: most pixels, then sharpest, then largest file. Nothing is deleted. */
  bestId: z.number().int(),
  /** The best copy's file (for `same-file` groups, which copy of the file to keep). */
  bestPath: z.string().nullable(),
  /**
   * `near` groups: how much of the perceptual hash the least alike copy shares with the best
   * (0..1); null where a percentage says nothing (identical bytes or pixels, bursts).
   */
  similarity: z.number().nullable(),
});
export type DuplicateGroup = z.infer<typeof duplicateGroupSchema>;

/** "Not duplicates": photos never to group together again, or one photo's files to leave be. */
export const dismissDuplicatesArgsSchema = z.union([
  z.object({ photoIds: z.array(z.number().int().positive()).min(2).max(1000) }).strict(),
  z
    .object({
      photoId: z.number().int().positive(),
      paths: z.array(z.string().min(1).max(4096)).min(2).max(1000),
    })
    .strict(),
]);
export type DismissDuplicatesArgs = z.infer<typeof dismissDuplicatesArgsSchema>;

/** Extra copies of one photo's file to move to the trash (desktop) or mark (server). */
export const trashCopiesArgsSchema = z
  .object({
    photoId: z.number().int().positive(),
    paths: z.array(z.string().min(1).max(4096)).min(1).max(1000),
  })
  .strict();
