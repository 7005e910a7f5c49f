/**
 * @file The persons core: faces a photo's detection found go in, persons come out; the user's
 * decisions are stored, journaled and always hold.
 *
 * [Note: Persons]
 * Faces are grouped by constrained average-link clustering (face-clustering.ts): two groups
 * whose average cosine distance is below the threshold merge, closest pair first, unless a
 * hard constraint forbids it: two faces of one photo are never one person; a face the user
 * pinned to a person ("this is Anna", merge, split, move) starts in that person's group and
 * never joins another pinned person; a face the user said is not a person never joins that
 * person's group. Average link rather than single link (Chinese whispers, DBSCAN): one blurry
 * face cannot chain two people together, the error users mind most. Ties go by each face's
 * content key (photo fingerprint + box), so the result depends only on the set of faces and
 * decisions, never on the order they arrived in.
 *
 * The gate: a wrong merge is what users mind most, and it starts where the descriptor is least
 * sure. So a face the models do not vouch for (a detection score or quality under the face
 * model's floor: profiles, greyscale TV crops, a landscape taken for a face, blur) never starts
 * a person: it joins only a person of at least two faces that are vouched for, and only when
 * its average distance is under a stricter bound; and two single faces start a person only
 * under that stricter bound too (two portraits of two people can come as close as one
 * person's). Such faces are still stored and shown, nameable by hand, listed as single faces
 * and offered as suggestions ("Is this Anna?"), where the user decides. A face the user placed
 * is vouched for. The bounds come with the face model (faceGate in face-stage.ts, measured on
 * ../shared/data/faces); without one every face is vouched for under one threshold.
 *
 * Incremental: two faces farther apart than the threshold can only end in one person through
 * other faces, so clustering works per component of the graph whose edges are pairs closer
 * than the threshold (exact range queries in sqlite-vec) plus the user's pins. A new face
 * joins the components of its neighbours and only that region is clustered again; components
 * only grow between full rebuilds (a coarser region gives the same persons, only slower).
 * After clustering, the persons of a region keep their ids: a pinned group is its person,
 * the others take over the automatic person they overlap most.
 *
 * Decisions are never derived data (ARCHITECTURE §2b): stored by face reference (photo
 * fingerprint + box, face-ref.ts), re-attached by box overlap when faces are detected again (a
 * new model, a re-ingest), and journaled in `persons-journal.jsonl` by reference and person
 * key, replayed after a database recovery. A person the user acts on (names, hides, merges,
 * splits, moves faces in or out of) is confirmed: its current faces are pinned, so what the
 * user saw stays as they saw it through re-clustering and a model change. Persons with a
 * single face are listed apart from the main list; hidden persons too.
 */
import type Database from 'better-sqlite3';
import { AppFailure } from '../../shared/result';
import { all, run, sql } from '../db/sql';
import { FaceVectors } from '../embeddings/face-vectors';
import type { Box, FaceRef } from './face-ref';
import { PersonClusterer, type ClusterGate } from './person-clusterer';
import type { PersonDecision, PersonJournal } from './person-journal';
import { PersonStore, type FaceRow } from './person-store';
import { personList, representative, type PersonList, type PersonSummary } from './person-queries';
import { RegionNames } from './region-names';
import { PersonSuggestions, suggestionReach, type PersonSuggestion } from './person-suggestions';

/** A face as the detection stage reports it. */
export interface FaceInput {
  /** x, y, width, height as fractions of the photo as displayed (after EXIF rotation). */
  box: Box;
  /** Landmarks as fractions of the photo, x then y. */
  keypoints: readonly number[];
  score: number;
  quality: number;
  /** Unit-length descriptor; null when the face is too small or blurred to recognise. */
  descriptor: Float32Array | null;
}

/**
 * Cosine distance below which groups of faces are one person, measured on LFW with YuNet +
 * MobileFaceNet (people-service.test.ts): same-person pairs 0.10–0.76 (median 0.33), different
 * people from 0.66. A production model brings its own.
 */
export const defaultThreshold = 0.5;

export class PeopleService {
  readonly #store: PersonStore;
  readonly #clusterer: PersonClusterer;
  readonly #vectors: FaceVectors;
  readonly #journal: PersonJournal | null;
  readonly #regions: RegionNames;
  readonly #onDecided: ((photoIds: number[]) => void) | null;
  readonly #suggestions: PersonSuggestions;

  constructor(options: {
    db: Database.Database;
    journal?: PersonJournal;
    threshold?: number;
    /** After each user decision: the photos whose faces' persons or names it changed. */
    onDecided?: (photoIds: number[]) => void;
    /** Average distance below which faces are suggested ([Note: Person suggestions]). */
    suggestionBound?: number;
    /** Which faces may seed persons, see [Note: Persons]; absent: every face, one threshold. */
    gate?: ClusterGate;
  }) {
    const threshold = options.threshold ?? defaultThreshold;
    this.#store = new PersonStore(options.db);
    this.#regions = new RegionNames(this.#store, options.journal ?? null);
    this.#onDecided = options.onDecided ?? null;
    this.#vectors = new FaceVectors(options.db);
    this.#clusterer = new PersonClusterer(this.#store, this.#vectors, threshold, options.gate);
    this.#suggestions = new PersonSuggestions(
      this.#store,
      this.#vectors,
      options.suggestionBound ?? threshold * suggestionReach,
    );
    this.#journal = options.journal ?? null;
  }

  get #db(): Database.Database {
    return this.#store.db;
  }

  /**
   * The faces `modelId` found in a photo: they replace the photo's earlier faces (any model),
   * the user's decisions re-attach by box overlap, and the region they touch is clustered.
   */
  addFaces(photoId: number, modelId: string, faces: readonly FaceInput[]): void {
    this.#db.transaction(() => {
      const old = this.#store.facesOfPhoto(photoId);
      run(this.#db, sql`DELETE FROM faces WHERE photo_id = ${photoId}`);
      const added: FaceRow[] = [];
      for (const f of faces) {
        const id = Number(
          this.#db
            .prepare(
              `INSERT INTO faces (photo_id, model_id, x, y, w, h, keypoints, score, quality, recognisable)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              photoId,
              modelId,
              ...f.box,
              JSON.stringify(f.keypoints),
              f.score,
              f.quality,
              f.descriptor ? 1 : 0,
            ).lastInsertRowid,
        );
        if (f.descriptor) this.#vectors.put(modelId, id, f.descriptor);
      }
      // Each new face starts as a component of its own; addEdges joins it to its neighbours'.
      run(this.#db, sql`UPDATE faces SET component = id WHERE photo_id = ${photoId}`);
      // See [Note: Face regions from other apps]: names the files give, before the pins.
      this.#regions.apply(photoId);
      this.#store.resolvePins(photoId);
      added.push(...this.#store.facesOfPhoto(photoId));
      // The old faces' components lose members; clustering them again lets persons settle.
      const oldComponents = old.flatMap((f) => (f.component === null ? [] : [f.component]));
      this.#clusterer.addEdges(added);
      if (oldComponents.length > 0) this.#clusterer.recluster(oldComponents);
    })();
  }

  /** Clusters everything again from scratch (same faces and decisions: same persons). */
  recluster(): void {
    this.#db.transaction(() => {
      this.#clusterer.rebuild();
    })();
  }

  /** Persons of a list: the main one (2+ faces or named), single faces, or hidden. */
  persons(list: PersonList = 'main'): PersonSummary[] {
    return personList(this.#db, list);
  }

  /** The faces of a person, for its page and for corrections. */
  personFaces(personId: number): FaceRow[] {
    this.#person(personId);
    return this.#store.facesOfPersons([personId]);
  }

  /** The photos a person is in, by capture date, newest first. */
  personPhotos(personId: number): number[] {
    this.#person(personId);
    return all<{ id: number }>(
      this.#db,
      sql`SELECT DISTINCT p.id FROM photos p JOIN faces f ON f.photo_id = p.id WHERE f.person_id = ${personId}
           ORDER BY p.captured_at_utc DESC NULLS LAST, p.id DESC`,
    ).map((r) => r.id);
  }

  /** The faces found in a photo, with their persons (the viewer's boxes). */
  photoFaces(photoId: number): FaceRow[] {
    return this.#store.facesOfPhoto(photoId);
  }

  /** Names (or renames) a person; null takes the name away. Confirms the person. */
  name(personId: number, name: string | null): void {
    const key = this.#person(personId).key;
    const trimmed = name?.trim() ?? null;
    if (trimmed === '') throw new AppFailure('invalid-argument', 'A name cannot be empty.');
    this.#decide([...this.#confirm([personId]), { op: 'name', person: key, name: trimmed }]);
  }

  /** Hides a person from the main list (or shows it again). Confirms the person. */
  hide(personId: number, hidden = true): void {
    const key = this.#person(personId).key;
    this.#decide([...this.#confirm([personId]), { op: 'hide', person: key, hidden }]);
  }

  /** These persons are one: `into` keeps its id (and name, else takes theirs). */
  merge(personIds: readonly number[], into: number): void {
    const from = personIds.filter((id) => id !== into);
    const keys = from.map((id) => this.#person(id).key);
    const target = this.#person(into).key;
    const faces = this.#store.facesOfPersons([into, ...from]);
    if (new Set(faces.map((f) => f.photo_id)).size !== faces.length)
      throw new AppFailure(
        'invalid-argument',
        'These persons share a photo: two faces in one photo are never one person.',
      );
    this.#decide([
      { op: 'is', person: target, faces: faces.map((f) => this.#store.refOf(f)) },
      { op: 'merge', from: keys, into: target },
    ]);
  }

  /** These faces become a new person; what remains of their persons stays as it is. */
  split(faceIds: readonly number[]): number {
    const faces = this.#faces(faceIds);
    const key = crypto.randomUUID();
    const sources = [...new Set(faces.flatMap((f) => (f.person_id === null ? [] : [f.person_id])))];
    this.#decide([
      ...this.#confirm(sources, faceIds),
      { op: 'is', person: key, faces: faces.map((f) => this.#store.refOf(f)) },
    ]);
    return this.#store.personByKey(key);
  }

  /** These faces are `personId` ("this is Anna"); their former persons stay as they are. */
  move(faceIds: readonly number[], personId: number): void {
    const faces = this.#faces(faceIds);
    const key = this.#person(personId).key;
    const sources = faces.flatMap((f) =>
      f.person_id === null || f.person_id === personId ? [] : [f.person_id],
    );
    // The person's own faces in the same photos give way to the faces the user chose.
    const photos = new Set(faces.map((f) => f.photo_id));
    const keep = this.#store
      .facesOfPersons([personId])
      .filter((f) => !photos.has(f.photo_id) && !faceIds.includes(f.id));
    this.#decide([
      ...this.#confirm([...new Set(sources)], faceIds),
      { op: 'is', person: key, faces: [...keep, ...faces].map((f) => this.#store.refOf(f)) },
    ]);
  }

  /** These faces are not `personId`; they go wherever clustering puts them otherwise. */
  notThisPerson(faceIds: readonly number[], personId: number): void {
    const faces = this.#faces(faceIds);
    const key = this.#person(personId).key;
    this.#decide([
      ...this.#confirm([personId], faceIds),
      { op: 'not', person: key, faces: faces.map((f) => this.#store.refOf(f)) },
    ]);
  }

  /**
   * Faces that are probably a named person ("Is this Anna?"), best first; only those for
   * `personId` when given ([Note: Person suggestions]).
   */
  suggestions(limit: number, personId?: number): PersonSuggestion[] {
    if (personId !== undefined) this.#person(personId);
    return this.#suggestions.list(limit, personId);
  }

  /** The answer to a suggestion: yes moves the faces to the person, no remembers they are not. */
  answer(personId: number, faceIds: readonly number[], yes: boolean): void {
    if (yes) this.move(faceIds, personId);
    else this.notThisPerson(faceIds, personId);
  }

  /** The face shown for a person (one of its own). */
  setRepresentative(personId: number, faceId: number): void {
    const key = this.#person(personId).key;
    const [face] = this.#faces([faceId]);
    if (face?.person_id !== personId)
      throw new AppFailure('invalid-argument', "That face is not one of this person's.");
    this.#decide([{ op: 'cover', person: key, face: this.#store.refOf(face) }]);
  }

  /** Named regions from other apps that no detected face matched, by name and photo count. */
  regionsWithoutFace(): { name: string; photos: number }[] {
    return this.#regions.withoutFace();
  }

  /** The face shown for a person: the user's choice while it is theirs, else the best one. */
  representative(personId: number): number | null {
    return representative(this.#db, personId);
  }

  /**
   * After a database recovery: every decision again from the journal, in order, on a clean
   * slate, then everything clustered again ([Note: Database recovery]).
   */
  replay(entries: readonly PersonDecision[]): void {
    this.#db.transaction(() => {
      this.#store.clearDecisions();
      for (const e of entries) this.#apply(e);
      for (const id of all<{ id: number }>(this.#db, sql`SELECT id FROM photos`).map((r) => r.id)) {
        this.#regions.apply(id);
        this.#store.resolvePins(id);
      }
      this.#clusterer.rebuild();
    })();
  }

  // ── decisions ─────────────────────────────────────────────────────────────

  /** Pins what these persons hold now, but the faces about to leave them. */
  #confirm(personIds: readonly number[], leaving: readonly number[] = []): PersonDecision[] {
    return personIds.map((id) => ({
      op: 'is',
      person: this.#person(id).key,
      faces: this.#store
        .facesOfPersons([id])
        .filter((f) => !leaving.includes(f.id))
        .map((f) => this.#store.refOf(f)),
    }));
  }

  #decide(decisions: readonly PersonDecision[]): void {
    let changed: number[] = [];
    this.#db.transaction(() => {
      const photos = new Set<string>();
      const persons = new Set<number>();
      for (const d of decisions) {
        for (const id of this.#apply(d)) persons.add(id);
        if (d.op === 'is' || d.op === 'not') for (const f of d.faces) photos.add(f.fingerprint);
        if (d.op === 'cover' && d.face) photos.add(d.face.fingerprint);
      }
      const touched: FaceRow[] = [];
      for (const fingerprint of photos) {
        const photoId = this.#store.photoOf(fingerprint);
        if (photoId === null) continue;
        this.#store.resolvePins(photoId);
        touched.push(...this.#store.facesOfPhoto(photoId));
      }
      this.#sameFaceCheck(
        this.#store.pinnedTo([...persons]),
        'Two faces in one photo cannot be the same person.',
      );
      touched.push(...this.#store.facesOfPersons([...persons]));
      this.#clusterer.recluster([...new Set(touched.map((f) => f.component ?? f.id))]);
      this.#journal?.append(decisions);
      changed = [
        ...new Set(
          [...touched, ...this.#store.facesOfPersons([...persons])].map((f) => f.photo_id),
        ),
      ];
    })();
    this.#onDecided?.(changed);
  }

  /** One decision on the database; returns the persons it touched. */
  #apply(d: PersonDecision): number[] {
    switch (d.op) {
      case 'is':
      case 'not': {
        const person = this.#store.personByKey(d.person);
        this.#store.decide(d.op, person, d.faces);
        return [person];
      }
      case 'merge': {
        const into = this.#store.personByKey(d.into);
        this.#store.merge(
          d.from.map((k) => this.#store.personByKey(k)),
          into,
        );
        return [into];
      }
      case 'name': {
        const person = this.#store.personByKey(d.person);
        run(this.#db, sql`UPDATE persons SET name = ${d.name} WHERE id = ${person}`);
        return [person];
      }
      case 'hide': {
        const person = this.#store.personByKey(d.person);
        run(this.#db, sql`UPDATE persons SET hidden = ${d.hidden ? 1 : 0} WHERE id = ${person}`);
        return [person];
      }
      case 'alias': {
        const person = this.#store.personByKey(d.person);
        this.#regions.link(d.name, person);
        return [person];
      }
      case 'cover': {
        const person = this.#store.personByKey(d.person);
        const ref: FaceRef | null = d.face;
        run(
          this.#db,
          sql`UPDATE persons SET cover_fingerprint = ${ref?.fingerprint ?? null},
                 cover_box = ${ref ? JSON.stringify(ref.box) : null} WHERE id = ${person}`,
        );
        return [person];
      }
    }
  }

  #sameFaceCheck(faces: readonly FaceRow[], message: string): void {
    const seen = new Set<string>();
    for (const f of faces) {
      const key = `${String(f.person_id)}:${String(f.photo_id)}`;
      if (seen.has(key)) throw new AppFailure('invalid-argument', message);
      seen.add(key);
    }
  }

  #person(id: number) {
    const person = this.#store.person(id);
    if (!person) throw new AppFailure('not-found', `There is no person ${String(id)}.`);
    return person;
  }

  #faces(faceIds: readonly number[]): FaceRow[] {
    const faces = this.#store.faces(faceIds);
    if (faces.length !== new Set(faceIds).size || faces.length === 0)
      throw new AppFailure('not-found', 'Some of these faces are no longer in the library.');
    return faces;
  }
}
