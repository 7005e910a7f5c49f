/** @file Payload schemas of the library channels (folders, photos, problems, jobs). */
import { z } from 'zod';

export const folderInfoSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  watch: z.boolean(),
  /** How changes are noticed: native events, polling (OS watch limit hit), or not at all. */
  watchMode: z.enum(['native', 'polling', 'off']),
  photoCount: z.number().int(),
  lastScanAt: z.string().nullable(),
});
export type FolderInfo = z.infer<typeof folderInfoSchema>;

/** A folder the user removed: kept with its photos' decisions until restored or added again. */
export const removedFolderSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  removedAt: z.string(),
  /** Photos a restore brings back. */
  photoCount: z.number().int(),
});
export type RemovedFolder = z.infer<typeof removedFolderSchema>;

export const problemSchema = z.object({
  path: z.string(),
  code: z.string(),
  reason: z.string(),
  detectedAt: z.string(),
});
export type Problem = z.infer<typeof problemSchema>;

/** What indexing folders found (library:index, `fotoglot index --json`). */
export const indexSummarySchema = z.object({
  folders: z.array(z.string()),
  photos: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  missing: z.number().int(),
  problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  seconds: z.number(),
});

export const photoSummarySchema = z.object({
  id: z.number().int(),
  path: z.string().nullable(),
  format: z.string(),
  state: z.string(),
  capturedAt: z.string().nullable(),
  tzOffsetMinutes: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  camera: z.string().nullable(),
  gps: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  keywords: z.array(z.string()),
  placeholder: z.string().nullable(),
  missing: z.boolean(),
});
export type PhotoSummary = z.infer<typeof photoSummarySchema>;

/** What the photo grid needs of a photo to draw its cell (see `photos:cards`). */
export const photoCardSchema = photoSummarySchema.pick({
  id: true,
  path: true,
  capturedAt: true,
  placeholder: true,
});
export type PhotoCard = z.infer<typeof photoCardSchema>;

/** A photo with its exposure details, for the viewer's info panel. */
export const photoDetailSchema = photoSummarySchema.extend({
  lens: z.string().nullable(),
  exposureTime: z.number().nullable(),
  fNumber: z.number().nullable(),
  iso: z.number().nullable(),
  focalLength: z.number().nullable(),
  /**
   * Where the date came from: the camera (EXIF original, digitized or modified time), the file's
   * modified time (no believable EXIF date), or the user.
   */
  dateSource: z
    .enum(['exif-original', 'exif-digitized', 'exif-modified', 'file', 'user'])
    .nullable(),
  /** A camera date not believed (in the future, before 1900), as it was read; null when none. */
  ignoredDate: z.string().nullable(),
  /**
   * Where it was taken, named in the UI language, and how it is known ([Note: Photo places]);
   * null when it has no place, absent where places are not looked up.
   */
  place: z
    .object({
      town: z.string().nullable(),
      region: z.string().nullable(),
      country: z.string(),
      /** 'sidecar': the photo's own position, read from an XMP sidecar ([Note: GPS in sidecars]). */
      source: z.enum(['gps', 'sidecar', 'user', 'inferred']),
    })
    .nullable()
    .optional(),
});
export type PhotoDetail = z.infer<typeof photoDetailSchema>;

/** A path typed by a person or sent by a client: bounded, no NUL bytes. */
export const folderPathSchema = z
  .string()
  .min(1, 'Give the folder path.')
  .max(4096, 'That path is too long.')
  .refine((p) => !p.includes('\0'), 'The path contains a NUL byte.');

export const photosListArgsSchema = z
  .object({
    limit: z.number().int().min(1).max(10_000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
