/**
 * @file Schema 13 (numbered 0014 for the merge, where another branch's 0013 comes first): where
 * a photo's position was read, its EXIF or an XMP sidecar ([Note: GPS in sidecars]).
 */
import type { Migration } from '../migration';

export const migration0014: Migration = {
  // The lead renumbers at merge: 14 once 0013 is in; 13 keeps this branch's list contiguous.
  version: 14,
  name: 'gps-source',
  up(db) {
    db.exec(`
      -- 'exif' (the file's own), 'sidecar' (an XMP sidecar, which wins over EXIF); NULL: no
      -- position, or read before this column existed (then it was EXIF).
      ALTER TABLE photos ADD COLUMN gps_source TEXT;
    `);
  },
};
