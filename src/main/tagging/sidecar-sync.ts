/** @file Puts a photo's accepted tags into the XMP sidecars of its files, when the user asked for it. */
import type Database from 'better-sqlite3';
import type { ExifTool } from 'exiftool-vendored';
import { recordProblem } from '../library/problem-store';
import type { TagStore } from './tag-store';
import { concept, displayName, type TagLanguage } from './tag-vocabulary';
import { writeSidecarKeywords, type SidecarKeyword } from './xmp-sidecar';

/** Writes sidecars for these photos; a file that cannot be written becomes a problem, the rest go on. */
export async function syncSidecars(
  db: Database.Database,
  tags: TagStore,
  photoIds: readonly number[],
  exiftool: ExifTool,
  lang: TagLanguage,
): Promise<number> {
  let written = 0;
  // Prepared once for every photo of the batch.
  const files = db.prepare<[number], { path: string; folderId: number }>(
    'SELECT path, folder_id AS folderId FROM files WHERE photo_id = ? AND missing = 0',
  );
  for (const photoId of photoIds) {
    const keywords: SidecarKeyword[] = tags.acceptedNames(photoId).map((name) => {
      const c = concept(name);
      const shown = displayName(name, lang);
      return { name: shown, hierarchy: c ? `Fotoglot|${c.category}|${shown}` : shown };
    });
    if (keywords.length === 0) continue;
    for (const file of files.all(photoId)) {
      try {
        await writeSidecarKeywords(file.path, keywords, exiftool);
        written++;
      } catch (error) {
        recordProblem(
          db,
          file.folderId,
          `${file.path}.xmp`,
          'xmp-write',
          `Tags could not be written to the XMP sidecar: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  return written;
}
