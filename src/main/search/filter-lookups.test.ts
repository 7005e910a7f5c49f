/**
 * Folder, camera and tag chips through their lookup tables ([Note: Filter lookups]): the real
 * SQLite file, the real migrations, the search service's filter-only listing. The chips must
 * keep matching what they matched as substring scans, follow every change to the rows they
 * summarise, and start from the chip's photos rather than read every photo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { LibraryDatabase } from '../db/library-database';
import { migrations } from '../db/migrations/index';
import { sql } from '../db/sql';
import type { EmbeddingService } from '../embeddings/embedding-service';
import type { SearchChip } from '../../shared/search-schemas';
import { filterCondition, filtersOf } from './photo-filters';
import { SearchService } from './search-service';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const libraryFile = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-lookups-'));
  dirs.push(dir);
  return path.join(dir, 'library.db');
};

interface Photo {
  id: number;
  path: string;
  make?: string | null;
  model?: string | null;
  keywords?: string[];
  tags?: [string, 'accepted' | 'suggested' | 'rejected'][];
}

/** A small library: every way a chip can match, and ways it must not. */
const photos: Photo[] = [
  { id: 1, path: '/home/ana/Pictures/Trip 2019/a.jpg', make: 'Canon', model: 'Canon EOS 40D' },
  {
    id: 2,
    path: '/home/ana/Pictures/Trip 2019/Beach/b.jpg',
    make: 'NIKON CORPORATION',
    model: 'NIKON D70',
  },
  { id: 3, path: '/home/ana/Pictures/Tripod reviews/c.jpg', make: 'Google', model: 'Pixel 7' },
  { id: 4, path: '/home/ana/Pictures/Strip/d.jpg', keywords: ['Holiday', 'Familie'] },
  { id: 5, path: 'C:\\Users\\Ana\\Bilder\\Urlaub\\e.jpg', make: 'Canon', model: null },
  {
    id: 6,
    path: '/home/ana/Pictures/trip-notes.jpg',
    tags: [
      ['Hund', 'accepted'],
      ['Strand', 'suggested'],
    ],
  },
  {
    id: 7,
    path: '/home/ana/Pictures/x/IMG_7.jpg',
    keywords: ['holiday'],
    tags: [['strand', 'accepted']],
  },
  { id: 8, path: '/home/ana/Pictures/x/IMG_8.jpg', tags: [['HUND', 'rejected']] },
];

function insertPhotos(db: Database.Database, list: readonly Photo[]) {
  const photo = db.prepare(
    `INSERT INTO photos (id, fingerprint, size, format, state, captured_at, captured_at_utc, updated_at, camera_make, camera_model, keywords)
     VALUES (?, ?, 1, 'jpeg', 'ready', ?, ?, 'x', ?, ?, ?)`,
  );
  const file = db.prepare(
    'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1, 0)',
  );
  const tag = db.prepare(
    "INSERT INTO photo_tags (photo_id, name, source, state) VALUES (?, ?, 'user', ?)",
  );
  db.prepare(
    "INSERT OR IGNORE INTO folders (id, path, added_at) VALUES (1, '/home/ana', 'x')",
  ).run();
  for (const p of list) {
    const when = `2020-01-${String(p.id).padStart(2, '0')}T12:00:00`;
    photo.run(
      p.id,
      `fp${String(p.id)}`,
      when,
      Date.parse(`${when}Z`),
      p.make ?? null,
      p.model ?? null,
      JSON.stringify(p.keywords ?? []),
    );
    file.run(p.path, p.id);
    for (const [name, state] of p.tags ?? []) tag.run(p.id, name, state);
  }
}

const chip = (kind: SearchChip['kind'], value: string): SearchChip => ({
  kind,
  value,
  label: value,
  text: value,
});

/** The ids a filter-only search lists, newest first, and the total it reports. */
async function listed(db: Database.Database, chips: SearchChip[]) {
  const search = new SearchService(db, {} as unknown as EmbeddingService);
  const { results, total } = await search.search({ query: '', chips, limit: 100 });
  return { ids: results.map((r) => r.id), total };
}

describe('chips through the lookup tables', () => {
  it('match folder names, cameras, tags and embedded keywords in an upgraded library', async () => {
    const file = libraryFile();
    // Rows written before schema 16: the migration fills the lookup tables from them.
    const old = LibraryDatabase.open(file, { migrations: migrations.slice(0, 15) });
    insertPhotos(old.db, photos);
    old.close();
    const library = LibraryDatabase.open(file);
    try {
      const db = library.db;
      // A folder chip matches folder names from their start, at any depth, either separator.
      expect((await listed(db, [chip('folder', 'trip')])).ids).toEqual([3, 2, 1]);
      expect((await listed(db, [chip('folder', 'Trip 2019')])).ids).toEqual([2, 1]);
      expect((await listed(db, [chip('folder', 'beach')])).ids).toEqual([2]);
      expect((await listed(db, [chip('folder', 'urlaub')])).ids).toEqual([5]);
      expect((await listed(db, [chip('folder', 'rip')])).ids).toEqual([]);
      // Two folder chips are alternatives.
      expect((await listed(db, [chip('folder', 'beach'), chip('folder', 'strip')])).ids).toEqual([
        4, 2,
      ]);
      // Cameras by the name people see or by the raw EXIF values.
      expect((await listed(db, [chip('camera', 'nikon d70')])).ids).toEqual([2]);
      expect((await listed(db, [chip('camera', 'corporation')])).ids).toEqual([2]);
      expect((await listed(db, [chip('camera', 'canon')])).ids).toEqual([5, 1]);
      expect((await listed(db, [chip('camera', 'eos 40')])).ids).toEqual([1]);
      // Tags the user accepted and keywords other apps embedded, in any case; never a
      // suggestion or a rejection.
      expect((await listed(db, [chip('tag', 'hund')])).ids).toEqual([6]);
      expect((await listed(db, [chip('tag', 'Strand')])).ids).toEqual([7]);
      expect((await listed(db, [chip('tag', 'HOLIDAY')])).ids).toEqual([7, 4]);
      expect((await listed(db, [chip('tag', 'familie'), chip('tag', 'hund')])).ids).toEqual([6, 4]);
      // Kinds combine.
      const both = await listed(db, [chip('folder', 'trip'), chip('camera', 'canon')]);
      expect(both).toEqual({ ids: [1], total: 1 });
    } finally {
      library.close();
    }
  });

  it('follow photos added, moved, re-read and removed, and files gone missing', async () => {
    const library = LibraryDatabase.open(libraryFile());
    try {
      const db = library.db;
      insertPhotos(db, photos);
      insertPhotos(db, [
        {
          id: 9,
          path: '/home/ana/Pictures/Zoo/z.jpg',
          make: 'FUJIFILM',
          model: 'X-T4',
          keywords: ['Zebra'],
        },
      ]);
      expect((await listed(db, [chip('folder', 'zoo')])).ids).toEqual([9]);
      expect((await listed(db, [chip('camera', 'x-t4')])).ids).toEqual([9]);
      expect((await listed(db, [chip('tag', 'zebra')])).ids).toEqual([9]);

      // Moved to another folder (a rename the watcher saw).
      db.prepare(
        "UPDATE files SET path = '/home/ana/Pictures/Safari/z.jpg' WHERE photo_id = 9",
      ).run();
      expect((await listed(db, [chip('folder', 'zoo')])).ids).toEqual([]);
      expect((await listed(db, [chip('folder', 'safari')])).ids).toEqual([9]);

      // Re-read after an edit: other keywords, another camera.
      db.prepare(
        `UPDATE photos SET keywords = '["Giraffe"]', camera_make = 'SONY', camera_model = 'ILCE-7M3' WHERE id = 9`,
      ).run();
      expect((await listed(db, [chip('tag', 'zebra')])).ids).toEqual([]);
      expect((await listed(db, [chip('tag', 'giraffe')])).ids).toEqual([9]);
      expect((await listed(db, [chip('camera', 'x-t4')])).ids).toEqual([]);
      expect((await listed(db, [chip('camera', 'ilce')])).ids).toEqual([9]);

      // Damaged keywords (written by hand) count as none instead of failing the write.
      db.prepare("UPDATE photos SET keywords = 'not json' WHERE id = 9").run();
      expect((await listed(db, [chip('tag', 'giraffe')])).ids).toEqual([]);

      // A file gone missing leaves the listing; back again, it returns.
      db.prepare('UPDATE files SET missing = 1 WHERE photo_id = 2').run();
      expect((await listed(db, [chip('folder', 'trip')])).ids).toEqual([3, 1]);
      expect((await listed(db, [chip('camera', 'nikon')])).ids).toEqual([]);
      db.prepare('UPDATE files SET missing = 0 WHERE photo_id = 2').run();
      expect((await listed(db, [chip('camera', 'nikon')])).ids).toEqual([2]);

      // A photo removed takes its keywords with it.
      db.prepare('DELETE FROM files WHERE photo_id = 7').run();
      db.prepare('DELETE FROM photo_tags WHERE photo_id = 7').run();
      db.prepare('DELETE FROM photos WHERE id = 7').run();
      expect(
        db.prepare('SELECT count(*) FROM photo_keywords WHERE photo_id = 7').pluck().get(),
      ).toBe(0);
      expect((await listed(db, [chip('tag', 'holiday')])).ids).toEqual([4]);
    } finally {
      library.close();
    }
  });

  it('pages through a chip’s photos with the whole count on every page', async () => {
    const library = LibraryDatabase.open(libraryFile());
    try {
      const db = library.db;
      insertPhotos(
        db,
        Array.from({ length: 30 }, (_, i) => ({
          id: i + 1,
          path: `/p/${i % 3 === 0 ? 'Kept' : 'Other'}/${String(i)}.jpg`,
        })),
      );
      const search = new SearchService(db, {} as unknown as EmbeddingService);
      const page = (offset: number) =>
        search.search({ query: '', chips: [chip('folder', 'kept')], limit: 4, offset });
      const first = await page(0);
      const last = await page(8);
      const past = await page(40);
      expect(first.results.map((r) => r.id)).toEqual([28, 25, 22, 19]);
      expect(first.results[0]?.path).toBe('/p/Kept/27.jpg');
      expect(last.results.map((r) => r.id)).toEqual([4, 1]);
      expect([first.total, last.total, past.total]).toEqual([10, 10, 10]);
      expect(past.results).toEqual([]);
    } finally {
      library.close();
    }
  });

  it('start from the chip’s photos instead of reading every photo', () => {
    const library = LibraryDatabase.open(libraryFile());
    try {
      const db = library.db;
      insertPhotos(db, photos);
      for (const chips of [
        [chip('folder', 'trip')],
        [chip('camera', 'canon')],
        [chip('tag', 'hund')],
        [chip('tag', 'hund'), chip('camera', 'canon'), chip('folder', 'trip')],
      ]) {
        const where = filterCondition(filtersOf(chips), () => []);
        const query = sql`SELECT count(*) FROM photos p WHERE ${where}`;
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.params) as {
            detail: string;
          }[]
        ).map((r) => r.detail);
        // The photos are reached by id; only the small lookup tables and json_each are scanned.
        expect(plan[0], chips.map((c) => c.kind).join('+')).toMatch(
          /^SEARCH p USING INTEGER PRIMARY KEY/,
        );
        expect(plan.filter((d) => /^SCAN (p|q|t|f|k)\b/.test(d))).toEqual([]);
      }
    } finally {
      library.close();
    }
  });
});
