/**
 * @file Schema 5: tag jobs carry the tagger's version (`tag:<model>` becomes
 * `tag:<model>@1`, see [Note: Pipeline]), so the tagging an existing library has done counts
 * as version 1 and is not done again; a later version re-tags every photo by itself.
 */
import type { Migration } from '../migration';

export const migration0005: Migration = {
  version: 5,
  name: 'job-kinds',
  up(db) {
    // Model ids are letters, digits, ".", "_" and "-": a kind with "@" is already versioned.
    db.exec("UPDATE jobs SET kind = kind || '@1' WHERE kind LIKE 'tag:%' AND instr(kind, '@') = 0");
  },
};
