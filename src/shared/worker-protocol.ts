/**
 * @file The typed message protocol between the core and the inference process.
 *
 * Requests carry an id and get exactly one response with the same id. The worker also
 * sends one unsolicited `hello` when it has started, so the client knows the process is
 * alive before it pings. Both sides validate every message they receive with these schemas.
 */
import { z } from 'zod';
import { preprocessConfigSchema } from './model-config';
import { resultSchema } from './result';
import { textLineSchema } from './text-schemas';

export const pingValueSchema = z.object({
  pid: z.number().int(),
  onnxruntimeVersion: z.string(),
  executionProviders: z.array(z.string()),
  /** Providers onnxruntime knows of whose binaries are not installed (e.g. `cuda`). */
  missingExecutionProviders: z.array(z.string()),
});
export type PingValue = z.infer<typeof pingValueSchema>;

const modelDir = z.string().min(1).max(4096);
const vectors = z.array(z.instanceof(Float32Array));
/** Vectors, and what computed them: an accelerator that failed meanwhile left for the CPU. */
const embedded = z.object({
  vectors,
  executionProvider: z.string(),
  providerNote: z.string().nullable(),
});

const unit = z.number().min(-1).max(2);
/** One face of a `faces` answer; positions are fractions of the photo's width and height. */
export const foundFaceSchema = z.object({
  box: z.object({ x: unit, y: unit, width: unit, height: unit }),
  /** x, y pairs: the subject's right eye, left eye, nose tip, mouth, right ear, left ear. */
  keypoints: z.array(unit).length(12),
  /** Detection score, 0–1. */
  score: z.number().min(0).max(1),
  quality: z.object({
    /** Distance between the eye centres, in the pixels sent. */
    eyeDistance: z.number().nonnegative(),
    /** Variance of the Laplacian of the aligned 150 px face (blur: low). */
    sharpness: z.number().nonnegative(),
    /** False when too small or blurred to recognise: then `descriptor` is null. */
    recognisable: z.boolean(),
  }),
  /** Unit-length 128-D descriptor (dlib); same person ↔ small cosine distance. */
  descriptor: z.instanceof(Float32Array).nullable(),
});
export type FoundFace = z.infer<typeof foundFaceSchema>;

/** One face of a `detectFaces` answer: found, not yet described ([Note: Faces stage]). */
export const detectedFaceSchema = foundFaceSchema
  .pick({ box: true, keypoints: true, score: true })
  .extend({
    /** The pixels its 150 px chip is cut from, as fractions of the photo (chipFootprint). */
    region: z.object({ x: unit, y: unit, width: unit, height: unit }),
  });
export type DetectedFaceIn = z.infer<typeof detectedFaceSchema>;

const photoSide = z.number().int().min(1).max(8192);
/**
 * What face detection reads (the `faces` and `detectFaces` requests): the photo upright as RGB
 * bytes, row by row, and the options.
 */
const detectionFields = z.object({
  dir: modelDir,
  pixels: z.instanceof(Uint8Array),
  width: photoSide,
  height: photoSide,
  /** Lowest detection score kept; the default suits photos. */
  minScore: z.number().min(0.05).max(1).optional(),
  /** Detection levels ([Note: Face detection levels]); 3 finds more of a crowd, 4× slower. */
  levels: z.number().int().min(1).max(4).optional(),
});
/** Whether RGB `pixels` are as many as the stated size needs. */
const holdsRgb = (p: { pixels: Uint8Array; width: number; height: number }) =>
  p.pixels.length === p.width * p.height * 3;
const holdsRgbMessage = 'pixels must hold width × height × 3 bytes';

/** A face to describe: its keypoints in the photo and the photo's pixels around it. */
const faceRegionSchema = z
  .object({
    keypoints: z.array(unit).length(12),
    /** The region's place and size in the photo's pixels, and its RGB bytes, row by row. */
    left: z.number().int().min(0).max(8192),
    top: z.number().int().min(0).max(8192),
    width: z.number().int().min(0).max(8192),
    height: z.number().int().min(0).max(8192),
    pixels: z.instanceof(Uint8Array),
  })
  .strict()
  .refine(
    (r) => r.pixels.length === r.width * r.height * 3,
    'pixels must hold width × height × 3 bytes',
  );

/**
 * What text reading looks at (the `lookForText` and `readText` requests, [Note: Reading text]
 * in src/worker/text/text-reader.ts): the photo upright as RGB bytes, row by row; `dir` the
 * folder of the PP-OCR models.
 */
const textImageFields = z.object({
  dir: modelDir,
  pixels: z.instanceof(Uint8Array),
  width: photoSide,
  height: photoSide,
});

/** Every request type with the schema of its payload and of its answer. */
export const workerRequests = {
  ping: { payload: z.object({}).strict(), value: pingValueSchema },
  /** Loads (once) the model in `dir` and describes it. */
  loadModel: {
    payload: z
      .object({
        dir: modelDir,
        /** `auto` probes the accelerated providers this install has, then falls back to cpu. */
        provider: z.enum(['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml']).default('auto'),
        /** Threads per session; default leaves one core for the UI. */
        threads: z.number().int().min(1).max(256).optional(),
      })
      .strict(),
    value: z.object({
      dimension: z.number().int().positive(),
      contextLength: z.number().int().positive(),
      preprocess: preprocessConfigSchema,
      executionProvider: z.string(),
      /** Why faster providers were not used, in plain words; null when the first choice worked. */
      providerNote: z.string().nullable(),
      /** The largest batch each graph takes per run; null when its batch is dynamic. */
      batchSizes: z.object({
        visual: z.number().int().positive().nullable(),
        textual: z.number().int().positive().nullable(),
      }),
      /** True when the text tower reads the text's language from its first token (NLLB). */
      usesLanguageToken: z.boolean(),
    }),
  },
  /**
   * Opens a model folder afresh on the CPU (never cached), checks it against [Note: Real
   * model contract] and runs one text and one image through it; used before a model is
   * installed, imported or made active.
   */
  checkModel: {
    payload: z.object({ dir: modelDir, fix: z.string().max(1000) }).strict(),
    value: z.object({
      dimension: z.number().int().positive(),
      contextLength: z.number().int().positive(),
      imageSize: z.number().int().positive(),
    }),
  },
  /** Unit-length embeddings of texts (queries, tag names). */
  embedTexts: {
    payload: z
      .object({
        dir: modelDir,
        texts: z.array(z.string().max(2000)).min(1).max(256),
        /** Each text's language (ISO 639-1); NLLB towers need it, others ignore it. */
        languages: z.array(z.string().max(35).nullable()).max(256).optional(),
      })
      .strict()
      .refine(
        (p) => !p.languages || p.languages.length === p.texts.length,
        'one language per text',
      ),
    value: embedded,
  },
  /** Unit-length embeddings of `count` preprocessed images packed as [count, 3, size, size]. */
  embedImages: {
    payload: z
      .object({
        dir: modelDir,
        pixels: z.instanceof(Float32Array),
        count: z.number().int().min(1).max(256),
        size: z.number().int().min(1).max(2048),
      })
      .strict()
      .refine(
        (p) => p.pixels.length === p.count * 3 * p.size * p.size,
        'pixels must hold count × 3 × size × size values',
      ),
    value: embedded,
  },
  /**
   * Faces in one photo (see [Note: Face models] in src/worker/faces/face-models.ts): `pixels`
   * is the photo upright as RGB bytes, row by row; `dir` the folder of the shipped face models.
   */
  faces: {
    payload: detectionFields.strict().refine(holdsRgb, holdsRgbMessage),
    value: z.object({ faces: z.array(foundFaceSchema) }),
  },
  /**
   * The first half of `faces` ([Note: Faces stage]): faces found in a small copy of the photo
   * (`sourceLongSide`: the long side of the photo the detection levels are planned for).
   */
  detectFaces: {
    payload: detectionFields
      .extend({ sourceLongSide: photoSide.optional() })
      .strict()
      .refine(holdsRgb, holdsRgbMessage),
    value: z.object({ faces: z.array(detectedFaceSchema) }),
  },
  /**
   * The second half of `faces`: quality and descriptor of each found face, from the regions
   * of the `width` × `height` photo its chip needs; answers in the order asked.
   */
  describeFaces: {
    payload: z
      .object({
        dir: modelDir,
        width: photoSide,
        height: photoSide,
        /**
         * The size of the reference when `width` × `height` is a smaller copy of it ([Note:
         * Reference scale]): eye distances are measured, and judged, in its pixels.
         */
        measuredAt: z.object({ width: photoSide, height: photoSide }).strict().optional(),
        faces: z.array(faceRegionSchema).max(2000),
      })
      .strict(),
    value: z.object({ faces: z.array(foundFaceSchema.pick({ quality: true, descriptor: true })) }),
  },
  /**
   * The first look ([Note: Reading text]): text detection on a small copy of the photo (the
   * faces detection input); `share` is the fraction of the photo the detector thinks is text,
   * `regions` how many text boxes it finds, `confidence` how legible the largest few are. The
   * text stage reads only photos that pass.
   */
  lookForText: {
    payload: textImageFields.strict().refine(holdsRgb, holdsRgbMessage),
    value: z.object({
      share: z.number().min(0).max(1),
      regions: z.number().int().nonnegative(),
      /** PP-OCR's confidence in the best of the largest few line-like boxes; 0 for none. */
      confidence: z.number().min(0).max(1),
      /** [Note: First look]: the share of line-like boxes, the largest sure line. */
      lineShare: z.number().min(0).max(1),
      signLine: z.number().min(0).max(1),
    }),
  },
  /**
   * The lines of text in one photo, boxes as fractions of the photo sent. `languages`: the
   * Tesseract packs lines PP-OCR cannot read are tried with (default: all shipped);
   * `languageDir` a folder of `<lang>.traineddata` files instead of the shipped packs.
   */
  readText: {
    payload: textImageFields
      .extend({
        languages: z
          .array(z.string().regex(/^[a-z]{3}(_[a-z]{3,4})?$/))
          .max(20)
          .optional(),
        languageDir: modelDir.optional(),
      })
      .strict()
      .refine(holdsRgb, holdsRgbMessage),
    value: z.object({ lines: z.array(textLineSchema).max(5000) }),
  },
} as const satisfies Record<string, { payload: z.ZodType; value: z.ZodType }>;

export type WorkerRequestType = keyof typeof workerRequests;
/** A payload as the worker receives it, defaults filled in. */
export type WorkerPayload<T extends WorkerRequestType> = z.output<
  (typeof workerRequests)[T]['payload']
>;
/** A payload as a sender writes it (fields with defaults may be left out). */
export type WorkerPayloadIn<T extends WorkerRequestType> = z.input<
  (typeof workerRequests)[T]['payload']
>;
export type WorkerValue<T extends WorkerRequestType> = z.infer<(typeof workerRequests)[T]['value']>;

const requestTypes = Object.keys(workerRequests) as [WorkerRequestType, ...WorkerRequestType[]];

/** Core → worker. */
export const toWorkerSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  type: z.enum(requestTypes),
  payload: z.unknown(),
});
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Worker → core. */
export const fromWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), pid: z.number().int() }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int().nonnegative(),
    result: resultSchema(z.unknown()),
  }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
