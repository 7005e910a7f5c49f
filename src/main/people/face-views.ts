/**
 * @file Faces as the UI sees them (`people:faces`, `photos:faces`): box, person and its name,
 * and who put the face there ([Note: Persons]).
 */
import type Database from 'better-sqlite3';
import type { Face } from '../../shared/people-schemas';
import { all, sql } from '../db/sql';
import type { FaceRow } from './person-store';

/** The faces' rows as the UI sees them, in the order given, with their persons' names. */
export function faceViews(db: Database.Database, rows: readonly FaceRow[]): Face[] {
  const personIds = [...new Set(rows.flatMap((f) => (f.person_id === null ? [] : [f.person_id])))];
  const names = new Map(
    all<{ id: number; name: string | null }>(
      db,
      sql`SELECT id, name FROM persons WHERE id IN (SELECT value FROM json_each(${JSON.stringify(personIds)}))`,
    ).map((p) => [p.id, p.name]),
  );
  const photoIds = [...new Set(rows.map((f) => f.photo_id))];
  const taken = new Map(
    all<{ id: number; capturedAt: string | null }>(
      db,
      sql`SELECT id, captured_at AS capturedAt FROM photos WHERE id IN (SELECT value FROM json_each(${JSON.stringify(photoIds)}))`,
    ).map((p) => [p.id, p.capturedAt]),
  );
  return rows.map((f) => ({
    id: f.id,
    photoId: f.photo_id,
    box: [f.x, f.y, f.w, f.h],
    quality: f.quality,
    recognisable: f.recognisable === 1,
    personId: f.person_id,
    personName: f.person_id === null ? null : (names.get(f.person_id) ?? null),
    assignedBy: f.assigned_by,
    capturedAt: taken.get(f.photo_id) ?? null,
  }));
}

/** The persons with where their cover face is (`coverFace`), for the People view's crops. */
export function withCoverFaces<P extends { cover: number | null }>(
  db: Database.Database,
  persons: readonly P[],
): (P & { coverFace: { photoId: number; box: [number, number, number, number] } | null })[] {
  const ids = persons.flatMap((p) => (p.cover === null ? [] : [p.cover]));
  const faces = new Map(
    all<FaceRow>(
      db,
      sql`SELECT * FROM faces WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    ).map((f) => [
      f.id,
      { photoId: f.photo_id, box: [f.x, f.y, f.w, f.h] as [number, number, number, number] },
    ]),
  );
  return persons.map((p) => ({
    ...p,
    coverFace: p.cover === null ? null : (faces.get(p.cover) ?? null),
  }));
}

/** Best faces first: the sharpest, largest and most certain (what a person's page shows first). */
export function bestFirst(rows: readonly FaceRow[]): FaceRow[] {
  return [...rows].sort((a, b) => b.quality * b.score - a.quality * a.score || a.id - b.id);
}

/** Names compare without case and in one Unicode form ("anna" is "Anna", "é" is "é"). */
export const nameKey = (name: string): string => name.trim().normalize('NFC').toLocaleLowerCase();
