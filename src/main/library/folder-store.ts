/**
 * @file The library's folders: adding one (absorbing folders inside it), removing one (set
 * aside, restorable: [Note: Removed folders]), and finding the folder a file belongs to.
 *
 * [Note: Removed folders]
 * Removing a folder loses nothing the user decided. The folder row stays with `removed_at`
 * set and its present files get `missing = 2` (set aside), so its photos leave every view,
 * count and stage (they all ask for a present file, see [Note: A photo's file]) while the
 * photos themselves stay: their tags added, accepted or rejected, names, dates, vectors and
 * thumbnails. Restoring (the UI's Undo or its "Removed folders" list, `fotoglot folders
 * restore`) and adding the same folder again, or a folder around or inside it, bring the
 * files back as they were, without importing anything again; a rescan then catches what
 * changed on disk meanwhile. Photos that also have a file in a folder still in the library
 * never leave. Files already gone from disk (`missing = 1`) stay so.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Flag, Row } from '../db/rows';
import { all, pluck, run, sql } from '../db/sql';

export interface FolderRow {
  id: number;
  path: string;
  watch: boolean;
  addedAt: string;
  scanGeneration: number;
  lastScanAt: string | null;
  /** When the user removed it; null for a folder in the library. */
  removedAt: string | null;
}

const now = () => new Date().toISOString();

const isInside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Folder rows. Every multi-step change runs in one transaction. */
export class FolderStore {
  readonly #q;

  constructor(private readonly db: Database.Database) {
    this.#q = {
      all: db.prepare<[], Row<'folders'>>(
        'SELECT * FROM folders WHERE removed_at IS NULL ORDER BY path',
      ),
      removed: db.prepare<[], Row<'folders'>>(
        'SELECT * FROM folders WHERE removed_at IS NOT NULL ORDER BY removed_at DESC, path',
      ),
      byId: db.prepare<[number], Row<'folders'>>('SELECT * FROM folders WHERE id = ?'),
      insert: db.prepare<[string, Flag, string]>(
        'INSERT INTO folders (path, watch, added_at) VALUES (?, ?, ?)',
      ),
    };
  }

  /** The folders in the library (not the removed ones). */
  folders(): FolderRow[] {
    return this.#q.all.all().map(toFolder);
  }

  /** A folder in the library; null when unknown or removed. */
  folder(id: number): FolderRow | null {
    const row = this.#q.byId.get(id);
    return row && row.removed_at === null ? toFolder(row) : null;
  }

  /** Removed folders, most recently removed first. */
  removedFolders(): FolderRow[] {
    return this.#q.removed.all().map(toFolder);
  }

  /** A removed folder; null when unknown or in the library. */
  removedFolder(id: number): FolderRow | null {
    const row = this.#q.byId.get(id);
    return row && row.removed_at !== null ? toFolder(row) : null;
  }

  /** The library folder that contains `file`, if any. */
  folderContaining(file: string): FolderRow | null {
    return this.folders().find((f) => isInside(file, f.path)) ?? null;
  }

  /**
   * Adds a folder (an absolute, real path). A folder inside one already in the library adds
   * nothing; a folder that contains library folders absorbs them and their files, so no
   * photo is ever counted twice. A removed folder at, around or inside this path comes back
   * (see [Note: Removed folders]): `restored` is true when any did.
   */
  addFolder(
    folderPath: string,
    watch: boolean,
  ): { folder: FolderRow; absorbed: number[]; restored: boolean } {
    return this.db.transaction(() => {
      const existing = this.folders();
      const cover = existing.find((f) => isInside(folderPath, f.path));
      if (cover) return { folder: cover, absorbed: [], restored: false };
      const same = this.removedFolders().find((f) => f.path === folderPath);
      let id: number;
      if (same) {
        id = same.id;
        run(
          this.db,
          sql`UPDATE folders SET removed_at = NULL, watch = ${watch ? 1 : 0} WHERE id = ${id}`,
        );
        this.#bringBack(id, id);
      } else {
        id = Number(this.#q.insert.run(folderPath, watch ? 1 : 0, now()).lastInsertRowid);
      }
      const absorbed = this.#absorbInside(id, folderPath, existing);
      const restored = this.#takeBackRemoved(id, folderPath) || same !== undefined;
      const folder = this.folder(id);
      if (!folder) throw new Error('folder vanished while being added');
      return { folder, absorbed, restored };
    })();
  }

  /** Library folders inside `folderPath` join folder `id` with their files and problems. */
  #absorbInside(id: number, folderPath: string, existing: FolderRow[]): number[] {
    const absorbed = existing
      .filter((f) => f.id !== id && isInside(f.path, folderPath))
      .map((f) => f.id);
    for (const child of absorbed) {
      run(this.db, sql`UPDATE files SET folder_id = ${id} WHERE folder_id = ${child}`);
      run(this.db, sql`UPDATE problems SET folder_id = ${id} WHERE folder_id = ${child}`);
      run(this.db, sql`DELETE FROM folders WHERE id = ${child}`);
    }
    return absorbed;
  }

  /**
   * Removed folders' files under `folderPath` come back into folder `id`: those of a removed
   * folder inside it, and those inside it of a removed folder around it. True when any did.
   */
  #takeBackRemoved(id: number, folderPath: string): boolean {
    let any = false;
    for (const removed of this.removedFolders()) {
      if (isInside(removed.path, folderPath)) {
        this.#bringBack(removed.id, id);
        run(this.db, sql`UPDATE problems SET folder_id = ${id} WHERE folder_id = ${removed.id}`);
        run(this.db, sql`DELETE FROM folders WHERE id = ${removed.id}`);
        any = true;
      } else if (isInside(folderPath, removed.path)) {
        const prefix = folderPath.endsWith(path.sep) ? folderPath : folderPath + path.sep;
        const moved = run(
          this.db,
          sql`UPDATE files SET folder_id = ${id}, missing = CASE missing WHEN 2 THEN 0 ELSE missing END
               WHERE folder_id = ${removed.id} AND substr(path, 1, ${prefix.length}) = ${prefix}`,
        );
        any ||= moved > 0;
      }
    }
    return any;
  }

  /** Files of folder `from` set aside on removal are present again, in folder `to`. */
  #bringBack(from: number, to: number): void {
    run(
      this.db,
      sql`UPDATE files SET folder_id = ${to}, missing = CASE missing WHEN 2 THEN 0 ELSE missing END
           WHERE folder_id = ${from}`,
    );
  }

  /**
   * Removes a folder from the library, keeping everything for a restore (see [Note: Removed
   * folders]). Returns how many photos left the library's views (those with no present file
   * in another library folder).
   */
  removeFolder(id: number): number {
    return this.db.transaction(() => {
      const leaving =
        pluck<number>(
          this.db,
          sql`SELECT count(DISTINCT f.photo_id) FROM files f JOIN photos p ON p.id = f.photo_id
               WHERE f.folder_id = ${id} AND f.missing = 0 AND p.state = 'ready'
                 AND NOT EXISTS (SELECT 1 FROM files o WHERE o.photo_id = f.photo_id
                                  AND o.folder_id != ${id} AND o.missing = 0)`,
        ) ?? 0;
      run(this.db, sql`UPDATE files SET missing = 2 WHERE folder_id = ${id} AND missing = 0`);
      run(this.db, sql`UPDATE folders SET removed_at = ${now()} WHERE id = ${id}`);
      return leaving;
    })();
  }

  /**
   * Brings a removed folder back with its files as they were (see [Note: Removed folders]),
   * absorbing library folders added inside it meanwhile. Null when it is not a removed folder.
   */
  restoreFolder(id: number): FolderRow | null {
    return this.db.transaction(() => {
      const removed = this.removedFolder(id);
      if (!removed) return null;
      // A folder around it added meanwhile took its files back already (addFolder).
      run(this.db, sql`UPDATE folders SET removed_at = NULL WHERE id = ${id}`);
      this.#bringBack(id, id);
      this.#absorbInside(id, removed.path, this.folders());
      return this.folder(id);
    })();
  }

  /**
   * Forgets a removed folder for good: its files, its problems, and the photos that have no
   * file elsewhere (with their tags and jobs). Returns the fingerprints whose thumbnails can go.
   */
  forgetFolder(id: number): string[] {
    return this.db.transaction(() => {
      const orphaned = all<Pick<Row<'photos'>, 'id' | 'fingerprint'>>(
        this.db,
        sql`SELECT p.id, p.fingerprint FROM photos p WHERE EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id = ${id})
            AND NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id != ${id})`,
      );
      run(this.db, sql`DELETE FROM files WHERE folder_id = ${id}`);
      // Prepared once: a folder may take thousands of photos with it.
      const drop = this.db.prepare<[number]>('DELETE FROM photos WHERE id = ?');
      for (const photo of orphaned) drop.run(photo.id);
      run(this.db, sql`DELETE FROM folders WHERE id = ${id}`);
      return orphaned.map((p) => p.fingerprint);
    })();
  }

  /**
   * Visible photos (processed, on disk) with a file in this folder; with `setAside`, those
   * whose file was set aside with the folder (a removed folder's photos, for a restore).
   */
  folderPhotoCount(folderId: number, setAside = false): number {
    return (
      pluck<number>(
        this.db,
        sql`SELECT count(DISTINCT f.photo_id) FROM files f JOIN photos p ON p.id = f.photo_id
             WHERE f.folder_id = ${folderId} AND f.missing = ${setAside ? 2 : 0} AND p.state = 'ready'`,
      ) ?? 0
    );
  }

  /** A scan of the folder finished: remember which one, and when. */
  markScanned(folderId: number, generation: number): void {
    run(
      this.db,
      sql`UPDATE folders SET scan_generation = ${generation}, last_scan_at = ${now()} WHERE id = ${folderId}`,
    );
  }
}

function toFolder(r: Row<'folders'>): FolderRow {
  return {
    id: r.id,
    path: r.path,
    watch: r.watch === 1,
    addedAt: r.added_at,
    scanGeneration: r.scan_generation,
    lastScanAt: r.last_scan_at,
    removedAt: r.removed_at,
  };
}
