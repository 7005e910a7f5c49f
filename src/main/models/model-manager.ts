/**
 * @file The models a user can have: the catalog (models/catalog.json), what is installed
 * under `<home>/models/`, which one is active (setting `model.active`), and the actions on
 * them — install (see [Note: Model downloads]), import from a folder, verify, use, remove.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  catalogSchema,
  downloadSize,
  speedClass,
  type Catalog,
  type CatalogModel,
  type DownloadSize,
  type SpeedClass,
} from '../../shared/model-catalog';
import { preprocessConfigSchema } from '../../shared/model-config';
import { AppFailure } from '../../shared/result';
import { modelInputSpec, type ModelInputSpec } from '../inference/model-input';
import { deleteSetting, readSetting, writeSetting } from '../db/settings';
import { downloadModel, type DownloadOptions } from './model-downloader';
import { installFolder, validateLayout } from './model-folder';

export interface ModelListing {
  id: string;
  description: string;
  dimension: number;
  languages: string[];
  approxBytes: number | null;
  /** The download's size for people: the bytes known and how exact they are. */
  size: DownloadSize;
  relativeSpeed: number;
  speed: SpeedClass;
  /** Null for imported models (their licence is whatever their makers chose). */
  licence: string | null;
  verified: boolean;
  default: boolean;
  developerOnly: boolean;
  installed: boolean;
  /** Installed in the data folder (not bundled with the app), so it can be removed. */
  removable: boolean;
  active: boolean;
  /** Imported from a folder by the user, not in the catalog. */
  custom: boolean;
}

/** Opens a model folder as the inference process would and checks [Note: Real model contract]. */
export type ContractCheck = (
  dir: string,
  fix: string,
) => Promise<{ dimension: number; contextLength: number; imageSize: number }>;

const activeModelKey = 'model.active';
const idPattern = /^[\w.-]{1,100}$/;

export class ModelManager {
  readonly modelsDir: string;
  #catalog: Catalog | null = null;
  readonly #inputSpecs = new Map<string, ModelInputSpec | null>();

  constructor(
    private readonly db: Database.Database,
    home: string,
    private readonly bundledModelsDir: string,
    /** Loads a folder in the inference process; every install, import, verify and use passes it first. */
    private readonly checkContract: ContractCheck,
  ) {
    this.modelsDir = path.join(home, 'models');
  }

  catalog(): Catalog {
    this.#catalog ??= catalogSchema.parse(
      JSON.parse(readFileSync(path.join(this.bundledModelsDir, 'catalog.json'), 'utf8')),
    );
    return this.#catalog;
  }

  entry(id: string): CatalogModel {
    const model = this.catalog().models.find((m) => m.id === id);
    if (!model) {
      throw new AppFailure(
        'not-found',
        `No model "${id}" in the catalog. "fotoglot models list" shows the choices.`,
      );
    }
    return model;
  }

  /**
   * The pixel spec of the model in `dir` (its visual/preprocess_cfg.json), read once per
   * folder; null when it cannot be read (the model's load then says why).
   */
  inputSpecOf(dir: string): ModelInputSpec | null {
    if (!this.#inputSpecs.has(dir)) {
      let spec: ModelInputSpec | null = null;
      try {
        spec = modelInputSpec(
          preprocessConfigSchema.parse(
            JSON.parse(readFileSync(path.join(dir, 'visual/preprocess_cfg.json'), 'utf8')),
          ),
        );
      } catch {
        spec = null;
      }
      this.#inputSpecs.set(dir, spec);
    }
    return this.#inputSpecs.get(dir) ?? null;
  }

  /** Installed folders that are not catalog models: imported by the user with --id. */
  customIds(): string[] {
    const known = new Set(this.catalog().models.map((m) => m.id));
    try {
      return readdirSync(this.modelsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && idPattern.test(d.name) && !d.name.startsWith('.'))
        .map((d) => d.name)
        .filter((id) => !known.has(id) && !/\.old-\d+$/.test(id))
        .filter((id) => existsSync(path.join(this.modelsDir, id, 'config.json')))
        .sort();
    } catch {
      return [];
    }
  }

  #isCustom(id: string): boolean {
    return this.customIds().includes(id);
  }

  /** A catalog model or an installed custom one; throws the catalog's message otherwise. */
  #known(id: string): void {
    if (!this.#isCustom(id)) this.entry(id);
  }

  /** The folder a model runs from: installed copy first, else the bundled one (test-tiny in development). */
  folderOf(id: string): string | null {
    for (const dir of [path.join(this.modelsDir, id), path.join(this.bundledModelsDir, id)]) {
      if (existsSync(path.join(dir, 'config.json'))) return dir;
    }
    return null;
  }

  /** The active model: the `model.active` setting, else the catalog default, else test-tiny, whichever is available first. */
  active(): { id: string; dir: string } | null {
    const candidates = [
      readSetting(this.db, activeModelKey) ?? null,
      this.catalog().models.find((m) => m.default)?.id ?? null,
      'test-tiny',
    ];
    for (const id of candidates) {
      const dir = id ? this.folderOf(id) : null;
      if (id && dir) return { id, dir };
    }
    return null;
  }

  list(includeDeveloper = false): ModelListing[] {
    const active = this.active()?.id ?? null;
    return this.catalog()
      .models.filter((m) => includeDeveloper || !m.developerOnly)
      .map((m): ModelListing => {
        const sizes = m.files.map((f) => f.bytes ?? f.approxBytes);
        return {
          id: m.id,
          description: m.description,
          dimension: m.dimension,
          languages: m.languages,
          approxBytes: sizes.some((s) => s === null)
            ? null
            : sizes.reduce((a: number, b) => a + (b ?? 0), 0),
          size: downloadSize(m.files),
          relativeSpeed: m.relativeSpeed,
          speed: speedClass(m.relativeSpeed),
          licence: m.licence,
          verified: m.verified,
          default: m.default,
          developerOnly: m.developerOnly,
          installed: this.folderOf(m.id) !== null,
          removable: existsSync(path.join(this.modelsDir, m.id)),
          active: m.id === active,
          custom: false,
        };
      })
      .concat(this.customIds().map((id) => this.#customListing(id, active)));
  }

  #customListing(id: string, active: string | null): ModelListing {
    let dimension = 0;
    try {
      const config = JSON.parse(
        readFileSync(path.join(this.modelsDir, id, 'config.json'), 'utf8'),
      ) as { embed_dim?: unknown };
      if (typeof config.embed_dim === 'number') dimension = config.embed_dim;
    } catch {
      // A damaged config shows as dimension 0; "models verify" says what is wrong.
    }
    return {
      id,
      description: 'Imported from a folder',
      dimension,
      languages: [],
      approxBytes: null,
      size: { bytes: null, accuracy: 'unknown' },
      relativeSpeed: 1,
      speed: speedClass(1),
      licence: null,
      verified: false,
      default: false,
      developerOnly: false,
      installed: true,
      removable: true,
      active: id === active,
      custom: true,
    };
  }

  async install(
    id: string,
    options: Omit<DownloadOptions, 'model' | 'modelsDir'> = {},
  ): Promise<string> {
    const model = this.entry(id);
    this.#inputSpecs.clear();
    return downloadModel({
      ...options,
      model,
      modelsDir: this.modelsDir,
      check: async (staging) => {
        await this.checkContract(
          staging,
          `The download of ${id} does not work with Fotoglot; nothing was installed.`,
        );
      },
    });
  }

  /**
   * Installs from a local folder (offline machines). A catalog model's files are checked
   * against the catalog; any other folder in the Immich layout is imported as a custom model
   * under `id` when it passes the model contract. Nothing is installed when a check fails.
   */
  async importFrom(source: string, id = path.basename(path.resolve(source))): Promise<string> {
    if (!idPattern.test(id))
      throw new AppFailure(
        'invalid-argument',
        `"${id}" cannot be a model name: use letters, digits, ".", "_" or "-" (for example my-clip).`,
      );
    const model = this.catalog().models.find((m) => m.id === id) ?? null;
    if (!model && existsSync(path.join(this.modelsDir, id)) && !this.#isCustom(id))
      throw new AppFailure(
        'invalid-argument',
        `${path.join(this.modelsDir, id)} exists and is not a model; choose another name.`,
      );
    await validateLayout(source);
    const staging = path.join(this.modelsDir, '.partial', `${id}-import`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(path.dirname(staging), { recursive: true });
    try {
      await cp(source, staging, { recursive: true });
      const problems = model ? await checkFiles(staging, model) : [];
      if (problems.length > 0)
        throw new AppFailure(
          'invalid-argument',
          `${source} does not match the catalog's ${id}: ${problems.join('; ')}.`,
        );
      const found = await this.checkContract(
        staging,
        `${source} cannot be imported; nothing was installed${model ? '' : ' (any Immich-layout CLIP export that passes these checks can be)'}.`,
      );
      if (model && found.dimension !== model.dimension)
        throw new AppFailure(
          'invalid-argument',
          `${source} makes ${String(found.dimension)}-dimensional vectors; the catalog's ${id} makes ${String(model.dimension)}.`,
        );
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    this.#inputSpecs.clear();
    return installFolder(staging, path.join(this.modelsDir, id));
  }

  /** Problems with an installed (or bundled) model's files; empty when it is intact. */
  async verify(id: string): Promise<string[]> {
    this.#known(id);
    const model = this.#isCustom(id) ? null : this.entry(id);
    const dir = this.folderOf(id);
    if (!dir) return [`${id} is not installed; run "fotoglot models install ${id}"`];
    // The catalog's exact sizes and checksums name a damaged file most precisely: first.
    const problems = model ? await checkFiles(dir, model) : [];
    if (problems.length > 0) return problems;
    try {
      await validateLayout(dir);
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
    try {
      await this.checkContract(
        dir,
        `Install ${id} again${model ? ` with "fotoglot models install ${id}"` : ' from a working folder'}.`,
      );
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
    return [];
  }

  /** Makes `id` the active model once it loads and passes the contract; the previous one stays active otherwise. */
  async use(id: string): Promise<void> {
    this.#known(id);
    const dir = this.folderOf(id);
    if (!dir)
      throw new AppFailure(
        'not-found',
        `${id} is not installed; run "fotoglot models install ${id}" first.`,
      );
    await this.checkContract(dir, `${id} was not made active; run "fotoglot models verify ${id}".`);
    writeSetting(this.db, activeModelKey, id);
  }

  async remove(id: string): Promise<void> {
    this.#known(id);
    const dir = path.join(this.modelsDir, id);
    if (!existsSync(dir))
      throw new AppFailure('not-found', `${id} is not installed in ${this.modelsDir}.`);
    await rm(dir, { recursive: true, force: true });
    if (readSetting(this.db, activeModelKey) === id) deleteSetting(this.db, activeModelKey);
  }
}

/** Size and sha256 checks of every file the catalog describes exactly. */
async function checkFiles(dir: string, model: CatalogModel): Promise<string[]> {
  const problems: string[] = [];
  for (const file of model.files) {
    const full = path.join(dir, file.path);
    const info = await stat(full).catch(() => null);
    if (!info) {
      problems.push(`${file.path} is missing`);
      continue;
    }
    if (file.bytes !== null && info.size !== file.bytes)
      problems.push(`${file.path} has ${String(info.size)} bytes, expected ${String(file.bytes)}`);
    else if (
      file.sha256 !== null &&
      createHash('sha256')
        .update(await readFile(full))
        .digest('hex') !== file.sha256
    ) {
      problems.push(`${file.path} is damaged (sha256 mismatch)`);
    }
  }
  return problems;
}
