/**
 * @file Schema 9: file-keyword junk that earlier versions turned into tags (".jpg", camera
 * serial numbers, camera file names, bare numbers: see file-keywords.ts) is taken out of an
 * existing library. Only tags that came from file metadata (`embedded`) are removed; nothing
 * the user typed, accepted or rejected is touched, and the photos' files keep their keywords.

 */
import { isUsefulKeyword } from '../../library/file-keywords';
import type { Migration } from '../migration';

export const migration0009: Migration = {
  version: 9,
  name: 'tags-review',
  up(db) {
    const names = db
      .prepare("SELECT DISTINCT name FROM photo_tags WHERE source = 'embedded'")
      .pluck()
      .all() as string[];
    // No file name here: the rule about a photo's own numbered name applies at ingest only.
    const drop = db.prepare("DELETE FROM photo_tags WHERE source = 'embedded' AND name = ?");
    for (const name of names) if (!isUsefulKeyword(name, '')) drop.run(name);
  },
};
