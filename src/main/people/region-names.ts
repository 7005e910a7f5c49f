/**
 * @file Names from other apps: the named face regions read from a photo's XMP (face_regions,
 * read at ingest: library/face-regions.ts) name the faces the faces stage found there.
 *
 * [Note: Face regions from other apps]
 * People coming from Lightroom, digiKam, Picasa, Apple Photos or Windows Photo Gallery have
 * named faces in their files already; they should not name everyone again.
 * - Matching: when the faces stage stores a photo's faces (PeopleService.addFaces), each named
 *   region is paired with at most one detected face and each face with at most one region, best
 *   first: the boxes overlap by a third (intersection over union), or each box holds the other's
 *   centre (other apps draw looser or tighter boxes than the detector does). A region with no
 *   face is kept in face_regions as 'no-face' and counted in `fotoglot people`; it names
 *   nothing and makes no person.
 * - Persons: a region's name goes to a person through region_names (the name folded: case,
 *   accents and spacing do not count). The first time, a named person whose name folds the same
 *   is taken, else a new person named as the file has it. That link is journaled ('alias') in
 *   persons-journal.jsonl with the new person's name, so it outlives a database recovery, and
 *   it follows the person: a rename keeps it, a merge moves it to the person merged into.
 * - Decisions: the region becomes an 'is' decision with source 'file' on the face's reference,
 *   a hard constraint in clustering like the user's ([Note: Persons]). The user's decisions win:
 *   a face the user placed ('is', any person) or said is not that person keeps the user's
 *   decision and the region is passed over; two faces of one photo never go to one person.
 *   File decisions are never journaled: they are derived again from face_regions each time a
 *   photo's faces are stored (re-ingest, a new face model) and after a journal replay, so they
 *   always say what the files say now, and a user decision made since always wins.
 * - Durable because nothing of it lives only in the database: regions are re-read from the
 *   files with the photo, the name → person links and names are in the journal.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { all, pluck, run, sql } from '../db/sql';
import { matchBoxes, regionFit } from './face-ref';
import type { PersonDecision } from './person-journal';
import { boxOf, decisionBox, type FaceRow, type PersonStore } from './person-store';

/** A name as region names are compared: no case, no accents, single spaces. */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

type RegionRow = { id: number; name: string; x: number; y: number; w: number; h: number };

/** Pairs regions and faces one to one, best fit first (ties by position). */
function pairs(regions: readonly RegionRow[], faces: readonly FaceRow[]): [RegionRow, FaceRow][] {
  const all: { r: number; f: number; fit: number }[] = [];
  regions.forEach((r, ri) => {
    faces.forEach((f, fi) => {
      const fit = regionFit([r.x, r.y, r.w, r.h], boxOf(f));
      if (fit > 0) all.push({ r: ri, f: fi, fit });
    });
  });
  all.sort((a, b) => b.fit - a.fit || a.r - b.r || a.f - b.f);
  const [usedR, usedF] = [new Set<number>(), new Set<number>()];
  const out: [RegionRow, FaceRow][] = [];
  for (const p of all) {
    if (usedR.has(p.r) || usedF.has(p.f)) continue;
    usedR.add(p.r);
    usedF.add(p.f);
    out.push([regions[p.r] as RegionRow, faces[p.f] as FaceRow]);
  }
  return out;
}

export class RegionNames {
  /** The journal's name → person key links, read once when first needed. */
  #journaled: Map<string, string> | null = null;

  constructor(
    private readonly store: PersonStore,
    /** The persons journal, where the name → person links outlive the database. */
    private readonly journal: {
      append(decisions: PersonDecision[]): void;
      entries(): PersonDecision[];
    } | null,
  ) {}

  /**
   * The person key the journal gives this name: the one it was linked to, else a person the
   * user named so. After a rebuild the faces stage runs before the journal is replayed; without
   * this a name the user gave (and wrote to a sidecar), or a person they renamed or merged,
   * would make a second person.
   */
  #journaledKey(nameKey: string): string | undefined {
    if (!this.#journaled) {
      const aliases = new Map<string, string>();
      const names = new Map<string, string>();
      for (const e of this.journal?.entries() ?? []) {
        if (e.op === 'alias') aliases.set(e.name, e.person);
        else if (e.op === 'name' && e.name !== null) names.set(e.person, e.name);
        else if (e.op === 'merge')
          for (const [n, k] of aliases) if (e.from.includes(k)) aliases.set(n, e.into);
      }
      this.#journaled = new Map();
      for (const [person, name] of names) this.#journaled.set(foldName(name), person);
      for (const [name, person] of aliases) this.#journaled.set(name, person);
    }
    return this.#journaled.get(nameKey);
  }

  get #db(): Database.Database {
    return this.store.db;
  }

  /**
   * Makes the file decisions of a photo again from its regions and its faces as they are now
   * (before its pins are resolved); see the Note.
   */
  apply(photoId: number): void {
    const fingerprint = this.store.fingerprintOf(photoId);
    if (fingerprint === null) return;
    run(
      this.#db,
      sql`DELETE FROM face_decisions WHERE fingerprint = ${fingerprint} AND source = 'file'`,
    );
    const regions = all<RegionRow>(
      this.#db,
      sql`SELECT id, name, x, y, w, h FROM face_regions WHERE photo_id = ${photoId} ORDER BY id`,
    );
    if (regions.length === 0) return;
    run(
      this.#db,
      sql`UPDATE face_regions SET state = 'no-face', face_id = NULL WHERE photo_id = ${photoId}`,
    );
    const decisions = this.store.decisionsOf([fingerprint]);
    const onFace = (face: FaceRow) =>
      decisions.filter((d) => matchBoxes([d], [face], decisionBox, boxOf).length > 0);
    const taken = new Set(decisions.filter((d) => d.kind === 'is').map((d) => d.person_id));
    for (const [region, face] of pairs(regions, this.store.facesOfPhoto(photoId))) {
      run(
        this.#db,
        sql`UPDATE face_regions SET state = 'matched', face_id = ${face.id} WHERE id = ${region.id}`,
      );
      const mine = onFace(face);
      if (mine.some((d) => d.kind === 'is')) continue;
      const person = this.personFor(region.name);
      if (taken.has(person) || mine.some((d) => d.person_id === person)) continue;
      taken.add(person);
      run(
        this.#db,
        sql`INSERT INTO face_decisions (fingerprint, box, person_id, kind, source)
            VALUES (${fingerprint}, ${JSON.stringify(boxOf(face))}, ${person}, 'is', 'file')`,
      );
    }
  }

  /** The person a region name goes to, linked (and journaled) the first time. */
  personFor(name: string): number {
    const key = foldName(name);
    const linked = pluck<number>(
      this.#db,
      sql`SELECT person_id FROM region_names WHERE name_key = ${key}`,
    );
    if (linked !== undefined) return linked;
    const named = all<{ id: number; key: string; name: string }>(
      this.#db,
      sql`SELECT id, key, name FROM persons WHERE name IS NOT NULL ORDER BY id`,
    ).find((p) => foldName(p.name) === key);
    const journaled = named ? undefined : this.#journaledKey(key);
    if (journaled !== undefined) {
      // Named as the journal says once it is replayed; until then as the file says.
      const id = this.store.personByKey(journaled);
      run(this.#db, sql`UPDATE persons SET name = coalesce(name, ${name}) WHERE id = ${id}`);
      this.link(key, id);
      this.journal?.append([{ op: 'alias', name: key, person: journaled }]);
      return id;
    }
    const person = named ?? { id: -1, key: randomUUID(), name };
    if (!named) {
      person.id = this.store.personByKey(person.key);
      run(this.#db, sql`UPDATE persons SET name = ${name} WHERE id = ${person.id}`);
    }
    this.link(key, person.id);
    const decisions: PersonDecision[] = [
      ...(named ? [] : [{ op: 'name' as const, person: person.key, name }]),
      { op: 'alias', name: key, person: person.key },
    ];
    this.journal?.append(decisions);
    this.#journaled?.set(key, person.key);
    return person.id;
  }

  /** Links a folded region name to a person (a journaled 'alias' replayed). */
  link(nameKey: string, personId: number): void {
    run(
      this.#db,
      sql`INSERT INTO region_names (name_key, person_id) VALUES (${nameKey}, ${personId})
          ON CONFLICT (name_key) DO UPDATE SET person_id = excluded.person_id`,
    );
  }

  /** Named regions no detected face matched, by name: reported in the people list. */
  withoutFace(): { name: string; photos: number }[] {
    return all<{ name: string; photos: number }>(
      this.#db,
      sql`SELECT name, count(DISTINCT photo_id) AS photos FROM face_regions
           WHERE state = 'no-face' GROUP BY name ORDER BY name`,
    );
  }
}
