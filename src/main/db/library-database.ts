/**
 * @file Opens the library database: `<home>/library.db`, WAL mode, sqlite-vec loaded and
 * checked, schema migrated. One writer per process; everything goes through this class.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { cameraName } from '../../shared/camera-name';
import { unpackedPath } from '../bundle-paths';
import { migrate, type Migration, type MigrationOutcome } from './migration';
import { isOutOfSpace } from '../out-of-space';
import { migrations as allMigrations } from './migrations/index';

export interface OpenOptions {
  migrations?: readonly Migration[];
}

/**
 * SQLite's page cache per connection, KiB. The default (2 MiB) holds a few thousand photo rows;
 * a chip keeping 10,000 of a million photos reads that many rows at random, and every miss is
 * a system call ([Note: Filter lookups]). 64 MiB is an upper bound, filled only as pages are read.
 */
const cacheKiB = 64 * 1024;
/**
 * Bytes of the database file SQLite reads through a memory map instead of read() calls (the
 * most this build allows: 2 GiB). A search at a million photos scans about 60 MB of int8 codes
 * ([Note: Vector search at scale]), 15,000 pages: copied through the page cache one system call
 * each, that was about a third of the first pass's CPU. Writes still go through write(), so
 * durability is as before; the mapped pages are the OS's file cache and count in the process's
 * resident size while touched. The one risk SQLite names, a file truncated by another process,
 * does not apply to a library file only Fotoglot opens.
 */
const mmapBytes = 2 ** 31 - 65_536;

export class LibraryDatabase {
  readonly migration: MigrationOutcome;
  readonly sqliteVersion: string;
  readonly sqliteVecVersion: string;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    migrations: readonly Migration[],
  ) {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${String(-cacheKiB)}`);
    db.pragma(`mmap_size = ${String(mmapBytes)}`);
    this.sqliteVecVersion = loadSqliteVec(db);
    // The camera: filter matches the name people see ([Note: Camera names]).
    db.function('camera_name', { deterministic: true }, (make: unknown, model: unknown) =>
      cameraName(typeof make === 'string' ? make : null, typeof model === 'string' ? model : null),
    );
    this.sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    this.migration = migrate(db, migrations, path === ':memory:' ? '' : backupDirFor(path));
  }

  /** Opens (creating if needed) and migrates the database at `file`. */
  static open(file: string, options: OpenOptions = {}): LibraryDatabase {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      return new LibraryDatabase(db, file, options.migrations ?? allMigrations);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get schemaVersion(): number {
    return this.migration.to;
  }

  /**
   * Folds the WAL back into the main file and closes. On a full disk the checkpoint cannot
   * run; the WAL then stays and SQLite folds it in at the next open, so closing still succeeds.
   */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      if (!isOutOfSpace(error)) throw error;
    } finally {
      this.db.close();
    }
  }
}

/** Backups of the database before migrations go beside it. */
export function backupDirFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'backups');
}

function loadSqliteVec(db: Database.Database): string {
  try {
    // Inside a packaged Electron app the extension lives in app.asar.unpacked (asar cannot hold loadable libraries).
    db.loadExtension(unpackedPath(sqliteVec.getLoadablePath()));
    return (db.prepare('SELECT vec_version() AS v').get() as { v: string }).v;
  } catch (error) {
    throw new Error(
      `The sqlite-vec extension could not be loaded (${error instanceof Error ? error.message : String(error)}). Reinstall Fotoglot.`,
    );
  }
}
