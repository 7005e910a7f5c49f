import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDirFor, LibraryDatabase } from './library-database';
import type { Migration } from './migration';
import { migrations } from './migrations/index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('LibraryDatabase', () => {
  it('opens in WAL mode with sqlite-vec loaded, migrates, closes and reopens without re-migrating', () => {
    const file = path.join(dir, 'library.db');
    const first = LibraryDatabase.open(file);
    expect(first.migration).toEqual({ from: 0, to: migrations.length, backupPath: null });
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqliteVecVersion).toMatch(/^v\d+\.\d+\.\d+/);
    // A vec0 table really works: store two vectors and find the nearer one.
    first.db.exec('CREATE VIRTUAL TABLE probe USING vec0(embedding float[3])');
    const insert = first.db.prepare('INSERT INTO probe(rowid, embedding) VALUES (?, ?)');
    insert.run(1n, new Float32Array([1, 0, 0]));
    insert.run(2n, new Float32Array([0, 1, 0]));
    const nearest = first.db
      .prepare('SELECT rowid FROM probe WHERE embedding MATCH ? ORDER BY distance LIMIT 1')
      .get(new Float32Array([0.1, 0.9, 0])) as { rowid: number };
    expect(nearest.rowid).toBe(2);
    first.db.prepare("INSERT INTO settings(key, value) VALUES ('ui.language', '\"de\"')").run();
    first.close();

    const again = LibraryDatabase.open(file);
    expect(again.migration).toEqual({
      from: migrations.length,
      to: migrations.length,
      backupPath: null,
    });
    expect(again.db.prepare('SELECT value FROM settings WHERE key = ?').get('ui.language')).toEqual(
      { value: '"de"' },
    );
    expect(again.db.prepare('SELECT count(*) AS n FROM probe').get()).toEqual({ n: 2 });
    again.close();
    expect(existsSync(backupDirFor(file))).toBe(false);
  });

  it('backs up an existing database before migrating it, and keeps its data', () => {
    const file = path.join(dir, 'library.db');
    LibraryDatabase.open(file).close();
    const next: Migration = {
      version: migrations.length + 1,
      name: 'add-notes',
      up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT) STRICT'),
    };
    const upgraded = LibraryDatabase.open(file, { migrations: [...migrations, next] });
    expect(upgraded.migration.from).toBe(migrations.length);
    expect(upgraded.schemaVersion).toBe(next.version);
    const backup = upgraded.migration.backupPath;
    expect(backup).not.toBeNull();
    upgraded.close();
    expect(readdirSync(backupDirFor(file))).toHaveLength(1);
    // The backup is the pre-migration database: old schema version, no new table.
    const old = LibraryDatabase.open(backup ?? '', { migrations });
    expect(old.schemaVersion).toBe(migrations.length);
    expect(
      old.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'notes'")
        .get(),
    ).toBeUndefined();
    old.close();
  });

  it('rolls back a failing migration completely', () => {
    const file = path.join(dir, 'library.db');
    const broken: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (id INTEGER)');
        throw new Error('disk on fire');
      },
    };
    expect(() => LibraryDatabase.open(file, { migrations: [...migrations, broken] })).toThrow(
      'disk on fire',
    );
    const reopened = LibraryDatabase.open(file);
    expect(reopened.schemaVersion).toBe(migrations.length);
    expect(
      reopened.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get(),
    ).toBeUndefined();
    reopened.close();
  });

  it('refuses a database from a newer Fotoglot instead of damaging it', () => {
    const file = path.join(dir, 'library.db');
    const future: Migration = {
      version: migrations.length + 1,
      name: 'future',
      up: () => undefined,
    };
    LibraryDatabase.open(file, { migrations: [...migrations, future] }).close();
    expect(() => LibraryDatabase.open(file)).toThrow(/newer Fotoglot/);
  });

  it('refuses a migration list with gaps', () => {
    const gap: Migration = { version: migrations.length + 2, name: 'gap', up: () => undefined };
    expect(() =>
      LibraryDatabase.open(path.join(dir, 'x.db'), { migrations: [...migrations, gap] }),
    ).toThrow(/Migration list is broken/);
  });
});
