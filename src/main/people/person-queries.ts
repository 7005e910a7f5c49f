/**
 * @file What the People view reads: the lists of persons and each one's face to show
 * ([Note: Persons]: single faces and hidden persons apart from the main list).
 */
import type Database from 'better-sqlite3';
import type { Row } from '../db/rows';
import { all, get, sql } from '../db/sql';
import { matchBoxes, type Box } from './face-ref';
import { boxOf, type FaceRow } from './person-store';

/** main: named or with 2+ faces; singles: unnamed with one face; hidden: hidden by the user. */
export type PersonList = 'main' | 'singles' | 'hidden';

export interface PersonSummary {
  id: number;
  name: string | null;
  hidden: boolean;
  faces: number;
  photos: number;
  /** The face to show; see representative(). */
  cover: number | null;
  coverBy: 'user' | 'auto';
}

/** A person's face to show: the one the user chose while it is theirs, else the best one. */
export function representative(db: Database.Database, personId: number): number | null {
  return cover(db, personId).face;
}

function cover(
  db: Database.Database,
  personId: number,
): { face: number | null; by: 'user' | 'auto' } {
  const person = get<Pick<Row<'persons'>, 'cover_fingerprint' | 'cover_box'>>(
    db,
    sql`SELECT cover_fingerprint, cover_box FROM persons WHERE id = ${personId}`,
  );
  if (person?.cover_fingerprint && person.cover_box) {
    const faces = all<FaceRow>(
      db,
      sql`SELECT f.* FROM faces f JOIN photos p ON p.id = f.photo_id
           WHERE f.person_id = ${personId} AND p.fingerprint = ${person.cover_fingerprint}`,
    );
    const box = JSON.parse(person.cover_box) as Box;
    const [match] = matchBoxes([box], faces, (b) => b, boxOf);
    if (match) return { face: match[1].id, by: 'user' };
  }
  // Best: sharpest and largest (quality), most certain (score); ties by id.
  const best = get<{ id: number }>(
    db,
    sql`SELECT id FROM faces WHERE person_id = ${personId} ORDER BY quality * score DESC, id LIMIT 1`,
  );
  return { face: best?.id ?? null, by: 'auto' };
}

/** Named persons first (by name), then unnamed by size; see PersonList. */
export function personList(db: Database.Database, list: PersonList): PersonSummary[] {
  const where =
    list === 'hidden'
      ? sql`p.hidden = 1`
      : list === 'main'
        ? sql`p.hidden = 0 AND (p.name IS NOT NULL OR faces >= 2)`
        : sql`p.hidden = 0 AND p.name IS NULL AND faces < 2`;
  const rows = all<{
    id: number;
    name: string | null;
    hidden: number;
    faces: number;
    photos: number;
  }>(
    db,
    sql`SELECT * FROM (
          SELECT p.id, p.name, p.hidden,
                 (SELECT count(*) FROM faces f WHERE f.person_id = p.id) AS faces,
                 (SELECT count(DISTINCT f.photo_id) FROM faces f WHERE f.person_id = p.id) AS photos
            FROM persons p) p
         WHERE ${where}
         ORDER BY p.name IS NULL, p.name COLLATE NOCASE, p.faces DESC, p.id`,
  );
  return rows.map((r) => {
    const c = cover(db, r.id);
    return {
      id: r.id,
      name: r.name,
      hidden: r.hidden === 1,
      faces: r.faces,
      photos: r.photos,
      cover: c.face,
      coverBy: c.by,
    };
  });
}

/** Every named person, hidden ones too: what search finds by name ([Note: Person names in queries]). */
export function namedPersons(
  db: Database.Database,
): { id: number; name: string; hidden: boolean }[] {
  return all<{ id: number; name: string; hidden: number }>(
    db,
    sql`SELECT id, name, hidden FROM persons WHERE name IS NOT NULL ORDER BY id`,
  ).map((r) => ({ id: r.id, name: r.name, hidden: r.hidden === 1 }));
}
