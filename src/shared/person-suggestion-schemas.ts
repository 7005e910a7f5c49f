/**
 * @file The schemas of `people:suggestions` and `people:answer`: "Is this Anna?" ([Note: Person
 * suggestions]). Apart from people-schemas.ts so the two can grow without crossing.
 */
import { z } from 'zod';
import { personIdSchema, personSummarySchema } from './people-schemas';

export const suggestionsArgsSchema = z
  .object({
    /** How many suggestions, best first. */
    limit: z.number().int().min(1).max(500).default(20),
    /** Only suggestions for this (named) person. */
    person: personIdSchema.optional(),
  })
  .strict();

/** A face offered, with what the UI needs to show its crop. */
export const suggestedFaceSchema = z.object({
  id: z.number().int(),
  photoId: z.number().int(),
  /** x, y, width, height as fractions of the photo as displayed (after EXIF rotation). */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});

/** Faces that are probably a named person, with what a "yes" would bring. */
export const personSuggestionSchema = z.object({
  person: z.object({ id: z.number().int(), name: z.string() }),
  /** One face per photo; a "yes" brings this many faces and photos to the person. */
  faces: z.array(suggestedFaceSchema),
  /** The unnamed person the faces are in now. */
  from: z.number().int(),
  /** True when the faces are all of `from`: "yes" moves that whole person. */
  whole: z.boolean(),
  /** Average cosine distance to the person's faces (smaller: more alike). */
  distance: z.number(),
});
export type PersonSuggestionView = z.infer<typeof personSuggestionSchema>;

export const suggestionsValueSchema = z.object({ suggestions: z.array(personSuggestionSchema) });

/** The user's answer: "yes" moves the faces to the person, "no" remembers they are not. */
export const answerArgsSchema = z
  .object({
    person: personIdSchema,
    faces: z
      .array(z.number().int().positive())
      .min(1)
      .max(10_000)
      .refine((ids) => new Set(ids).size === ids.length, 'a face is named twice'),
    answer: z.enum(['yes', 'no']),
  })
  .strict();

export const answerValueSchema = z.object({ person: personSummarySchema });
