/**
 * @file Writing a photo's XMP sidecars, for every writer (tags, dates): each sidecar the photo
 * uses (see [Note: XMP sidecars]) is merged into when it exists, else created atomically; and the
 * loop over photos' present files that turns a file that cannot be written into a problem.
 */
import { access, rename, rm, writeFile } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { recordProblem } from './problem-store';
import { sidecarsOf } from './sidecar-names';

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes a new sidecar atomically (temporary file, then rename). */
async function create(sidecar: string, packet: string): Promise<void> {
  const temp = `${sidecar}.fotoglot-tmp`;
  try {
    await writeFile(temp, packet);
    await rename(temp, sidecar);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Puts something into every sidecar of `photoPath`: `merge` into one that exists (keeping what is
 * in it), else a new one holding `packet()`. Returns the sidecars' paths.
 */
export async function writeSidecars(
  photoPath: string,
  write: { merge: (sidecar: string) => Promise<void>; packet: () => string },
): Promise<string[]> {
  const written: string[] = [];
  for (const sidecar of await sidecarsOf(photoPath)) {
    // Checked again right before writing: another program may have created it since the listing.
    if (sidecar.exists || (await exists(sidecar.path))) await write.merge(sidecar.path);
    else await create(sidecar.path, write.packet());
    written.push(sidecar.path);
  }
  return written;
}

/**
 * Calls `write` for each present file of these photos; a file that cannot be written becomes a
 * problem ("<what> could not be written to the XMP sidecar: …") and the rest go on. Returns how
 * many files were written.
 */
export async function writeEachFile(
  db: Database.Database,
  photoIds: readonly number[],
  what: string,
  write: (photoId: number, file: string) => Promise<boolean>,
): Promise<number> {
  // Prepared once for every photo of the batch.
  const files = db.prepare<[number], { path: string; folderId: number }>(
    'SELECT path, folder_id AS folderId FROM files WHERE photo_id = ? AND missing = 0',
  );
  let written = 0;
  for (const photoId of photoIds) {
    for (const file of files.all(photoId)) {
      try {
        if (await write(photoId, file.path)) written++;
      } catch (error) {
        recordProblem(
          db,
          file.folderId,
          `${file.path}.xmp`,
          'xmp-write',
          `${what} could not be written to the XMP sidecar: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  return written;
}
