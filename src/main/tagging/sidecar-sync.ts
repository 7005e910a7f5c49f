/** @file Puts a photo's accepted tags into the XMP sidecars of its files, when the user asked for it. */
import type Database from 'better-sqlite3';
import type { ExifTool } from 'exiftool-vendored';
import { writeEachFile } from '../library/sidecar-write';
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
  const keywordsOf = (photoId: number): SidecarKeyword[] =>
    tags.acceptedNames(photoId).map((name) => {
      const c = concept(name);
      const shown = displayName(name, lang);
      return { name: shown, hierarchy: c ? `Fotoglot|${c.category}|${shown}` : shown };
    });
  // Once per photo, however many files (copies) it has.
  const keywords = new Map<number, SidecarKeyword[]>();
  return writeEachFile(db, photoIds, 'Tags', async (photoId, file) => {
    if (!keywords.has(photoId)) keywords.set(photoId, keywordsOf(photoId));
    const mine = keywords.get(photoId) ?? [];
    if (mine.length === 0) return false;
    await writeSidecarKeywords(file, mine, exiftool);
    return true;
  });
}
