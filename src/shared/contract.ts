/**
 * @file The one typed contract between the UI and the core (ARCHITECTURE §5.1).
 *
 * [Note: One contract, three hosts]
 * `channels` maps each `domain:action` name to the zod schemas of its argument and value.
 * The Electron host binds every entry to `ipcMain.handle`, the headless server to
 * `POST /api/<channel>`, and both call the same handler functions from `src/main`, so an
 * end-to-end test through the server exercises the code the desktop app runs. The preload
 * and the web client shim both implement `Api`, so the renderer cannot tell them apart.
 */
import { z } from 'zod';
import { eventsChannel, type Channel } from './channel-names';
import type { AppEventListener } from './events';
import {
  folderInfoSchema,
  removedFolderSchema,
  folderPathSchema,
  indexSummarySchema,
  photoCardSchema,
  photoDetailSchema,
  photoSummarySchema,
  photosListArgsSchema,
  problemSchema,
} from './library-schemas';
import {
  faceSchema,
  peopleCoverArgsSchema,
  peopleMoveArgsSchema,
  peopleNotThisArgsSchema,
  peopleSplitArgsSchema,
  personArgsSchema,
  peopleHideArgsSchema,
  peopleListSchema,
  peopleMergeArgsSchema,
  peopleNameArgsSchema,
  personSummarySchema,
} from './people-schemas';
import {
  placeFoundSchema,
  placesFindArgsSchema,
  placesSetArgsSchema,
  placeTreeSchema,
} from './place-schemas';
import type { Result } from './result';
import { textLineSchema } from './text-schemas';
import {
  dismissDuplicatesArgsSchema,
  duplicateGroupSchema,
  photoRefSchema,
  searchArgsSchema,
  searchValueSchema,
  similarArgsSchema,
  similarValueSchema,
  trashCopiesArgsSchema,
} from './search-schemas';
import {
  photoIdsSchema,
  photoTagArgsSchema,
  settingsSchema,
  shownTagSchema,
  tagCountSchema,
  addedTagSchema,
  tagLanguageSchema,
  tagNameSchema,
} from './tag-schemas';
import { workerStatusSchema } from './worker-status';
import { diskFullSchema, faceModelsProblemSchema } from './events';
import {
  answerArgsSchema,
  answerValueSchema,
  suggestionsArgsSchema,
  suggestionsValueSchema,
} from './person-suggestion-schemas';
import { selfTestResultSchema, selfTestVerdictSchema } from './self-test-schemas';

/** How far one stage of [Note: Pipeline] has come: photos done of how many. */
const stageSchema = z.object({ name: z.string(), done: z.number().int(), total: z.number().int() });

export const appInfoSchema = z.object({
  version: z.string(),
  /** Which host answers: the desktop app can open files and use the trash, the server cannot. */
  host: z.enum(['desktop', 'server']),
  /** The data directory (`--home`, `FOTOGLOT_HOME` or the OS app-data folder). */
  dataDir: z.string(),
  platform: z.string(),
  arch: z.string(),
  database: z.object({
    path: z.string(),
    schemaVersion: z.number().int(),
    sqliteVersion: z.string(),
    sqliteVecVersion: z.string(),
  }),
  worker: workerStatusSchema,
  /** Set when library.db was damaged at start: where it was kept, and what replaced it. */
  recovery: z
    .object({
      brokenFile: z.string(),
      restoredFrom: z.string().nullable(),
      reason: z.string(),
      at: z.string(),
    })
    .nullable(),
  /** Set while work is stopped because the data folder's disk is full (see library:diskFull). */
  diskFull: diskFullSchema.nullable(),
  /** How far each stage has come: ingested, searchable (embed), tagged and faces looked for, each of how many. */
  stages: z.array(stageSchema),
  /** Set while the shipped face models are missing or damaged (the faces stage waits). */
  faceModels: faceModelsProblemSchema.nullable(),
  /** True while the user (or battery power) has paused the work on photos. */
  paused: z.boolean(),
  /** What the active model runs on once loaded: the provider used, and why faster ones were skipped. */
  inference: z
    .object({
      model: z.string(),
      executionProvider: z.string(),
      providerNote: z.string().nullable(),
    })
    .nullable(),
  /**
   * The active model's self-test in the user's language ([Note: Self-test verdict]); null when
   * there is no model.
   */
  selfTest: selfTestVerdictSchema.nullable(),
  /** Models with vectors in this library (and how many), the active one marked. */
  models: z.array(
    z.object({
      id: z.string(),
      active: z.boolean(),
      dimension: z.number().int(),
      vectors: z.number().int(),
    }),
  ),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const modelIdSchema = z.string().regex(/^[\w.-]{1,200}$/, 'a model id from the catalog');

export const modelListingSchema = z.object({
  id: z.string(),
  description: z.string(),
  dimension: z.number().int(),
  languages: z.array(z.string()),
  approxBytes: z.number().nullable(),
  /** The download size for people (see downloadSize in model-catalog.ts). */
  size: z.object({
    bytes: z.number().nullable(),
    accuracy: z.enum(['exact', 'about', 'atLeast', 'unknown']),
  }),
  relativeSpeed: z.number(),
  speed: z.enum(['fast', 'balanced', 'best']),
  licence: z.string().nullable(),
  /** Being downloaded now (by any window or the CLI through this core). */
  downloading: z.boolean(),
  /** The catalog's recommendation (the multilingual default). */
  default: z.boolean(),
  verified: z.boolean(),
  developerOnly: z.boolean(),
  installed: z.boolean(),
  /** Installed in the data folder rather than bundled with the app: it can be removed. */
  removable: z.boolean(),
  active: z.boolean(),
  /** Imported by the user from a folder (any Immich-layout export), not in the catalog. */
  custom: z.boolean(),
  /** Its last self-test ([Note: Model self-test]); null when never tested. */
  selfTest: selfTestResultSchema.nullable(),
});

/** Calls that take no argument accept an empty object (or nothing at all). */
const noArgs = z.object({}).strict().optional();

export const channels = {
  'app:info': { args: noArgs, value: appInfoSchema },
  'library:folders': { args: noArgs, value: z.array(folderInfoSchema) },
  'library:addFolder': {
    args: z.object({ path: folderPathSchema, watch: z.boolean().default(true) }).strict(),
    value: folderInfoSchema,
  },
  /**
   * Adds the folders, scans them and does all the work on their photos before answering
   * (`fotoglot index`); the UI uses library:addFolder, which answers at once.
   */
  'library:index': {
    args: z
      .object({
        folders: z.array(folderPathSchema).min(1).max(100),
        watch: z.boolean().default(true),
      })
      .strict(),
    value: indexSummarySchema,
  },
  /**
   * Removes a folder: its photos leave the library, their tags, names and dates are kept for
   * library:restoreFolder or adding the folder again (see [Note: Removed folders]).
   */
  'library:removeFolder': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: z.object({ removedPhotos: z.number().int(), folder: removedFolderSchema }),
  },
  'library:removedFolders': { args: noArgs, value: z.array(removedFolderSchema) },
  /** Brings a removed folder back with its photos as they were (Undo, "Removed folders"). */
  'library:restoreFolder': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: folderInfoSchema,
  },
  /** Forgets a removed folder for good: photos that live nowhere else go with their tags. */
  'library:forgetFolder': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: z.object({ forgottenPhotos: z.number().int() }),
  },
  'library:rescan': { args: noArgs, value: z.object({ started: z.boolean() }) },
  'library:problems': { args: noArgs, value: z.array(problemSchema) },
  /** Desktop only: the system folder picker (null when cancelled). */
  'library:pickFolder': { args: noArgs, value: z.object({ path: z.string().nullable() }) },
  'library:storage': {
    args: noArgs,
    value: z.object({
      dataDir: z.string(),
      database: z.number().int(),
      thumbnails: z.number().int(),
      previews: z.number().int(),
      models: z.number().int(),
    }),
  },
  /** Frees the on-demand 1600 px previews (made again when viewed); grid thumbnails stay. */
  'library:clearPreviews': { args: noArgs, value: z.object({ freedBytes: z.number().int() }) },
  /** What search can filter by: cameras and folder names (search suggestions). */
  'library:facets': {
    args: noArgs,
    value: z.object({ cameras: z.array(z.string()), folders: z.array(z.string()) }),
  },
  'photos:list': {
    args: photosListArgsSchema.optional(),
    value: z.object({ photos: z.array(photoSummarySchema), total: z.number().int() }),
  },
  'photos:get': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: photoDetailSchema,
  },
  /** The library's photo of a file (or an id): its id and shown path; not-found when none. */
  'photos:resolve': {
    args: photoRefSchema,
    value: z.object({ id: z.number().int(), path: z.string().nullable() }),
  },
  /** The grid's cards of many photos in one call, in the order asked; unknown ids are left out. */
  'photos:cards': {
    args: z.object({ ids: z.array(z.number().int().positive()).max(1000) }).strict(),
    value: z.object({ photos: z.array(photoCardSchema) }),
  },
  /** Desktop only: shows the photo's file in the system file manager. */
  'photos:reveal': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: z.object({ ok: z.literal(true) }),
  },
  /** Desktop only: opens the photo with the system's default program. */
  'photos:openExternal': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: z.object({ ok: z.literal(true) }),
  },
  /**
   * Moves the photos' files to the OS trash (desktop, after the UI asked the user), or on the
   * headless host only tags them `marked-for-deletion`. Fotoglot itself never deletes.
   */
  'photos:trash': {
    args: z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
    value: z.object({ trashed: z.number().int(), marked: z.number().int() }),
  },
  /**
   * The files of many photos (a selection), in the order asked; unknown ids are left out:
   * the path that stands for each photo and every file of it on disk (copies included).
   */
  'photos:files': {
    args: z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
    value: z.object({
      photos: z.array(
        z.object({ id: z.number().int(), path: z.string().nullable(), files: z.array(z.string()) }),
      ),
    }),
  },
  /**
   * Sets the capture date of photos as a user decision (see [Note: User dates]): kept across
   * rescans and re-reads, it wins over EXIF; with XMP writing on, also written to sidecars.
   */
  'photos:setDate': {
    args: z
      .object({
        ids: z.array(z.number().int().positive()).min(1).max(100_000),
        /** Wall-clock time where the photo was taken, `YYYY-MM-DDTHH:mm[:ss]`. */
        date: z.string().max(40),
      })
      .strict(),
    value: z.object({ updated: z.number().int(), sidecars: z.number().int() }),
  },
  /** Photos by meaning and filters (see [Note: Query filters], [Note: Relevance cut]). */
  'photos:search': { args: searchArgsSchema, value: searchValueSchema },
  'photos:similar': { args: similarArgsSchema.strict(), value: similarValueSchema },
  /**
   * Duplicate groups (same file in several places, exact and near copies, bursts) with the
   * suggested copy to keep, leaving out what the user said are not duplicates; nothing is deleted.
   */
  'photos:duplicates': { args: noArgs, value: z.object({ groups: z.array(duplicateGroupSchema) }) },
  /** "Not duplicates": remembered in the library, so these are not shown together again. */
  'photos:dismissDuplicates': {
    args: dismissDuplicatesArgsSchema,
    value: z.object({ ok: z.literal(true) }),
  },
  /**
   * Extra copies of one photo's file (same file in several places): moved to the OS trash on
   * the desktop (after the UI asked), marked for deletion on the headless host. The photo, its
   * tags and at least one of its files always stay.
   */
  'photos:trashCopies': {
    args: trashCopiesArgsSchema,
    value: z.object({ trashed: z.number().int(), marked: z.number().int() }),
  },
  /** The faces found in a photo with their persons (the viewer's boxes). */
  'photos:faces': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: z.object({ faces: z.array(faceSchema) }),
  },
  'tags:list': {
    args: z.object({ lang: tagLanguageSchema.optional() }).strict().optional(),
    value: z.array(tagCountSchema),
  },
  'tags:forPhoto': {
    args: z
      .object({ photoId: z.number().int().positive(), lang: tagLanguageSchema.optional() })
      .strict(),
    value: z.array(shownTagSchema),
  },
  'tags:accept': { args: photoTagArgsSchema, value: z.object({ ok: z.literal(true) }) },
  /** Rejected suggestions are remembered and never suggested again. */
  'tags:reject': { args: photoTagArgsSchema, value: z.object({ ok: z.literal(true) }) },
  /**
   * A tag of the user's own, kept as typed; `translations` are the vocabulary tags the typed
   * word means in another language, to offer; `concept` picks one of them instead.
   */
  'tags:add': {
    args: photoTagArgsSchema
      .extend({
        lang: tagLanguageSchema.optional(),
        concept: z.string().trim().min(1).max(100).optional(),
      })
      .strict(),
    value: addedTagSchema,
  },
  'tags:acceptAll': {
    args: z.object({ photoIds: photoIdsSchema }).strict(),
    value: z.object({ accepted: z.number().int() }),
  },
  /** Rejects every open suggestion on these photos (remembered, never suggested again). */
  'tags:rejectAll': {
    args: z.object({ photoIds: photoIdsSchema.min(1) }).strict(),
    value: z.object({ rejected: z.number().int() }),
  },
  /** Adds one tag, in any language, to many photos (a selection); unknown ids are left out. */
  'tags:addMany': {
    args: z.object({ photoIds: photoIdsSchema.min(1), name: tagNameSchema }).strict(),
    value: z.object({ photos: z.number().int() }),
  },
  /**
   * Accepts every open suggestion on the photos in a folder and its subfolders (after the
   * pending tagging is done), and with `writeXmp` writes their tags to XMP sidecars.
   */
  'tags:acceptFolder': {
    args: z
      .object({
        folder: folderPathSchema,
        writeXmp: z.boolean().default(false),
        lang: tagLanguageSchema.optional(),
      })
      .strict(),
    value: z.object({
      folder: z.string(),
      photos: z.number().int(),
      accepted: z.number().int(),
      sidecars: z.number().int(),
    }),
  },
  /** The review queue: accept or reject every open suggestion of one tag. */
  'tags:review': {
    args: z.object({ name: tagNameSchema, accept: z.boolean() }).strict(),
    value: z.object({ photos: z.number().int() }),
  },
  /** A tag's open suggestions, most confident first, to review photo by photo. */
  'tags:suggestions': {
    args: z.object({ name: tagNameSchema }).strict(),
    value: z.object({
      photos: z.array(z.object({ photoId: z.number().int(), score: z.number().nullable() })),
    }),
  },
  /** Accepts the photos kept and rejects the ones excluded (remembered); the rest stay open. */
  'tags:reviewPhotos': {
    args: z
      .object({
        name: tagNameSchema,
        accept: photoIdsSchema.default([]),
        reject: photoIdsSchema.default([]),
      })
      .strict(),
    value: z.object({ accepted: z.number().int(), rejected: z.number().int() }),
  },
  'tags:rename': {
    args: z.object({ from: tagNameSchema, to: tagNameSchema }).strict(),
    value: z.object({ photos: z.number().int() }),
  },
  'tags:remove': {
    args: z.object({ name: tagNameSchema }).strict(),
    value: z.object({ photos: z.number().int() }),
  },
  /** A user-defined zero-shot tag: the photos that look like the text, before anything is tagged. */
  'tags:previewCustom': {
    args: z
      .object({ text: tagNameSchema, limit: z.number().int().min(1).max(2000).default(500) })
      .strict(),
    value: z.object({
      text: z.string(),
      matches: z.array(
        z.object({ photoId: z.number().int(), score: z.number(), rejected: z.boolean() }),
      ),
    }),
  },
  /** Tags the photos kept; the ones excluded from the preview are remembered as rejected. */
  'tags:applyCustom': {
    args: z
      .object({
        text: tagNameSchema,
        photoIds: photoIdsSchema,
        excluded: photoIdsSchema.default([]),
      })
      .strict(),
    value: z.object({ tagged: z.number().int() }),
  },
  'settings:get': { args: noArgs, value: settingsSchema },
  'settings:set': { args: settingsSchema.partial().strict(), value: settingsSchema },
  'jobs:pause': { args: noArgs, value: z.object({ paused: z.boolean() }) },
  'jobs:resume': { args: noArgs, value: z.object({ paused: z.boolean() }) },
  /**
   * Does all pending work of every stage now and answers when none is left (the CLI waits
   * on it); while the work is paused, it waits for the resume.
   */
  'jobs:run': { args: noArgs, value: z.object({ stages: z.array(stageSchema) }) },
  /** "Is this Anna?": faces probably a named person's, best first ([Note: Person suggestions]). */
  'people:suggestions': { args: suggestionsArgsSchema.optional(), value: suggestionsValueSchema },
  /** Yes moves the faces to the person, no is remembered (never asked again); journaled. */
  'people:answer': { args: answerArgsSchema, value: answerValueSchema },
  /** The persons faces were grouped into ([Note: Persons]). */
  'people:list': { args: noArgs, value: peopleListSchema },
  /** Names, renames or (null) unnames a person; journaled, it survives re-indexing. */
  'people:name': { args: peopleNameArgsSchema, value: personSummarySchema },
  'people:merge': { args: peopleMergeArgsSchema, value: personSummarySchema },
  'people:hide': { args: peopleHideArgsSchema, value: personSummarySchema },
  /**
   * Writes every photo's named faces to its XMP sidecars now, whatever the setting (the names
   * given before writing was turned on); answers how many files were written.
   */
  'people:writeSidecars': { args: noArgs, value: z.object({ files: z.number().int() }) },
  /** A person's faces, best first (its page's faces to correct). */
  'people:faces': { args: personArgsSchema, value: z.object({ faces: z.array(faceSchema) }) },
  /** The photos a person is in as grid cards, newest first. */
  'people:photos': {
    args: personArgsSchema,
    value: z.object({ photos: z.array(photoCardSchema) }),
  },
  /** These faces become a new person (returned); journaled. */
  'people:split': { args: peopleSplitArgsSchema, value: personSummarySchema },
  /** These faces are a person, by id or by name (a new name makes a new person); journaled. */
  'people:move': { args: peopleMoveArgsSchema, value: personSummarySchema },
  /** These faces are not this person; they never join it again; journaled. */
  'people:notThis': { args: peopleNotThisArgsSchema, value: z.object({ ok: z.literal(true) }) },
  /** The face shown for a person; journaled. */
  'people:cover': { args: peopleCoverArgsSchema, value: personSummarySchema },
  /** Where the library's photos were taken: countries → regions → towns ([Note: Photo places]). */
  'places:tree': { args: noArgs, value: placeTreeSchema },
  /** Sets (or with null takes away) the place of photos as a user decision; journaled. */
  'places:set': {
    args: placesSetArgsSchema,
    value: z.object({ updated: z.number().int().nonnegative() }),
  },
  /** Towns whose names (in any language) match, with their region or country; the 10 best. */
  'places:find': { args: placesFindArgsSchema, value: z.array(placeFoundSchema) },
  /**
   * The text read in a photo ([Note: Text store]): `read` false until the text stage has read
   * it; `lines` empty when it has and found none. For the viewer's boxes and `fotoglot text`.
   */
  'text:ofPhoto': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    value: z.object({
      read: z.boolean(),
      engine: z.string().nullable(),
      readAt: z.string().nullable(),
      lines: z.array(textLineSchema),
    }),
  },
  'models:list': {
    args: z
      .object({ developer: z.boolean().default(false) })
      .strict()
      .optional(),
    value: z.array(modelListingSchema),
  },
  /** Downloads a model (progress as `job:progress` events with job `download:<id>`). */
  'models:install': {
    args: z
      .object({ id: modelIdSchema, mirror: z.url({ protocol: /^https?$/ }).optional() })
      .strict(),
    /** With the self-test run right after the install ([Note: Model self-test]). */
    value: z.object({ dir: z.string(), selfTest: selfTestResultSchema.nullable() }),
  },
  'models:cancel': {
    args: z.object({ id: modelIdSchema }).strict(),
    value: z.object({ cancelled: z.boolean() }),
  },
  'models:import': {
    args: z.object({ dir: folderPathSchema, id: modelIdSchema.optional() }).strict(),
    /** With the self-test run right after the import ([Note: Model self-test]). */
    value: z.object({ dir: z.string(), selfTest: selfTestResultSchema.nullable() }),
  },
  'models:use': {
    args: z.object({ id: modelIdSchema }).strict(),
    value: z.object({ active: z.string() }),
  },
  'models:verify': {
    args: z.object({ id: modelIdSchema }).strict(),
    value: z.object({ problems: z.array(z.string()) }),
  },
  'models:remove': {
    args: z.object({ id: modelIdSchema }).strict(),
    value: z.object({ removed: z.string() }),
  },
  /** Runs a model's self-test now (default: the active model) and stores the result. */
  'models:test': {
    args: z.object({ id: modelIdSchema.optional() }).strict().optional(),
    value: selfTestResultSchema,
  },
} as const satisfies Record<Channel, { args: z.ZodType; value: z.ZodType }>;
export { channelNames, eventsChannel, isChannel, type Channel } from './channel-names';

export type ChannelArgs<C extends Channel> = z.input<(typeof channels)[C]['args']>;
export type ChannelValue<C extends Channel> = z.infer<(typeof channels)[C]['value']>;

/** Unsubscribes a listener. */
export type Unsubscribe = () => void;

/** What the renderer can call: `window.fotoglot` in Electron, the web client shim elsewhere. */
export type Api = {
  [C in Channel]: (args?: ChannelArgs<C>) => Promise<Result<ChannelValue<C>>>;
} & {
  [eventsChannel]: (listener: AppEventListener) => Unsubscribe;
};
