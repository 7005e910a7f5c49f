/**
 * @file One rule for a photo's file ([Note: A photo's file]), the same in every query that
 * picks one: the first present file by id, and for a photo whose every file is missing, none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryDatabase } from '../db/library-database';
import { EmbeddingStore } from '../embeddings/embedding-store';
import { DecodeHelpers } from './decode-image';
import { LibraryService } from './library-service';
import { LibraryStore } from './library-store';
import { firstPresentFile, photoPathSql, resolvePhoto } from './photo-query';

let home: string;
let db: LibraryDatabase;
let helpers: DecodeHelpers;
let library: LibraryService;
let store: LibraryStore;
/** Photo ids: every file missing; the first file missing, the second present; two present. */
const ids = { gone: 0, second: 0, both: 0 };

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-photo-query-'));
  db = LibraryDatabase.open(path.join(home, 'library.db'));
  const sql = db.db;
  const folder = Number(
    sql.prepare("INSERT INTO folders (path, watch, added_at) VALUES ('/photos', 0, 'now')").run()
      .lastInsertRowid,
  );
  const photo = (fingerprint: string) =>
    Number(
      sql
        .prepare(
          "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, 1, 'jpeg', 'ready', 'now')",
        )
        .run(fingerprint).lastInsertRowid,
    );
  const file = (photoId: number, name: string, missing: boolean) =>
    sql
      .prepare(
        'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms, missing) VALUES (?, ?, ?, 1, 0, ?)',
      )
      .run(`/photos/${name}`, folder, photoId, missing ? 1 : 0);
  ids.gone = photo('a'.repeat(32));
  ids.second = photo('b'.repeat(32));
  ids.both = photo('c'.repeat(32));
  file(ids.gone, 'gone-1.jpg', true);
  file(ids.gone, 'gone-2.jpg', true);
  file(ids.second, 'second-1.jpg', true);
  file(ids.second, 'second-2.jpg', false);
  file(ids.both, 'both-1.jpg', false);
  file(ids.both, 'both-2.jpg', false);
  const job = sql.prepare(
    "INSERT INTO jobs (kind, photo_id, state, attempts) VALUES (?, ?, 'pending', 0)",
  );
  for (const id of Object.values(ids)) {
    job.run('ingest', id);
    job.run('embed:test', id);
  }
  helpers = new DecodeHelpers();
  library = new LibraryService({
    db: sql,
    home,
    thumbsDir: path.join(home, 'thumbs'),
    emit: () => undefined,
    helpers,
  });
  store = library.store;
});

afterAll(async () => {
  await library.dispose();
  await helpers.dispose();
  db.close();
  rmSync(home, { recursive: true, force: true });
});

/** What each query that picks one file says is the photo's file (null: none). */
function fileEverywhere(id: number): Record<string, string | null | undefined> {
  const listed = store.photos(100, 0, true).find((p) => p.id === id);
  return {
    photoPathSql: db.db
      .prepare(`SELECT ${photoPathSql} FROM photos p WHERE p.id = ?`)
      .pluck()
      .get(id) as string | null,
    firstPresentFileId: db.db
      .prepare(`SELECT path FROM files WHERE id = ${firstPresentFile('?', 'id')}`)
      .pluck()
      .get(id) as string | undefined,
    listed: listed?.path,
    detail: library.photo(id).path,
    card: library.cards([id])[0]?.path,
    source: store.photoSource(id)?.path ?? null,
    firstOfFiles: library.filesOf(id)[0] ?? null,
    resolvePhoto: resolvePhoto(db.db, { id }).path,
    libraryResolve: library.resolvePhoto({ id }).path,
    ingestJob: store.pendingJobs(100).find((j) => j.photoId === id)?.path ?? null,
    embedJob:
      new EmbeddingStore(db.db).pendingJobs('test', 100).find((j) => j.photoId === id)?.path ??
      null,
  };
}

describe("a photo's file", () => {
  it('is none anywhere when every file of the photo is missing', async () => {
    const answers = fileEverywhere(ids.gone);
    expect(answers).toEqual(
      Object.fromEntries(
        Object.keys(answers).map((k) => [k, k === 'firstPresentFileId' ? undefined : null]),
      ),
    );
    expect(store.photos(100, 0, true).find((p) => p.id === ids.gone)?.missing).toBe(true);
    expect(library.photo(ids.gone).missing).toBe(true);
    expect(store.photos(100, 0).some((p) => p.id === ids.gone)).toBe(false);
    expect(store.photoCount()).toEqual({ visible: 2, missing: 1 });
    expect(store.countRunnableJobs()).toBe(2);
    await expect(library.preview(ids.gone)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('is the first present file by id, everywhere', () => {
    for (const [id, file] of [
      [ids.second, '/photos/second-2.jpg'],
      [ids.both, '/photos/both-1.jpg'],
    ] as const) {
      const answers = fileEverywhere(id);
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, file])));
    }
    expect(library.photo(ids.second).missing).toBe(false);
  });

  it('is the named file when a photo is named by path, and unknown photos are not found', () => {
    expect(() => resolvePhoto(db.db, { id: 999 })).toThrow(/no photo with id 999/);
    expect(() => library.resolvePhoto({ path: path.join(home, 'nowhere.jpg') })).toThrow(
      /does not exist/,
    );
    expect(() => library.resolvePhoto({ path: path.join(home, 'library.db') })).toThrow(
      /library\.db is not a photo Fotoglot reads/,
    );
  });
});
