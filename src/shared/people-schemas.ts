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
  /** Where the cover face is, to cut it out of its photo's thumbnail (the channels add it). */
  coverFace: z
    .object({
      photoId: z.number().int(),
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    })
    .nullable()
    .optional(),
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

const faceIdsSchema = z
  .array(z.number().int().positive())
  .min(1)
  .max(10_000)
  .refine((ids) => new Set(ids).size === ids.length, 'a face is named twice');

/** A face found in a photo: its box as fractions of the photo as displayed (after EXIF rotation). */
export const faceSchema = z.object({
  id: z.number().int(),
  photoId: z.number().int(),
  /** x, y, width, height as fractions of the photo as displayed. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  quality: z.number(),
  /** False for faces too small or blurred to recognise: kept, never grouped. */
  recognisable: z.boolean(),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  /** Whether the user put the face in its person, or clustering did. */
  assignedBy: z.enum(['user', 'cluster']).nullable(),
  /** When its photo was taken (local wall-clock time), so a face can be told by its date. */
  capturedAt: z.string().nullable(),
});
export type Face = z.infer<typeof faceSchema>;

export const personArgsSchema = z.object({ id: personIdSchema }).strict();

/** These faces become a new person. */
export const peopleSplitArgsSchema = z.object({ faceIds: faceIdsSchema }).strict();

/**
 * These faces are a person: `person` by id, or `name`: the person of that name (compared
 * without case), else a new person with that name.
 */
export const peopleMoveArgsSchema = z
  .object({
    faceIds: faceIdsSchema,
    person: personIdSchema.optional(),
    name: personNameSchema.optional(),
  })
  .strict()
  .refine((a) => (a.person === undefined) !== (a.name === undefined), 'give a person or a name');

/** These faces are not this person ("Not Anna"). */
export const peopleNotThisArgsSchema = z
  .object({ faceIds: faceIdsSchema, person: personIdSchema })
  .strict();

/** The face shown for a person: one of its own. */
export const peopleCoverArgsSchema = z
  .object({ person: personIdSchema, face: z.number().int().positive() })
  .strict();

export type PersonSummary = z.infer<typeof personSummarySchema>;
