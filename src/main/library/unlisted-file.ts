/**
 * @file Why a file someone named (`fotoglot similar x.txt`, `fotoglot tags broken.jpg`) is
 * not a photo of the library, in words that say what is true: a problem the library recorded
 * for it, a file that is no photo, a folder, or a photo the library has not seen yet.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppFailure } from '../../shared/result';
import { get, sql } from '../db/sql';
import { classifyByName, sniffBytes, sniffFormat } from './image-format';

/** A recorded reason as the middle of a sentence: "The file is truncated." → "the file is truncated". */
function clause(reason: string): string {
  const trimmed = reason.trim().replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(trimmed)
    ? `${trimmed.charAt(0).toLowerCase()}${trimmed.slice(1)}`
    : trimmed;
}

/** The problem the library recorded for `file` (its real path), as a failure; null when none. */
export function recordedProblem(
  db: Database.Database,
  file: string,
  named: string,
): AppFailure | null {
  const problem = get<{ reason: string }>(
    db,
    sql`SELECT reason FROM problems WHERE path = ${file}`,
  );
  return problem
    ? new AppFailure(
        'unavailable',
        `${named} could not be read: ${clause(problem.reason)}; it is listed under problems.`,
      )
    : null;
}

/** Why `file` (its real path, named `named` by the user), which has no photo, is not one. */
export function whyNotAPhoto(db: Database.Database, file: string, named: string): AppFailure {
  const problem = recordedProblem(db, file, named);
  if (problem) return problem;
  if (statSync(file).isDirectory())
    return new AppFailure('invalid-argument', `${named} is a folder: name one photo in it.`);
  const byName = classifyByName(file);
  if (byName.kind === 'unsupported')
    return new AppFailure(
      'invalid-argument',
      `${named} is a ${byName.format}, which Fotoglot does not read.`,
    );
  if (byName.kind === 'ignored' || !looksLikeAPhoto(file))
    return new AppFailure('invalid-argument', `${named} is not a photo Fotoglot reads.`);
  return new AppFailure(
    'not-found',
    `${named} is not in the library. Add its folder with "fotoglot index <folder>" first.`,
  );
}

/** Whether the file's first bytes are a photo format Fotoglot reads (false when unreadable). */
function looksLikeAPhoto(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(sniffBytes);
    const read = readSync(fd, head, 0, sniffBytes, 0);
    return sniffFormat(head.subarray(0, read), file) !== null;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
