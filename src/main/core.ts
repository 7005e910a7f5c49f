/**
 * @file The core services of one running Fotoglot, shared by every host (Electron, server,
 * CLI): the library database, the inference process and the event stream.
 */
import { mkdirSync } from 'node:fs';
import type { AppEvent } from '../shared/events';
import { defaultTileUrl, type Settings } from '../shared/tag-schemas';
import { Emitter } from '../shared/emitter';
import { homeLayout } from './app-home';
import { dailyBackup, openWithRecovery, TagJournal, type Recovery } from './db/database-recovery';
import type { LibraryDatabase } from './db/library-database';
import path from 'node:path';
import { InferenceClient, type InferenceClientOptions } from './inference/inference-client';
import { bundlePaths } from './bundle-paths';
import { EmbeddingService, type ModelStatus } from './embeddings/embedding-service';
import { SearchService } from './search/search-service';
import { browserTypes, type MediaFile, type MediaKind } from './media-route';
import { photosInFolder } from './library/photos-in-folder';
import {
  checkUserDate,
  DateJournal,
  fingerprintsOf,
  replayUserDates,
  setUserDates,
} from './library/user-dates';
import { writeDateSidecars } from './library/xmp-date';
import { writePlaceSidecars } from './places/place-sidecar';
import { thumbPath } from './library/thumbnails';
import { clearPreviews, dataFolderUsage, type DataFolderUsage } from './data-folder';
import { DuplicateFinder } from './search/duplicate-finder';
import { SimilarPhotos } from './search/similar-photos';
import { DecodeHelpers } from './library/decode-image';
import { LibraryService, type LibraryServiceOptions } from './library/library-service';
import { ModelInputCache } from './embeddings/model-input-cache';
import { Pipeline } from './jobs/pipeline';
import { stageStatus, type StageStatus } from './jobs/stage-status';
import { ModelDownloads } from './models/model-downloads';
import { ModelManager } from './models/model-manager';
import { ModelSelfTest } from './models/model-self-test';
import { deleteSetting, readSetting, writeSetting } from './db/settings';
import type { Row } from './db/rows';
import { get, sql } from './db/sql';
import { syncSidecars } from './tagging/sidecar-sync';
import { TagService } from './tagging/tag-service';
import { tagLanguage, type TagLanguage } from './tagging/tag-vocabulary';
import type { WorkerLauncher } from './inference/worker-launcher';
import { shippedFaceModelsDir } from './faces/face-input';
import { FaceStage, faceGate, faceThreshold } from './faces/face-stage';
import { FaceInputCache } from './faces/face-input-cache';
import { PeopleService } from './people/people-service';
import { PersonJournal } from './people/person-journal';
import { namedPersons } from './people/person-queries';
import { RegionSidecarWriter } from './people/region-sidecar';
import { JsonlJournal } from './db/jsonl-journal';
import { placeDbFile, type PlaceLanguage } from './places/place-db';
import { libraryPlaces } from './places/library-places';
import { PlaceStage, parsePlaceDecision, type PlaceDecision } from './places/place-stage';
import { TextStore } from './text/text-store';
import { shippedTextModelsDir } from './text/text-models';
import { textLanguages } from './text/text-languages';
import { TextStage } from './text/text-stage';

export interface CoreOptions {
  home: string;
  launchWorker: WorkerLauncher;
  inference?: Omit<InferenceClientOptions, 'launch'>;
  library?: Pick<LibraryServiceOptions, 'concurrency' | 'watcher' | 'diskFullRetry'>;
  /** Where bundled models (test-tiny) are; default: beside the built app. */
  bundledModelsDir?: string;
}

/** Set while journaled tag decisions still need applying after a recovery. */
const replayKey = 'recovery.replayPending';

const fsProblems: Record<string, string> = {
  ENOTDIR: 'part of that path is a file, not a folder',
  EEXIST: 'a file with that name is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
};

function ensureDataDir(home: string): void {
  try {
    mkdirSync(home, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = fsProblems[code] ?? (error instanceof Error ? error.message : String(error));
    throw new Error(
      `Cannot use ${home} as the data directory: ${why}. Choose another with --home or FOTOGLOT_HOME.`,
    );
  }
}

export class Core {
  readonly home: string;
  readonly db: LibraryDatabase;
  readonly inference: InferenceClient;
  readonly library: LibraryService;
  readonly embeddings: EmbeddingService;
  readonly search: SearchService;
  readonly tags: TagService;
  readonly similar: SimilarPhotos;
  readonly duplicates: DuplicateFinder;
  /** Faces and persons ([Note: Persons]); the faces stage feeds it ([Note: Faces stage]). */
  readonly people: PeopleService;
  readonly faces: FaceStage;
  readonly #personJournal: PersonJournal;
  /** Named faces written to sidecars (see faceSidecarsWritten). */
  readonly #faceSidecars: RegionSidecarWriter;
  /** Places the user set, by fingerprint ([Note: Photo places]). */
  readonly #placeJournal: JsonlJournal<PlaceDecision>;
  /** Where photos were taken ([Note: Photo places]); the places stage of the pipeline. */
  readonly places: PlaceStage;
  /** The text read in photos ([Note: Text store]); the text stage fills it. */
  readonly text: TextStore;
  /** Reads the words in photos ([Note: Text stage]); fills `text`. */
  readonly textStage: TextStage;
  /** Set when the database was damaged at start and replaced (see [Note: Database recovery]). */
  readonly recovery: Recovery | null;
  readonly #journal: TagJournal;
  /** Dates the user set, by fingerprint (see [Note: User dates]). */
  readonly #dateJournal: DateJournal;
  readonly models: ModelManager;
  /** Models' self-tests and their last results ([Note: Model self-test]). */
  readonly selfTest: ModelSelfTest;
  /** Downloads in progress, shared by every host bound to this core; dispose cancels them. */
  readonly downloads: ModelDownloads;
  readonly #events = new Emitter<AppEvent>();
  /** One exiftool process and one set of HEIC threads for ingest, previews and embedding. */
  readonly #helpers = new DecodeHelpers();
  readonly #disposers: (() => void)[] = [];
  readonly #modelInputs: ModelInputCache;
  /** The stages of work on photos and their pause switch ([Note: Pipeline]). */
  readonly pipeline = new Pipeline();

  private constructor(options: CoreOptions) {
    this.home = options.home;
    this.#modelInputs = new ModelInputCache(homeLayout(options.home).modelInputs);
    ensureDataDir(options.home);
    const opened = openWithRecovery(homeLayout(options.home).database);
    this.db = opened.database;
    this.recovery = opened.recovery;
    // After a restore or rebuild, the journaled tag decisions are applied as photos come back.
    if (this.recovery) writeSetting(this.db.db, replayKey, true);
    this.#journal = new TagJournal(path.join(options.home, 'tags-journal.jsonl'));
    this.#dateJournal = new DateJournal(path.join(options.home, 'dates-journal.jsonl'));
    this.#personJournal = new PersonJournal(path.join(options.home, 'persons-journal.jsonl'));
    this.#placeJournal = new JsonlJournal(
      path.join(options.home, 'places-journal.jsonl'),
      parsePlaceDecision,
    );
    this.inference = new InferenceClient({ ...options.inference, launch: options.launchWorker });
    const emit = (event: AppEvent) => {
      this.emit(event);
    };
    this.models = new ModelManager(
      this.db.db,
      options.home,
      options.bundledModelsDir ?? bundlePaths().bundledModelsDir,
      async (dir, fix) => {
        await this.inference.whenReady();
        return this.inference.request('checkModel', { dir, fix });
      },
    );
    this.downloads = new ModelDownloads(
      (id, install) => this.models.install(id, install),
      emit,
      process.env.HF_ENDPOINT || undefined,
    );
    this.embeddings = new EmbeddingService({
      helpers: this.#helpers,
      db: this.db.db,
      inference: this.inference,
      inputs: this.#modelInputs,
      activeModel: () => this.models.active(),
      modelDir: (id) => this.models.folderOf(id),
      emit,
      gate: this.pipeline.gate,
    });
    this.selfTest = new ModelSelfTest({
      db: this.db.db,
      inference: this.inference,
      helpers: this.#helpers,
      loadOptions: () => this.embeddings.loadOptions(),
      embedTexts: (model, texts, languages) => this.embeddings.embedTexts(model, texts, languages),
      folderOf: (id) => this.models.folderOf(id),
      kitOf: (id) => this.#catalogEntry(id)?.selfTest ?? 'photos',
      photosDir: bundlePaths().selfTestPhotosDir,
    });
    this.tags = new TagService({
      db: this.db.db,
      embeddings: this.embeddings,
      calibration: (id) => this.#catalogEntry(id)?.tagging ?? null,
      modelLanguages: (id) => this.#catalogEntry(id)?.languages ?? ['en'],
      language: () => this.language,
      gate: this.pipeline.gate,
      onProgress: (p) => {
        this.emit({ type: 'job:progress', job: 'tag', ...p });
      },
      journal: (entry) => {
        this.#journal.append(entry);
      },
      onAccepted: async (photoIds) => {
        if (readSetting(this.db.db, 'xmp.write') === true) await this.writeSidecars(photoIds);
      },
    });
    this.#faceSidecars = new RegionSidecarWriter(this.db.db, () => this.#helpers.exiftool);
    this.people = new PeopleService({
      db: this.db.db,
      journal: this.#personJournal,
      threshold: faceThreshold,
      gate: faceGate,
      onDecided: (photoIds) => {
        if (readSetting(this.db.db, 'xmp.writeFaces') !== true) return;
        // Logged by the writer; a file that fails is a problem on it (writeEachFile).
        this.#faceSidecars.queue(photoIds).catch(() => undefined);
      },
    });
    const faceInputs = new FaceInputCache(homeLayout(options.home).faceInputs);
    this.faces = new FaceStage({
      db: this.db.db,
      people: this.people,
      inference: this.inference,
      helpers: this.#helpers,
      modelsDir: shippedFaceModelsDir(options.bundledModelsDir ?? bundlePaths().bundledModelsDir),
      inputs: faceInputs,
      // The text stage reads them after this one and removes them ([Note: Faces input handoff]).
      inputsReadLater: true,
      gate: this.pipeline.gate,
      onProgress: (p) => {
        this.emit({ type: 'job:progress', job: 'faces', ...p });
      },
      onModelsProblem: (problem) => {
        this.emit({ type: 'faces:models', problem });
      },
    });
    this.places = new PlaceStage({
      db: this.db.db,
      placeDbFile: placeDbFile(options.bundledModelsDir ?? bundlePaths().bundledModelsDir),
      journal: this.#placeJournal,
      gate: this.pipeline.gate,
      onProgress: (p) => {
        this.emit({ type: 'job:progress', job: 'places', ...p });
      },
    });
    this.text = new TextStore(this.db.db);
    this.textStage = new TextStage({
      db: this.db.db,
      inference: this.inference,
      helpers: this.#helpers,
      modelsDir: shippedTextModelsDir(),
      save: (photoId, engine, lines) => {
        this.text.save(photoId, engine, lines);
      },
      // The faces stage's detection input spares a decode; this stage reads it last.
      inputs: faceInputs,
      removeInputs: true,
      // Read at each photo, so a new UI language applies from the next photo on.
      languages: () => textLanguages(this.language),
      gate: this.pipeline.gate,
      onProgress: (p) => {
        this.emit({ type: 'job:progress', job: 'text', ...p });
      },
    });
    this.similar = new SimilarPhotos(this.db.db, this.embeddings);
    this.duplicates = new DuplicateFinder(
      this.db.db,
      this.embeddings,
      homeLayout(options.home).thumbs,
    );
    this.search = new SearchService(
      this.db.db,
      this.embeddings,
      (value) => this.tags.resolve(value),
      undefined,
      () => this.language,
      () => namedPersons(this.db.db),
      async () => {
        // No place database (damaged install): search goes on without place names.
        const geocoder = await this.places.geocoder().catch(() => null);
        return geocoder ? libraryPlaces(this.db.db, geocoder, this.placeLanguage) : [];
      },
      this.text,
    );
    this.library = new LibraryService({
      ...options.library,
      helpers: this.#helpers,
      db: this.db.db,
      home: options.home,
      thumbsDir: homeLayout(options.home).thumbs,
      modelInput: {
        cache: this.#modelInputs,
        spec: () => {
          const active = this.models.active();
          return active ? this.models.inputSpecOf(active.dir) : null;
        },
      },
      emit,
      renders: [this.faces.ingestRender],
      gate: this.pipeline.gate,
      // See [Note: Pipeline]: every ingest is followed by the other stages.
      onIngested: () => this.pipeline.afterIngest(),
      onPhotosReady: () => {
        this.pipeline.photosReady();
      },
    });
    this.pipeline.persistWith({
      read: () => readSetting(this.db.db, 'jobs.paused') === true,
      write: (paused) => {
        writeSetting(this.db.db, 'jobs.paused', paused);
      },
    });
    // Stages started on their own (after a model switch) stall on a full disk like ingest does.
    this.pipeline.guardWith((work) => this.library.untilDiskFull(work));
    this.pipeline.add({ name: 'embed', run: () => this.embeddings.run() });
    this.pipeline.add({ name: 'tag', run: () => this.tags.run() });
    this.pipeline.add({ name: 'faces', run: () => this.faces.run() });
    this.pipeline.add({ name: 'places', run: () => this.places.run() });
    this.pipeline.add({ name: 'text', run: () => this.textStage.run() });
    this.pipeline.add({
      name: 'replay',
      // After a database recovery, the journaled tag and date decisions go back on the photos.
      run: () => {
        if (readSetting(this.db.db, replayKey) === true) {
          this.tags.replay(this.#journal.entries());
          replayUserDates(this.db.db, this.#dateJournal.entries());
          this.people.replay(this.#personJournal.entries());
          this.places.replay(this.#placeJournal.entries());
          deleteSetting(this.db.db, replayKey);
        }
        return Promise.resolve();
      },
    });
    this.#disposers.push(
      this.inference.onStatus((status) => {
        this.#events.emit({ type: 'worker:status', status });
      }),
    );
  }

  /** Opens the database and starts the inference process. */
  static open(options: CoreOptions): Core {
    const core = new Core(options);
    core.inference.start();
    dailyBackup(core.db).catch((error: unknown) => {
      console.error('[core] automatic backup failed:', error);
    });
    return core;
  }

  /** The user's language for tag names: the `ui.language` setting, else the system locale. */
  get language(): TagLanguage {
    return tagLanguage(
      readSetting(this.db.db, 'ui.language') ??
        process.env.LC_ALL ??
        process.env.LANG ??
        Intl.DateTimeFormat().resolvedOptions().locale,
    );
  }

  /** The settings the UI shows (see settings:get). */
  settings(): Settings {
    const inference = this.embeddings.loadOptions();
    return {
      language: this.language,
      xmpWrite: readSetting(this.db.db, 'xmp.write') === true,
      xmpWriteFaces: readSetting(this.db.db, 'xmp.writeFaces') === true,
      xmpWritePlaces: readSetting(this.db.db, 'xmp.writePlaces') === true,
      mapTiles: readSetting(this.db.db, 'map.tiles') === true,
      mapTileUrl: readSetting(this.db.db, 'map.tileUrl') ?? defaultTileUrl,
      firstRunDone: readSetting(this.db.db, 'ui.firstRunDone') === true,
      pauseOnBattery: readSetting(this.db.db, 'power.pauseOnBattery') === true,
      provider: inference.provider,
      threads: inference.threads ?? null,
    };
  }

  /**
   * The origin of the map tile server while online map tiles are on, for the page's
   * Content-Security-Policy; none while they are off ([Note: Online map tiles]).
   */
  mapTileOrigins(): string[] {
    if (readSetting(this.db.db, 'map.tiles') !== true) return [];
    return [new URL(readSetting(this.db.db, 'map.tileUrl') ?? defaultTileUrl).origin];
  }

  updateSettings(changes: { [K in keyof Settings]?: Settings[K] | undefined }): Settings {
    if (changes.language !== undefined) writeSetting(this.db.db, 'ui.language', changes.language);
    if (changes.xmpWrite !== undefined) writeSetting(this.db.db, 'xmp.write', changes.xmpWrite);
    if (changes.xmpWriteFaces !== undefined)
      writeSetting(this.db.db, 'xmp.writeFaces', changes.xmpWriteFaces);
    if (changes.xmpWritePlaces !== undefined)
      writeSetting(this.db.db, 'xmp.writePlaces', changes.xmpWritePlaces);
    if (changes.mapTiles !== undefined) writeSetting(this.db.db, 'map.tiles', changes.mapTiles);
    if (changes.mapTileUrl !== undefined)
      writeSetting(this.db.db, 'map.tileUrl', changes.mapTileUrl);
    if (changes.firstRunDone !== undefined)
      writeSetting(this.db.db, 'ui.firstRunDone', changes.firstRunDone);
    if (changes.pauseOnBattery !== undefined)
      writeSetting(this.db.db, 'power.pauseOnBattery', changes.pauseOnBattery);
    if (changes.provider !== undefined)
      writeSetting(this.db.db, 'inference.provider', changes.provider);
    if (changes.threads !== undefined) {
      if (changes.threads === null) deleteSetting(this.db.db, 'inference.threads');
      else writeSetting(this.db.db, 'inference.threads', changes.threads);
    }
    return this.settings();
  }

  /** Writes the accepted tags of these photos to XMP sidecars (see [Note: XMP sidecars]). */
  writeSidecars(photoIds: readonly number[], lang: TagLanguage = this.language): Promise<number> {
    return syncSidecars(this.db.db, this.tags.store, photoIds, this.#helpers.exiftool, lang);
  }

  /**
   * Writes the named faces of every photo that has any to its sidecars (see region-sidecar.ts),
   * after the writes already under way; returns how many files were written.
   */
  writeAllFaceSidecars(): Promise<number> {
    return this.#faceSidecars.queueAll();
  }

  /**
   * Resolves when the named faces of every decision so far are in the sidecars (when writing
   * them is on): the people channels answer after it, so the file is there when they return.
   */
  faceSidecarsWritten(): Promise<void> {
    return this.#faceSidecars.settled();
  }

  /**
   * Sets the capture date of photos (see [Note: User dates]), and with XMP writing on writes it
   * to their sidecars; the grid hears of it as a library change.
   */
  async setDates(
    photoIds: readonly number[],
    date: string,
  ): Promise<{ updated: number; sidecars: number }> {
    const local = checkUserDate(date);
    // Every photo must exist (not-found otherwise) before any is changed.
    for (const id of photoIds) this.library.resolvePhoto({ id });
    const updated = setUserDates(this.db.db, photoIds, local);
    this.#dateJournal.append(
      fingerprintsOf(this.db.db, photoIds).map((fingerprint) => ({ fingerprint, date: local })),
    );
    const sidecars =
      readSetting(this.db.db, 'xmp.write') === true
        ? await writeDateSidecars(this.db.db, photoIds, local, this.#helpers.exiftool)
        : 0;
    this.emit({ type: 'library:changed', path: '' });
    return { updated, sidecars };
  }

  /**
   * Sets the place of photos as the user's decision ([Note: Photo places]) and, with place
   * writing on, writes it to their sidecars ([Note: Place sidecars]).
   */
  async setPlaces(
    photoIds: readonly number[],
    position: { lat: number; lon: number } | null,
  ): Promise<{ updated: number; sidecars: number }> {
    const updated = await this.places.setPlace(photoIds, position);
    const sidecars =
      position && readSetting(this.db.db, 'xmp.writePlaces') === true
        ? await writePlaceSidecars(this.db.db, photoIds, position, this.#helpers.exiftool)
        : 0;
    return { updated, sidecars };
  }

  /** The photos with a file on disk in `folder` or its subfolders (see tags:acceptFolder). */
  photosIn(folder: string): number[] {
    return photosInFolder(this.db.db, folder);
  }

  /** How much disk the data folder uses, by part. */
  storage(): Promise<DataFolderUsage> {
    return dataFolderUsage(this.home);
  }

  /** Deletes the 1600 px previews (remade on demand); grid thumbnails stay. Returns bytes freed. */
  clearPreviews(): Promise<number> {
    return clearPreviews(homeLayout(this.home).thumbs);
  }

  /** The file behind `/media/<kind>/<photoId>` (see media-route.ts); null when there is none. */
  async mediaFile(kind: MediaKind, photoId: number): Promise<MediaFile | null> {
    const row = get<Pick<Row<'photos'>, 'fingerprint' | 'format'>>(
      this.db.db,
      sql`SELECT fingerprint, format FROM photos WHERE id = ${photoId} AND state = 'ready'`,
    );
    if (!row) return null;
    if (kind === 'thumb')
      return {
        file: thumbPath(homeLayout(this.home).thumbs, row.fingerprint, 'grid'),
        type: 'image/webp',
      };
    const original = kind === 'original' ? this.library.filesOf(photoId)[0] : undefined;
    const type = browserTypes[row.format];
    if (original && type) return { file: original, type };
    // HEIC, RAW, TIFF…: browsers cannot show them; the preview stands in.
    const preview = await this.library.preview(photoId);
    return preview ? { file: preview, type: 'image/webp' } : null;
  }

  /**
   * How far each stage has come ([Note: Pipeline]): ingested, searchable, tagged, faces. `models` are
   * the vector counts when the caller already has them (counting reads every vector table).
   */
  stages(models: readonly ModelStatus[] = this.embeddings.models()): StageStatus[] {
    const active = this.models.active();
    const vectors = active ? (models.find((m) => m.id === active.id)?.vectors ?? 0) : 0;
    return stageStatus(
      this.db.db,
      active ? this.tags.store.jobs(active.id) : null,
      vectors,
      active ? this.embeddings.store.jobs(active.id) : null,
      this.faces.jobs,
      this.textStage.jobs,
    );
  }

  #catalogEntry(id: string) {
    try {
      return this.models.entry(id);
    } catch {
      return null;
    }
  }

  /** Publishes an event to every `app:events` subscriber. */
  emit(event: AppEvent): void {
    this.#events.emit(event);
  }

  /**
   * Subscribes to everything `app:events` streams. With `replay`, the listener first gets the
   * current state (worker status), so a client that connects late misses nothing.
   */
  /** The user's language for place names. */
  get placeLanguage(): PlaceLanguage {
    const lang = this.language;
    return lang === 'zh' ? 'zh-CN' : lang;
  }

  onEvent(listener: (event: AppEvent) => void, options: { replay?: boolean } = {}): () => void {
    if (options.replay) listener({ type: 'worker:status', status: this.inference.status });
    return this.#events.on(listener);
  }

  async dispose(): Promise<void> {
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.downloads.dispose();
    await this.library.dispose();
    await this.tags.dispose();
    await this.faces.dispose();
    await this.#faceSidecars.settled();
    await this.places.dispose();
    await this.textStage.dispose();
    await this.embeddings.dispose();
    await this.#helpers.dispose();
    await this.inference.dispose();
    this.db.close();
    this.#events.dispose();
  }
}
