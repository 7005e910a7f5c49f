/** @file The schemas of the `people:` channels ([Note: Persons]). */
import { z } from 'zod';

export const personIdSchema = z.number().int().positive();

/** A person as the People list shows it. */
export const personSummarySchema = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  hidden: z.boolean(),
  faces: z.number().int().nonnegative(),
  photos: z.number().int().nonnegative(),
  /** The face to show (chosen by the user, else the best one); null when it has none. */
  cover: z.number().int().nullable(),
  coverBy: z.enum(['user', 'auto']),
});

/** The People view's lists: named persons first, then unnamed by size; singles and hidden apart. */
export const peopleListSchema = z.object({
  persons: z.array(personSummarySchema),
  /** Unnamed persons with a single face, kept apart from the main list. */
  singles: z.array(personSummarySchema),
  hidden: z.array(personSummarySchema),
  /**
   * Named face regions other apps wrote in the files where no face was found: kept, named
   * nothing ([Note: Face regions from other apps]). By name, with the number of photos.
   */
  regionsWithoutFace: z
    .array(z.object({ name: z.string(), photos: z.number().int().nonnegative() }))
    .optional(),
});

export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(200)
  .refine((s) => !/\p{Cc}/u.test(s), 'a name cannot contain control characters');

export const peopleNameArgsSchema = z
  .object({ id: personIdSchema, name: personNameSchema.nullable() })
  .strict();

/** `ids` become one person: the first keeps its id (and its name, else takes another's). */
export const peopleMergeArgsSchema = z
  .object({ ids: z.array(personIdSchema).min(2).max(1000) })
  .strict()
  .refine((a) => new Set(a.ids).size === a.ids.length, 'a person is named twice');

export const peopleHideArgsSchema = z
  .object({ id: personIdSchema, hidden: z.boolean().default(true) })
  .strict();
