/**
 * Filter-only listings from the counts triggers keep ([Note: Listing counts]): the real SQLite
 * file and migrations, the search service's listing. Totals and pages must equal a plain
 * reading of the rows for every combination of chips, after every kind of change, and after
 * the migration fills the counts in a library written before it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { LibraryDatabase } from '../db/library-database';
import { migrations } from '../db/migrations/index';
import type { EmbeddingService } from '../embeddings/embedding-service';
import type { SearchChip } from '../../shared/search-schemas';
import { SearchService } from './search-service';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const libraryFile = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-listing-'));
  dirs.push(dir);
  return path.join(dir, 'library.db');
};

const chip = (kind: SearchChip['kind'], value: string): SearchChip => ({
  kind,
  value,
  label: value,
  text: value,
});

const day = (i: number) => new Date(Date.UTC(2010, 0, 1) + i * 86_400_000);
const photoCount = 2000;

/**
 * A library with every shape a count can get wrong: copies in one folder and in two, pending
 * and failed photos, files missing and set aside, photos without a date, Windows paths, a
 * folder of the oldest photos and the three newest (the walk finds those, then its budget runs
 * out before it finds the others).
 */
function fill(db: Database.Database, from = 1, to = photoCount) {
  db.prepare("INSERT OR IGNORE INTO folders (id, path, added_at) VALUES (1, '/lib', 'x')").run();
  const photo = db.prepare(
    `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, updated_at)
     VALUES (?, ?, 1, 'jpeg', ?, ?, ?, 'x')`,
  );
  const file = db.prepare(
    'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms, missing) VALUES (?, 1, ?, 1, 0, ?)',
  );
  const tag = db.prepare(
    "INSERT INTO photo_tags (photo_id, name, source, state) VALUES (?, 'Beach', 'user', 'accepted')",
  );
  db.transaction(() => {
    for (let i = from; i <= to; i++) {
      const when = i % 97 === 0 ? null : day(i);
      const state = i % 50 === 1 ? 'pending' : i % 50 === 2 ? 'failed' : 'ready';
      photo.run(
        i,
        `fp${String(i)}`,
        state,
        when?.toISOString().slice(0, 19) ?? null,
        when?.getTime() ?? null,
      );
      const dir =
        i <= 300 ? '/lib/old/' : i % 40 === 3 ? 'C:\\lib\\win\\' : `/lib/y${String(i % 5)}/`;
      const missing = i % 25 === 7 ? 1 : i % 60 === 8 ? 2 : 0;
      file.run(`${dir}a${String(i)}.jpg`, i, missing);
      if (i % 30 === 4) file.run(`/lib/copies/a${String(i)}.jpg`, i, i % 90 === 4 ? 1 : 0);
      if (i % 30 === 5) file.run(`${dir}b${String(i)}.jpg`, i, 0);
      if (i % 45 === 6) file.run(`/lib/y2/c${String(i)}.jpg`, i, 0);
      if (i > photoCount - 3) file.run(`/lib/old/n${String(i)}.jpg`, i, 0);
      if (i % 10 === 0) tag.run(i);
    }
  })();
}

interface FileRow {
  path: string;
  photo_id: number | null;
  missing: number;
}
interface PhotoRow {
  id: number;
  state: string;
  captured_at: string | null;
  captured_at_utc: number | null;
}

/** The listing as a plain reading of the rows: what every chip means, newest first. */
function reference(db: Database.Database, chips: readonly SearchChip[]): number[] {
  const files = db.prepare('SELECT path, photo_id, missing FROM files').all() as FileRow[];
  const photos = db
    .prepare('SELECT id, state, captured_at, captured_at_utc FROM photos')
    .all() as PhotoRow[];
  const tagged = new Set(
    db
      .prepare("SELECT photo_id FROM photo_tags WHERE lower(name) = 'beach' AND state = 'accepted'")
      .pluck()
      .all() as number[],
  );
  const folders = chips.filter((c) => c.kind === 'folder').map((c) => c.value.toLowerCase());
  const date = chips.find((c) => c.kind === 'date')?.value.split('..');
  const inFolder = (file: string) => {
    const dir = file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    return folders.some(
      (f) => dir.toLowerCase().includes(`/${f}`) || dir.toLowerCase().includes(`\\${f}`),
    );
  };
  const kept = photos.filter(
    (p) =>
      p.state === 'ready' &&
      files.some(
        (f) => f.photo_id === p.id && f.missing === 0 && (folders.length === 0 || inFolder(f.path)),
      ) &&
      (!date ||
        (p.captured_at !== null &&
          p.captured_at >= (date[0] ?? '') &&
          p.captured_at < (date[1] ?? ''))) &&
      (!chips.some((c) => c.kind === 'tag') || tagged.has(p.id)),
  );
  const utc = (p: PhotoRow) => p.captured_at_utc ?? -Infinity;
  return kept.sort((a, b) => utc(b) - utc(a) || b.id - a.id).map((p) => p.id);
}

/** The counts the triggers keep, against the same counts computed from the rows. */
function expectCountsRight(db: Database.Database) {
  const drift = (query: string) => db.prepare(query).all();
  expect(
    drift(`SELECT id FROM photos p WHERE present_files IS NOT
             (SELECT count(*) FROM files f WHERE f.photo_id = p.id AND f.missing = 0)`),
  ).toEqual([]);
  expect(
    drift(`SELECT path FROM file_dirs d WHERE listed_files IS NOT
             (SELECT count(*) FROM files f JOIN photos p ON p.id = f.photo_id
               WHERE f.dir = d.path AND f.missing = 0 AND p.state = 'ready')`),
  ).toEqual([]);
  const days = drift(`SELECT day, photos FROM listed_days WHERE photos > 0 ORDER BY day`);
  const truth = drift(`SELECT coalesce(substr(captured_at, 1, 10), '') AS day, count(*) AS photos
                         FROM photos p WHERE state = 'ready'
                          AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.missing = 0)
                        GROUP BY 1 ORDER BY 1`);
  expect(days).toEqual(truth);
}

const combinations: SearchChip[][] = [
  [],
  [chip('folder', 'lib')], // every photo
  [chip('folder', 'y1')],
  [chip('folder', 'y1'), chip('folder', 'y2'), chip('folder', 'copies')], // copies in two
  [chip('folder', 'copies')],
  [chip('folder', 'old')], // the oldest photos and the three newest
  [chip('folder', 'WIN')],
  [chip('folder', 'nowhere')],
  [chip('date', '2010-01-01..2014-06-01')], // most photos
  [chip('date', '2012-03-01..2012-04-01')],
  [chip('date', '2010-01-01..2010-06-01')], // the oldest only
  [chip('folder', 'y2'), chip('date', '2011-01-01..2014-01-01')],
  [chip('tag', 'beach')],
  [chip('tag', 'beach'), chip('folder', 'y3'), chip('date', '2010-01-01..2013-01-01')],
];
const pages = [
  { limit: 7, offset: 0 },
  { limit: 7, offset: 400 },
  { limit: 50, offset: 1800 },
];

/** Every combination and page listed as the reference reads it. */
async function expectListingsRight(db: Database.Database) {
  expectCountsRight(db);
  const search = new SearchService(db, {} as unknown as EmbeddingService);
  for (const chips of combinations) {
    const want = reference(db, chips);
    for (const { limit, offset } of pages) {
      const got = await search.search({ query: '', chips, limit, offset });
      expect({ chips, offset, total: got.total, ids: got.results.map((r) => r.id) }).toEqual({
        chips,
        offset,
        total: want.length,
        ids: want.slice(offset, offset + limit),
      });
    }
  }
}

describe('filter-only listings from the kept counts', () => {
  it('list and count as the rows say, for every combination of chips', async () => {
    const library = LibraryDatabase.open(libraryFile());
    try {
      fill(library.db);
      // The combinations are not trivial: copies, narrow and broad chips, empty ones.
      expect(reference(library.db, [chip('folder', 'lib')]).length).toBeGreaterThan(1500);
      expect(reference(library.db, [chip('folder', 'old')]).length).toBeGreaterThan(200);
      await expectListingsRight(library.db);
    } finally {
      library.close();
    }
  });

  it('stay right through every change a library sees', async () => {
    const library = LibraryDatabase.open(libraryFile());
    const db = library.db;
    const run = (query: string) => db.prepare(query).run();
    try {
      fill(db, 1, 1500);
      fill(db, 1501, photoCount); // photos added
      await expectListingsRight(db);
      // Files go missing, are set aside with their folder, and come back.
      run("UPDATE files SET missing = 1 WHERE path LIKE '/lib/y1/%' AND photo_id % 3 = 0");
      run("UPDATE files SET missing = 2 WHERE path LIKE '/lib/copies/%'");
      await expectListingsRight(db);
      run("UPDATE files SET missing = 0 WHERE path LIKE '/lib/y1/%' OR path LIKE '/lib/copies/%'");
      await expectListingsRight(db);
      // Files moved to another folder, and a file given to another photo.
      run(
        "UPDATE files SET path = replace(path, '/lib/y3/', '/lib/moved/') WHERE photo_id % 2 = 0",
      );
      run('UPDATE files SET photo_id = 1003 WHERE photo_id = 1004');
      await expectListingsRight(db);
      // Second copies: in another folder and in the same one.
      run(
        "INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) SELECT '/lib/old/copy' || id || '.jpg', 1, id, 1, 0 FROM photos WHERE id % 7 = 0",
      );
      run(
        "INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) SELECT '/lib/y4/again' || id || '.jpg', 1, id, 1, 0 FROM photos WHERE id % 5 = 4",
      );
      await expectListingsRight(db);
      // States change: pending photos read, ready ones re-read (pending again), some failing.
      run("UPDATE photos SET state = 'ready' WHERE state = 'pending'");
      run("UPDATE photos SET state = 'pending' WHERE id % 11 = 0");
      run("UPDATE photos SET state = 'failed' WHERE id % 13 = 0");
      await expectListingsRight(db);
      // A date set by the user moves a photo to another day.
      run("UPDATE photos SET captured_at = '2013-05-05T10:00:00' WHERE id % 17 = 0");
      run('UPDATE photos SET captured_at = NULL WHERE id % 19 = 0');
      await expectListingsRight(db);
      // Photos removed (their files stay, unattached), files deleted, a folder removed.
      run('DELETE FROM photos WHERE id % 23 = 0');
      run("DELETE FROM files WHERE path LIKE '/lib/y0/%' AND photo_id % 2 = 1");
      expect(
        db.prepare('SELECT count(*) FROM files WHERE photo_id IS NULL').pluck().get(),
      ).toBeGreaterThan(0);
      await expectListingsRight(db);
      run("INSERT INTO folders (id, path, added_at) VALUES (2, '/other', 'x')");
      run("UPDATE files SET folder_id = 2 WHERE path LIKE '/lib/y2/%'");
      run('DELETE FROM folders WHERE id = 2');
      await expectListingsRight(db);
      // A photo row written after the files that name it (a restore, keys checked later).
      db.pragma('foreign_keys = OFF');
      run(
        "INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES ('/lib/y1/late.jpg', 1, 5000, 1, 0)",
      );
      run(
        "INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, updated_at) VALUES (5000, 'late', 1, 'jpeg', 'ready', '2030-01-01T00:00:00', 1893456000000, 'x')",
      );
      db.pragma('foreign_keys = ON');
      expect(reference(db, [chip('folder', 'y1')])[0]).toBe(5000);
      await expectListingsRight(db);
    } finally {
      library.close();
    }
  });

  it('are filled by the migration in a library written before it', async () => {
    const file = libraryFile();
    const before = migrations.findIndex((m) => m.name === 'listing-counts');
    expect(before).toBeGreaterThan(0);
    const old = LibraryDatabase.open(file, { migrations: migrations.slice(0, before) });
    fill(old.db);
    old.close();
    const library = LibraryDatabase.open(file);
    try {
      expect(library.migration.to).toBe(migrations.length);
      await expectListingsRight(library.db);
      // And kept from then on.
      library.db.prepare("UPDATE files SET missing = 1 WHERE path LIKE '/lib/old/%'").run();
      await expectListingsRight(library.db);
    } finally {
      library.close();
    }
  });
});
