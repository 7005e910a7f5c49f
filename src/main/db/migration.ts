/**
 * @file Numbered schema migrations: each runs in its own transaction, and a copy of an
 * existing database file is taken before the first one that changes it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3…: the number in the file name `NNNN-name.ts`. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  /** Path of the backup taken before migrating, if one was needed. */
  backupPath: string | null;
}

const ensureVersionTable = `
  CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`;

/** The schema version recorded in the database (0 for a new one). */
export function currentSchemaVersion(db: Database.Database): number {
  db.exec(ensureVersionTable);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as {
    v: number | null;
  };
  return row.v ?? 0;
}

/**
 * Brings the database up to the last migration.
 * @param backupDir where to copy an existing database before changing it.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  backupDir: string,
): MigrationOutcome {
  checkSequence(migrations);
  const from = currentSchemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `This library was written by a newer Fotoglot (schema ${String(from)}; this version knows up to ${String(latest)}). Update Fotoglot to open it.`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, backupPath: null };

  let backupPath: string | null = null;
  if (from > 0) {
    mkdirSync(backupDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    backupPath = path.join(backupDir, `library-v${String(from)}-${stamp}.db`);
    // VACUUM INTO writes a consistent, compact copy even while in WAL mode.
    db.prepare('VACUUM INTO ?').run(backupPath);
  }

  const record = db.prepare(
    'INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of pending) {
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return { from, to: latest, backupPath };
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration list is broken: expected version ${String(i + 1)}, found ${String(m.version)} (${m.name}).`,
      );
    }
  });
}
