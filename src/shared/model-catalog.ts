/**
 * @file The model catalog's shape (models/catalog.json): what each model is, where it comes
 * from, and what its files must be. Values that could not be confirmed are null, and the
 * entry says `verified: false`, rather than being guessed.
 */
import { z } from 'zod';

/** One file of a model as the catalog describes it. */
export type CatalogFile = z.infer<typeof catalogFileSchema>;

export const catalogFileSchema = z.object({
  path: z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/, 'a relative path inside the model folder'),
  /** Exact size in bytes, when confirmed. */
  bytes: z.number().int().nonnegative().nullable(),
  /** Rounded size shown by the hub, for display and disk-space checks when `bytes` is unknown. */
  approxBytes: z.number().int().nonnegative().nullable().default(null),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});

/**
 * How this model's cosine similarities become tag confidences: p = sigmoid(scale · cos + bias),
 * and a tag is suggested when p ≥ threshold. See [Note: Tag calibration].
 */
export const taggingCalibrationSchema = z.object({
  scale: z.number().positive(),
  bias: z.number(),
  threshold: z.number().gt(0).lt(1),
  /** False while the values are the training-time logit scale/bias, not fitted on labelled photos. */
  fitted: z.boolean(),
});
export type TaggingCalibration = z.infer<typeof taggingCalibrationSchema>;

export const catalogModelSchema = z.object({
  id: z.string().regex(/^[\w.-]+$/),
  /** Hugging Face repository (owner/name); null for models that ship with the app. */
  repo: z.string().nullable(),
  /** Pinned commit; "main" only when no commit could be confirmed (then verified is false). */
  revision: z.string(),
  verified: z.boolean(),
  default: z.boolean().default(false),
  dimension: z.number().int().positive(),
  imageSize: z.number().int().positive(),
  /** ISO 639-1 codes of the languages the text tower serves well; ["*"] for broadly multilingual. */
  languages: z.array(z.string()),
  licence: z.string(),
  description: z.string(),
  /** Relative speed: 1 is the fastest model in the catalog. */
  relativeSpeed: z.number().positive(),
  /** Shown only in developer mode. */
  developerOnly: z.boolean().default(false),
  files: z.array(catalogFileSchema).min(1),
  /** What its self-test shows it ([Note: Model self-test]): real photos, or colours (test-tiny). */
  selfTest: z.enum(['photos', 'colours']).default('photos'),
  tagging: taggingCalibrationSchema,
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const catalogSchema = z
  .object({ version: z.literal(1), models: z.array(catalogModelSchema) })
  .refine(
    (c) => new Set(c.models.map((m) => m.id)).size === c.models.length,
    'model ids must be unique',
  );
export type Catalog = z.infer<typeof catalogSchema>;

/** How fast a model is, in words a person can choose by (from `relativeSpeed`). */
export type SpeedClass = 'fast' | 'balanced' | 'best';

/**
 * The speed class of a model: `relativeSpeed` up to 1.5 (the quickest models) is fast, up to
 * 5 balanced, slower ones are the large, most accurate models ("best quality").
 */
export function speedClass(relativeSpeed: number): SpeedClass {
  if (relativeSpeed <= 1.5) return 'fast';
  if (relativeSpeed <= 5) return 'balanced';
  return 'best';
}

/**
 * How much a download weighs, summed over the catalog's files. The graphs (`.onnx`) are
 * nearly all of it, so their sizes decide how exact the sum is: `exact` when every file's
 * size is confirmed; `about` when every graph has at least the hub's rounded size (a config
 * without one weighs nothing next to them); `atLeast` when some graph has no size yet (the
 * bytes are those known); `unknown` when no graph has one.
 */
export interface DownloadSize {
  bytes: number | null;
  accuracy: 'exact' | 'about' | 'atLeast' | 'unknown';
}

export function downloadSize(files: readonly CatalogFile[]): DownloadSize {
  const sizeOf = (f: CatalogFile) => f.bytes ?? f.approxBytes;
  const graphs = files.filter((f) => f.path.endsWith('.onnx'));
  const bytes = files.reduce((sum, f) => sum + (sizeOf(f) ?? 0), 0);
  if (files.every((f) => f.bytes !== null)) return { bytes, accuracy: 'exact' };
  if (!graphs.some((f) => sizeOf(f) !== null)) return { bytes: null, accuracy: 'unknown' };
  return { bytes, accuracy: graphs.every((f) => sizeOf(f) !== null) ? 'about' : 'atLeast' };
}
