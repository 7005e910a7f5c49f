/**
 * @file The SQL of the persons core: faces, persons and decisions ([Note: Persons]). Vectors
 * are not here: they go through FaceVectors (src/main/embeddings).
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Row } from '../db/rows';
import { all, get, pluck, run, sql } from '../db/sql';
import { matchBoxes, type Box, type FaceRef } from './face-ref';

export type FaceRow = Row<'faces'>;
export type DecisionRow = Row<'face_decisions'>;

export const boxOf = (f: Pick<FaceRow, 'x' | 'y' | 'w' | 'h'>): Box => [f.x, f.y, f.w, f.h];
export const decisionBox = (d: Pick<DecisionRow, 'box'>): Box => JSON.parse(d.box) as Box;

const ids = (list: readonly number[]) => JSON.stringify(list);

export class PersonStore {
  constructor(readonly db: Database.Database) {}

  fingerprintOf(photoId: number): string | null {
    return (
      pluck<string>(this.db, sql`SELECT fingerprint FROM photos WHERE id = ${photoId}`) ?? null
    );
  }

  photoOf(fingerprint: string): number | null {
    return (
      pluck<number>(this.db, sql`SELECT id FROM photos WHERE fingerprint = ${fingerprint}`) ?? null
    );
  }

  faces(faceIds: readonly number[]): FaceRow[] {
    return all<FaceRow>(
      this.db,
      sql`SELECT * FROM faces WHERE id IN (SELECT value FROM json_each(${ids(faceIds)})) ORDER BY id`,
    );
  }

  allFaces(): FaceRow[] {
    return all<FaceRow>(this.db, sql`SELECT * FROM faces ORDER BY id`);
  }

  facesOfPhoto(photoId: number): FaceRow[] {
    return all<FaceRow>(this.db, sql`SELECT * FROM faces WHERE photo_id = ${photoId} ORDER BY id`);
  }

  facesOfPersons(personIds: readonly number[]): FaceRow[] {
    return all<FaceRow>(
      this.db,
      sql`SELECT * FROM faces WHERE person_id IN (SELECT value FROM json_each(${ids(personIds)})) ORDER BY id`,
    );
  }

  facesInComponents(components: readonly number[]): FaceRow[] {
    return all<FaceRow>(
      this.db,
      sql`SELECT * FROM faces WHERE component IN (SELECT value FROM json_each(${ids(components)})) ORDER BY id`,
    );
  }

  /** Faces pinned to these persons, wherever they are: must-link edges of [Note: Persons]. */
  pinnedTo(personIds: readonly number[]): FaceRow[] {
    return all<FaceRow>(
      this.db,
      sql`SELECT * FROM faces WHERE assigned_by = 'user'
            AND person_id IN (SELECT value FROM json_each(${ids(personIds)}))`,
    );
  }

  refOf(face: FaceRow): FaceRef {
    const fingerprint = this.fingerprintOf(face.photo_id);
    if (fingerprint === null) throw new Error(`face ${String(face.id)} has no photo`);
    return { fingerprint, box: boxOf(face) };
  }

  fingerprintsOf(photoIds: readonly number[]): Map<number, string> {
    const rows = all<{ id: number; fingerprint: string }>(
      this.db,
      sql`SELECT id, fingerprint FROM photos WHERE id IN (SELECT value FROM json_each(${ids(photoIds)}))`,
    );
    return new Map(rows.map((r) => [r.id, r.fingerprint]));
  }

  decisionsOf(fingerprints: readonly string[]): DecisionRow[] {
    return all<DecisionRow>(
      this.db,
      sql`SELECT * FROM face_decisions
           WHERE fingerprint IN (SELECT value FROM json_each(${JSON.stringify(fingerprints)})) ORDER BY id`,
    );
  }

  // ── persons ──────────────────────────────────────────────────────────────

  person(id: number): Row<'persons'> | undefined {
    return get<Row<'persons'>>(this.db, sql`SELECT * FROM persons WHERE id = ${id}`);
  }

  /** The person with this journal key, created if it is new. */
  personByKey(key: string): number {
    run(
      this.db,
      sql`INSERT INTO persons (key, created_at) VALUES (${key}, ${new Date().toISOString()})
          ON CONFLICT (key) DO NOTHING`,
    );
    return pluck<number>(this.db, sql`SELECT id FROM persons WHERE key = ${key}`) ?? -1;
  }

  newPerson(): number {
    return this.personByKey(randomUUID());
  }

  /** Persons nothing holds any more: no face, no decision, no name, not hidden. */
  dropOrphans(): void {
    run(
      this.db,
      sql`DELETE FROM persons WHERE name IS NULL AND hidden = 0
            AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = persons.id)
            AND NOT EXISTS (SELECT 1 FROM face_decisions d WHERE d.person_id = persons.id)`,
    );
  }

  // ── decisions ────────────────────────────────────────────────────────────

  /** Records that these faces are (`is`) or are not (`not`) the person; see [Note: Persons]. */
  decide(kind: 'is' | 'not', personId: number, refs: readonly FaceRef[]): void {
    for (const ref of refs) {
      const existing = this.decisionsOf([ref.fingerprint]);
      // A face is one person: a new "is" replaces any earlier one; it also undoes a "not" of
      // the same person, and a "not" undoes that person's "is".
      const stale = existing.filter(
        (d) =>
          (kind === 'is'
            ? d.kind === 'is' || d.person_id === personId
            : d.person_id === personId) &&
          matchBoxes([ref], [d], (r) => r.box, decisionBox).length > 0,
      );
      for (const d of stale) run(this.db, sql`DELETE FROM face_decisions WHERE id = ${d.id}`);
      run(
        this.db,
        sql`INSERT INTO face_decisions (fingerprint, box, person_id, kind)
            VALUES (${ref.fingerprint}, ${JSON.stringify(ref.box)}, ${personId}, ${kind})`,
      );
    }
  }

  /** `from` persons become `into`: their decisions, and the name if `into` has none. */
  merge(from: readonly number[], into: number): void {
    const list = ids(from.filter((id) => id !== into));
    run(
      this.db,
      sql`UPDATE persons SET
            name = coalesce(name, (SELECT name FROM persons p WHERE p.id IN (SELECT value FROM json_each(${list})) AND p.name IS NOT NULL ORDER BY p.id LIMIT 1))
          WHERE id = ${into}`,
    );
    run(
      this.db,
      sql`UPDATE face_decisions SET person_id = ${into} WHERE person_id IN (SELECT value FROM json_each(${list}))`,
    );
    // The files' names follow the person ([Note: Face regions from other apps]).
    run(
      this.db,
      sql`UPDATE region_names SET person_id = ${into} WHERE person_id IN (SELECT value FROM json_each(${list}))`,
    );
    run(this.db, sql`DELETE FROM persons WHERE id IN (SELECT value FROM json_each(${list}))`);
  }

  /** Pins the faces of a photo from its decisions: `assigned_by = 'user'` where one says so. */
  resolvePins(photoId: number): void {
    const fingerprint = this.fingerprintOf(photoId);
    if (fingerprint === null) return;
    const faces = this.facesOfPhoto(photoId);
    const decisions = this.decisionsOf([fingerprint]).filter((d) => d.kind === 'is');
    run(
      this.db,
      sql`UPDATE faces SET assigned_by = CASE WHEN assigned_by = 'user' THEN NULL ELSE assigned_by END
           WHERE photo_id = ${photoId}`,
    );
    for (const [d, f] of matchBoxes(decisions, faces, decisionBox, boxOf))
      run(
        this.db,
        sql`UPDATE faces SET person_id = ${d.person_id}, assigned_by = 'user' WHERE id = ${f.id}`,
      );
  }

  /** Forgets every decision and what the user set on persons (before a journal replay). */
  clearDecisions(): void {
    run(this.db, sql`DELETE FROM face_decisions`);
    run(this.db, sql`DELETE FROM region_names`);
    run(
      this.db,
      sql`UPDATE persons SET name = NULL, hidden = 0, cover_fingerprint = NULL, cover_box = NULL`,
    );
    run(this.db, sql`UPDATE faces SET assigned_by = NULL WHERE assigned_by = 'user'`);
  }
}
