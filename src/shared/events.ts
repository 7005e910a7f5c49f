/**
 * @file Events pushed to every subscriber of `app:events` (renderer, server clients).
 * A discriminated union so the UI can switch over `type` exhaustively.
 */
import { z } from 'zod';
import { workerStatusSchema } from './worker-status';

/** Work stopped because the disk holding `dir` is full; it resumes when space comes back. */
export const diskFullSchema = z.object({
  dir: z.string(),
  /** Free bytes when it was noticed; null when the OS would not say. */
  freeBytes: z.number().nonnegative().nullable(),
});
export type DiskFull = z.infer<typeof diskFullSchema>;

/**
 * The shipped face models cannot be used ([Note: Faces stage]): `missing` files or a `damaged`
 * one that does not load; `files` are their names, `detail` the loader's words. People are not
 * found until Fotoglot is reinstalled; the faces jobs wait.
 */
export const faceModelsProblemSchema = z.object({
  reason: z.enum(['missing', 'damaged']),
  files: z.array(z.string()),
  detail: z.string(),
});
export type FaceModelsProblem = z.infer<typeof faceModelsProblemSchema>;

export const appEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('worker:status'), status: workerStatusSchema }),
  z.object({
    type: z.literal('job:progress'),
    job: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    /** Items per second over the recent window. */
    rate: z.number().nonnegative(),
    /** Seconds left at the current rate; null while unknown. */
    etaSeconds: z.number().nonnegative().nullable(),
  }),
  /** How a folder is watched changed (e.g. the OS watch limit forced polling); `reason` is for the user. */
  z.object({
    type: z.literal('library:watchMode'),
    folderId: z.number().int(),
    mode: z.enum(['native', 'polling', 'off']),
    reason: z.string(),
  }),
  /** Something in the library changed on disk (a watcher event was processed). */
  z.object({ type: z.literal('library:changed'), path: z.string() }),
  /** The data folder's disk filled up (`full` set) or has room again (`full` null). */
  z.object({ type: z.literal('library:diskFull'), full: diskFullSchema.nullable() }),
  /** The face models became unusable (`problem` set) or usable again (null). */
  z.object({ type: z.literal('faces:models'), problem: faceModelsProblemSchema.nullable() }),
  /** A command from the desktop app's menu for the UI to carry out. */
  z.object({ type: z.literal('ui:command'), command: z.lazy(() => uiCommandSchema) }),
]);

export const uiCommandSchema = z.enum([
  'addFolder',
  'rescan',
  'settings',
  'search',
  'library',
  'tags',
  'duplicates',
  'people',
  'places',
  'back',
  'forward',
]);
export type UiCommand = z.infer<typeof uiCommandSchema>;

export type AppEvent = z.infer<typeof appEventSchema>;
export type AppEventListener = (event: AppEvent) => void;
