/**
 * @file Opening the library when its file may be damaged, and keeping what cannot be
 * rebuilt from the photos.
 *
 * [Note: Database recovery]
 * Everything in library.db can be rebuilt from the photo folders (a rescan), except what the
 * user decided: tags accepted, added, rejected, renamed, removed. So:
 *  - once a day at start, an online backup goes to `backups/auto-<date>.db` (three kept);
 *  - every tag decision is also appended to `tags-journal.jsonl`, keyed by the photo's
 *    content fingerprint (stable across rebuilds), not its row id;
 *  - at start, `PRAGMA quick_check` runs; a database that fails it (or cannot be opened at
 *    all) is moved aside as `library.db.broken-<time>` — never deleted — and the newest
 *    backup that passes the check takes its place, else a new empty database. The journal
 *    is then replayed after every ingest until a full pass has run, so decisions newer than
 *    the backup (or all of them, after a rebuild) come back as their photos are re-read.
 * Capture dates the user set are journaled the same way (`dates-journal.jsonl`, see [Note:
 * User dates]), and so are decisions about faces and persons (`persons-journal.jsonl`, see
 * [Note: Persons]; PeopleService.replay, to be wired into the replay stage). Not journaled, so as old as the restored backup (or lost after a rebuild):
 * folders set aside ([Note: Removed folders]: a rebuild reads them again as ordinary folders
 * only if still listed), "not duplicates" answers and copies marked for deletion on the server.
 * Text read in photos is derived and read again; a damaged text index is rebuilt where it is
 * queried and never sends the library here ([Note: Text store]).
 */
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TagDecision } from '../tagging/tag-service';
import { backupDirFor, LibraryDatabase } from './library-database';
import { AppFailure } from '../../shared/result';
import { isOutOfSpace } from '../out-of-space';

export interface Recovery {
  /** Where the damaged database was moved (kept for the user). */
  brokenFile: string;
  /** The backup restored, or null when the library was rebuilt from the photos. */
  restoredFrom: string | null;
  reason: string;
  at: string;
}

const keepBackups = 3;

/**
 * Whether an error says the file itself is damaged. Anything else (a full or read-only disk,
 * a lock held by another program, permissions) leaves the database alone: moving a healthy
 * library aside because the disk was full would be the loss it is meant to prevent.
 */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
  );
}

/** 'ok', or why the file is damaged; throws when it cannot be checked for another reason. */
function quickCheck(file: string): string {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const result = db.pragma('quick_check', { simple: true }) as string;
    return result === 'ok' ? 'ok' : `integrity check: ${result}`;
  } catch (error) {
    if (!isDamage(error)) throw cannotOpen(file, error);
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

function cannotOpen(file: string, error: unknown): Error {
  if (error instanceof AppFailure) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new AppFailure(
    'unavailable',
    isOutOfSpace(error)
      ? `Cannot open ${file}: the disk is full. Free some space and start Fotoglot again; the library was not touched.`
      : `Cannot open ${file} (${why}); the library was not touched. Check that no other program holds it and that the folder is writable.`,
  );
}

/** The newest automatic backup that passes the check, if any. */
function goodBackup(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const candidates = readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .sort()
    .reverse();
  for (const name of candidates) {
    const file = path.join(dir, name);
    try {
      if (quickCheck(file) === 'ok') return file;
    } catch {
      // A backup that cannot be opened is no candidate.
    }
  }
  return null;
}

/**
 * Opens the library at `file`; a damaged one is moved aside and replaced (see
 * [Note: Database recovery]). Returns what happened, for the UI and `fotoglot status`.
 */
export function openWithRecovery(file: string): {
  database: LibraryDatabase;
  recovery: Recovery | null;
} {
  if (!existsSync(file)) return { database: LibraryDatabase.open(file), recovery: null };
  const verdict = quickCheck(file);
  if (verdict === 'ok') {
    try {
      return { database: LibraryDatabase.open(file), recovery: null };
    } catch (error) {
      if (!isDamage(error)) throw cannotOpen(file, error);
      return recover(file, error instanceof Error ? error.message : String(error));
    }
  }
  return recover(file, verdict);
}

function recover(file: string, reason: string): { database: LibraryDatabase; recovery: Recovery } {
  const at = new Date().toISOString();
  const brokenFile = `${file}.broken-${at.replace(/[:.]/g, '-')}`;
  renameSync(file, brokenFile);
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(file + suffix)) renameSync(file + suffix, brokenFile + suffix);
  const backup = goodBackup(backupDirFor(file));
  if (backup) copyFileSync(backup, file);
  return {
    database: LibraryDatabase.open(file),
    recovery: { brokenFile, restoredFrom: backup, reason: reason.slice(0, 300), at },
  };
}

/** Today's automatic backup, if not made yet; older ones beyond the last three are removed. */
export async function dailyBackup(
  database: LibraryDatabase,
  now = new Date(),
): Promise<string | null> {
  if (database.path === ':memory:') return null;
  const dir = backupDirFor(database.path);
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `auto-${now.toISOString().slice(0, 10)}.db`);
  if (existsSync(target)) return null;
  // Each backup its own temporary file: an app and a CLI on one library may back up at once.
  const partial = `${target}.${String(process.pid)}-${randomUUID().slice(0, 8)}.partial`;
  try {
    await database.db.backup(partial);
    // Another process finished first: its backup of today stands.
    if (existsSync(target)) rmSync(partial, { force: true });
    else renameSync(partial, target);
  } catch (error) {
    // A full disk leaves half a backup: it must not take space, or pass for a backup later.
    rmSync(partial, { force: true });
    // Closed while the backup ran (the process is quitting): no backup today, no failure.
    if (!database.db.open) return null;
    throw error;
  }
  const autos = readdirSync(dir)
    .filter((f) => /^auto-\d{4}-\d{2}-\d{2}\.db$/.test(f))
    .sort();
  for (const old of autos.slice(0, Math.max(0, autos.length - keepBackups)))
    rmSync(path.join(dir, old), { force: true });
  return target;
}

// ── The user-tag journal ─────────────────────────────────────────────────────

export class TagJournal {
  constructor(readonly file: string) {}

  append(entry: TagDecision): void {
    appendFileSync(this.file, `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
  }

  /** Every entry, in order; a line cut short by a crash is skipped. */
  entries(): TagDecision[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        if (!line.trim()) return [];
        try {
          return [JSON.parse(line) as TagDecision];
        } catch {
          return [];
        }
      });
  }
}
