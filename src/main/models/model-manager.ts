/**
 * @file The models a user can have: the catalog (models/catalog.json), what is installed
 * under `<home>/models/`, which one is active (setting `model.active`), and the actions on
 * them — install (see [Note: Model downloads]), import from a folder, verify, use, remove.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { catalogSchema, type Catalog, type CatalogModel } from '../../shared/model-catalog';
import { AppFailure } from '../../shared/result';
import { deleteSetting, readSetting, writeSetting } from '../db/settings';
import { downloadModel, type DownloadOptions } from './model-downloader';
import { installFolder, validateLayout } from './model-folder';

export interface ModelListing {
  id: string;
  description: string;
  dimension: number;
  languages: string[];
  approxBytes: number | null;
  relativeSpeed: number;
  verified: boolean;
  default: boolean;
  developerOnly: boolean;
  installed: boolean;
  active: boolean;
}

const activeModelKey = 'model.active';

export class ModelManager {
  readonly modelsDir: string;
  #catalog: Catalog | null = null;

  constructor(
    private readonly db: Database.Database,
    home: string,
    private readonly bundledModelsDir: string,
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

  /** The folder a model runs from: installed copy first, else the bundled one (test-tiny in development). */
  folderOf(id: string): string | null {
    for (const dir of [path.join(this.modelsDir, id), path.join(this.bundledModelsDir, id)]) {
      if (existsSync(path.join(dir, 'config.json'))) return dir;
    }
    return null;
  }

  /** The active model: the `model.active` setting, else the catalog default, else test-tiny, whichever is available first. */
  active(): { id: string; dir: string } | null {
    const chosen = readSetting(this.db, activeModelKey);
    const candidates = [
      typeof chosen === 'string' ? chosen : null,
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
      .map((m) => {
        const sizes = m.files.map((f) => f.bytes ?? f.approxBytes);
        return {
          id: m.id,
          description: m.description,
          dimension: m.dimension,
          languages: m.languages,
          approxBytes: sizes.some((s) => s === null)
            ? null
            : sizes.reduce((a: number, b) => a + (b ?? 0), 0),
          relativeSpeed: m.relativeSpeed,
          verified: m.verified,
          default: m.default,
          developerOnly: m.developerOnly,
          installed: this.folderOf(m.id) !== null,
          active: m.id === active,
        };
      });
  }

  async install(
    id: string,
    options: Omit<DownloadOptions, 'model' | 'modelsDir'> = {},
  ): Promise<string> {
    return downloadModel({ ...options, model: this.entry(id), modelsDir: this.modelsDir });
  }

  /** Installs from a local folder (offline machines), after checking its layout and, where the catalog knows them, its files. */
  async importFrom(source: string, id = path.basename(path.resolve(source))): Promise<string> {
    const model = this.entry(id);
    await validateLayout(source);
    const staging = path.join(this.modelsDir, '.partial', `${id}-import`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(path.dirname(staging), { recursive: true });
    await cp(source, staging, { recursive: true });
    const problems = await checkFiles(staging, model);
    if (problems.length > 0) {
      await rm(staging, { recursive: true, force: true });
      throw new AppFailure(
        'invalid-argument',
        `${source} does not match the catalog's ${id}: ${problems.join('; ')}.`,
      );
    }
    return installFolder(staging, path.join(this.modelsDir, id));
  }

  /** Problems with an installed (or bundled) model's files; empty when it is intact. */
  async verify(id: string): Promise<string[]> {
    const model = this.entry(id);
    const dir = this.folderOf(id);
    if (!dir) return [`${id} is not installed; run "fotoglot models install ${id}"`];
    try {
      await validateLayout(dir);
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
    return checkFiles(dir, model);
  }

  use(id: string): void {
    this.entry(id);
    if (!this.folderOf(id))
      throw new AppFailure(
        'not-found',
        `${id} is not installed; run "fotoglot models install ${id}" first.`,
      );
    writeSetting(this.db, activeModelKey, id);
  }

  async remove(id: string): Promise<void> {
    this.entry(id);
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
