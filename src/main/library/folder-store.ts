/**
 * @file The library's folders: adding one (absorbing folders inside it), forgetting one with
 * the photos only it held, and finding the folder a file belongs to.
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
}

const now = () => new Date().toISOString();

const isInside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Folder rows. Every multi-step change runs in one transaction. */
export class FolderStore {
  readonly #q;

  constructor(private readonly db: Database.Database) {
    this.#q = {
      all: db.prepare<[], Row<'folders'>>('SELECT * FROM folders ORDER BY path'),
      byId: db.prepare<[number], Row<'folders'>>('SELECT * FROM folders WHERE id = ?'),
      insert: db.prepare<[string, Flag, string]>(
        'INSERT INTO folders (path, watch, added_at) VALUES (?, ?, ?)',
      ),
    };
  }

  folders(): FolderRow[] {
    return this.#q.all.all().map(toFolder);
  }

  folder(id: number): FolderRow | null {
    const row = this.#q.byId.get(id);
    return row ? toFolder(row) : null;
  }

  /** The library folder that contains `file`, if any. */
  folderContaining(file: string): FolderRow | null {
    return this.folders().find((f) => isInside(file, f.path)) ?? null;
  }

  /**
   * Adds a folder (an absolute, real path). A folder inside one already in the library adds
   * nothing; a folder that contains library folders absorbs them and their files, so no
   * photo is ever counted twice.
   */
  addFolder(folderPath: string, watch: boolean): { folder: FolderRow; absorbed: number[] } {
    return this.db.transaction(() => {
      const existing = this.folders();
      const cover = existing.find((f) => isInside(folderPath, f.path));
      if (cover) return { folder: cover, absorbed: [] };
      const info = this.#q.insert.run(folderPath, watch ? 1 : 0, now());
      const id = Number(info.lastInsertRowid);
      const absorbed = existing.filter((f) => isInside(f.path, folderPath)).map((f) => f.id);
      for (const child of absorbed) {
        run(this.db, sql`UPDATE files SET folder_id = ${id} WHERE folder_id = ${child}`);
        run(this.db, sql`UPDATE problems SET folder_id = ${id} WHERE folder_id = ${child}`);
        run(this.db, sql`DELETE FROM folders WHERE id = ${child}`);
      }
      const folder = this.folder(id);
      if (!folder) throw new Error('folder vanished while being added');
      return { folder, absorbed };
    })();
  }

  /**
   * Forgets a folder: its files, its problems, and the photos that have no file left
   * elsewhere (with their tags and jobs). Returns the fingerprints whose thumbnails can go.
   */
  removeFolder(id: number): string[] {
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

  /** Visible photos (processed, on disk) with a file in this folder. */
  folderPhotoCount(folderId: number): number {
    return (
      pluck<number>(
        this.db,
        sql`SELECT count(DISTINCT f.photo_id) FROM files f JOIN photos p ON p.id = f.photo_id
             WHERE f.folder_id = ${folderId} AND f.missing = 0 AND p.state = 'ready'`,
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
  };
}
