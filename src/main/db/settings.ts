/**
 * @file Typed access to the `settings` table (JSON values by key), for every service: one zod
 * map names every key and the shape of its value.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { selfTestResultSchema } from '../../shared/self-test-schemas';
import { settingsSchema as uiSettingsSchema } from '../../shared/tag-schemas';
import type { Row } from './rows';
import { get, run, sql } from './sql';

/**
 * Every key of the `settings` table and the schema its value must match. A key that is not
 * here cannot be read or written (a type error), so two modules cannot disagree on a key's
 * spelling or shape.
 */
export const settingsSchema = {
  /** The language the user chose (tag names, prompts); any locale string, mapped when read. */
  'ui.language': z.string(),
  /** The welcome steps were completed or skipped. */
  'ui.firstRunDone': z.boolean(),
  /** Write accepted tags to XMP sidecars. */
  'xmp.write': z.boolean(),
  /** Write named faces to XMP sidecars as MWG Regions (region-sidecar.ts). */
  'xmp.writeFaces': z.boolean(),
  /** Write the places the user sets to XMP sidecars as GPS ([Note: Place sidecars]). */
  'xmp.writePlaces': z.boolean(),
  /** Online map tiles under the Places map ([Note: Online map tiles]); unset = off. */
  'map.tiles': z.boolean(),
  /** The tile server for them; unset = OpenStreetMap's. */
  'map.tileUrl': uiSettingsSchema.shape.mapTileUrl,
  /** Desktop: pause importing and indexing while the computer runs on battery. */
  'power.pauseOnBattery': z.boolean(),
  /**
   * The user paused the work on photos (UI, `serve`, `fotoglot pause`); kept across restarts
   * and read by every process on this library ([Note: Pipeline]).
   */
  'jobs.paused': z.boolean(),
  /** Execution provider choice; `FOTOGLOT_PROVIDER` overrides it. Applies at next start. */
  'inference.provider': uiSettingsSchema.shape.provider,
  /** Inference threads for photos; unset = cores − 1. */
  'inference.threads': z.number().int().positive(),
  /** The catalog id of the model search and tagging use; unset = the catalog default. */
  'model.active': z.string(),
  /** The last self-test of each model, by model id ([Note: Model self-test]). */
  'model.selfTests': z.record(z.string(), selfTestResultSchema),
  /** Desktop: the main window's last size and place (checked against the screens when read). */
  'window.state': z.object({
    bounds: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
    maximized: z.boolean(),
  }),
  /** Set while journaled tag decisions still need applying after a recovery. */
  'recovery.replayPending': z.boolean(),
} as const;

/** A key of the `settings` table. */
export type SettingKey = keyof typeof settingsSchema;

/** The value stored under `K`. */
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingsSchema)[K]>;

/** Keys whose stored value was found unreadable; each is logged once, not on every read. */
const reported = new Set<SettingKey>();

/**
 * The stored value of `key`, or undefined when unset. A value that is not JSON or does not
 * match the key's schema (written by an older version, or edited by hand) also reads as
 * undefined, so callers fall back to their default instead of crashing.
 */
export function readSetting<K extends SettingKey>(
  db: Database.Database,
  key: K,
): SettingValue<K> | undefined {
  const row = get<Pick<Row<'settings'>, 'value'>>(
    db,
    sql`SELECT value FROM settings WHERE key = ${key}`,
  );
  if (!row) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(row.value);
  } catch {
    reportUnreadable(key, row.value, 'not JSON');
    return undefined;
  }
  const parsed = settingsSchema[key].safeParse(json);
  if (!parsed.success) {
    reportUnreadable(key, row.value, z.prettifyError(parsed.error));
    return undefined;
  }
  return parsed.data as SettingValue<K>;
}

function reportUnreadable(key: SettingKey, stored: string, why: string): void {
  if (reported.has(key)) return;
  reported.add(key);
  console.warn(`[settings] ignoring stored ${key} = ${stored.slice(0, 200)} (${why})`);
}

/** Stores `value` under `key`, replacing what was there. */
export function writeSetting<K extends SettingKey>(
  db: Database.Database,
  key: K,
  value: SettingValue<K>,
): void {
  run(
    db,
    sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}

/** Removes `key`, so it reads as unset (the caller's default). */
export function deleteSetting(db: Database.Database, key: SettingKey): void {
  run(db, sql`DELETE FROM settings WHERE key = ${key}`);
}
