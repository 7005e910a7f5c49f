/**
 * Persons from real faces: the LFW identities of ../shared/data/faces, detected and embedded
 * with the small real models (test/helpers/face-descriptors.ts), clustered by the persons core
 * over a real database with sqlite-vec ([Note: Persons]).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryDatabase } from '../db/library-database';
import { testFaceModel } from '../../../test/helpers/face-descriptors';
import {
  insertPhoto,
  lfwPhotos,
  scoreClusters,
  shuffled,
  type LabelledPhoto,
} from '../../../test/helpers/people';
import { PeopleService } from './people-service';

let photos: LabelledPhoto[] = [];
const dirs: string[] = [];
const open: LibraryDatabase[] = [];

beforeAll(async () => {
  photos = await lfwPhotos();
}, 240_000);

afterAll(() => {
  for (const db of open) db.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function library() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-people-'));
  dirs.push(dir);
  const database = LibraryDatabase.open(path.join(dir, 'library.db'));
  open.push(database);
  const ids = new Map(photos.map((p, i) => [p.fingerprint, insertPhoto(database.db, p, i)]));
  return { db: database.db, people: new PeopleService({ db: database.db }), ids };
}

/** The persons as sets of face keys (photo fingerprint + box): comparable across libraries. */
function partition(db: LibraryDatabase['db']): string[] {
  const rows = db
    .prepare(
      `SELECT f.person_id AS person, p.fingerprint || ':' || f.x || ',' || f.y AS face
         FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.person_id IS NOT NULL`,
    )
    .all() as { person: number; face: string }[];
  const groups = new Map<number, string[]>();
  for (const r of rows) groups.set(r.person, [...(groups.get(r.person) ?? []), r.face]);
  return [...groups.values()].map((g) => g.sort().join('|')).sort();
}

function labelledScores(db: LibraryDatabase['db'], ids: Map<string, number>) {
  const personOf = db.prepare<[number, number, number], { person_id: number | null }>(
    'SELECT person_id FROM faces WHERE photo_id = ? AND abs(x - ?) < 1e-9 AND abs(y - ?) < 1e-9',
  );
  const items = photos.flatMap((p) => {
    const face = p.faces[p.labelled];
    if (!face) return [];
    const row = personOf.get(ids.get(p.fingerprint) ?? -1, face.box[0], face.box[1]);
    return [{ label: p.label, cluster: row?.person_id ?? null }];
  });
  return { items: items.length, ...scoreClusters(items) };
}

describe('clustering real faces', () => {
  it('groups the LFW identities with no wrong merge', () => {
    const { db, people, ids } = library();
    for (const p of photos) people.addFaces(ids.get(p.fingerprint) ?? -1, testFaceModel, p.faces);
    const scores = labelledScores(db, ids);
    console.log('LFW 10×10, YuNet + MobileFaceNet:', JSON.stringify(scores));
    expect(scores.items).toBeGreaterThanOrEqual(95);
    expect(scores.wrongMerges).toBe(0);
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeGreaterThan(0.8);
    expect(scores.bcubedF).toBeGreaterThan(0.85);
    // Ten people, ten persons of two faces or more in the main list (bystanders may add some).
    const main = people.persons('main');
    expect(main.length).toBeGreaterThanOrEqual(10);
    expect(main.slice(0, 10).every((p) => p.faces >= 5)).toBe(true);
    // Single faces (bystanders at crop edges, outliers) are kept apart from the main list.
    expect(people.persons('singles').every((p) => p.faces === 1)).toBe(true);
  });

  it('finds the same persons whatever order and batches the faces arrive in', () => {
    const reference = library();
    for (const p of photos)
      reference.people.addFaces(reference.ids.get(p.fingerprint) ?? -1, testFaceModel, p.faces);
    const expected = partition(reference.db);
    for (const seed of [1, 7, 42]) {
      const other = library();
      for (const p of shuffled(photos, seed))
        other.people.addFaces(other.ids.get(p.fingerprint) ?? -1, testFaceModel, p.faces);
      expect(partition(other.db)).toEqual(expected);
      // A full re-clustering from scratch agrees with the incremental result.
      other.people.recluster();
      expect(partition(other.db)).toEqual(expected);
    }
  });

  it('never puts two faces of one photo in one person', () => {
    const { db, people, ids } = library();
    // The same real face twice in one photo (two boxes, one descriptor: distance 0).
    const [a, b] = photos;
    const face = a?.faces[a.labelled];
    if (!a || !b || !face) throw new Error('no labelled face');
    const twin = { ...face, box: [0.6, 0.6, 0.3, 0.3] as const };
    people.addFaces(ids.get(a.fingerprint) ?? -1, testFaceModel, [face, twin]);
    people.addFaces(ids.get(b.fingerprint) ?? -1, testFaceModel, b.faces);
    const rows = db
      .prepare('SELECT person_id FROM faces WHERE photo_id = ?')
      .pluck()
      .all(ids.get(a.fingerprint)) as number[];
    expect(rows).toHaveLength(2);
    expect(new Set(rows).size).toBe(2);
    for (const p of photos.slice(2))
      people.addFaces(ids.get(p.fingerprint) ?? -1, testFaceModel, p.faces);
    const shared = db
      .prepare('SELECT count(*) FROM faces GROUP BY photo_id, person_id HAVING count(*) > 1')
      .all();
    expect(shared).toEqual([]);
  });
});
