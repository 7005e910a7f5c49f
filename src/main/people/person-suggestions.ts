/**
 * @file "Is this Anna?": faces clustering left out of a named person that are probably theirs,
 * best first, for the user to confirm or reject ([Note: Person suggestions]).
 *
 * [Note: Person suggestions]
 * A suggestion offers a named person P (not hidden) the faces of one unnamed person U (a
 * single face is an unnamed person of one face): clustering kept U apart from P because
 * their average cosine distance is above the threshold, or a constraint forbade the merge.
 * U is suggested when the average distance between the faces offered and P's faces is below
 * a looser bound (average link, as clustering measures groups, so one look-alike face cannot
 * pull a group in).
 * A face is never offered to P when
 *   - the user said it is not P (a `not` decision, by face reference, so it holds after a
 *     re-detection and a database recovery: answering "no" is notThisPerson, journaled);
 *   - its photo already holds P (two faces of one photo are never one person);
 *   - the user placed it (a pinned face: split off, moved, or in a confirmed person), since the
 *     user already said where it belongs;
 *   - its person is hidden, or has a name (a named person is not "probably" someone else).
 * U's faces that pass are offered together; when that is all of U, "yes" moves the whole
 * person. Each U is offered to one named person only, the one the order below puts first,
 * so one group is never asked about twice at once; after a "no" the next one comes up.
 * Order: by how much a "yes" helps, the number of faces (= photos, one face of a person per
 * photo) it brings to a named person, then closeness, then person and face ids, so the same
 * library gives the same list and "fotoglot people answer 3 yes" means the third listed.
 * For unit vectors the average distance over every pair of two groups is 1 − mean(U) · mean(P),
 * so a group qualifies only if one of its faces x has x · mean(P) > 1 − bound: one pass over
 * the face vectors compares each with every named person's mean and misses none (sqlite-vec's
 * k-NN reads every vector too, once per query; one pass serves every person).
 */
import { dot } from '../../shared/vector-math';
import type { FaceVectors } from '../embeddings/face-vectors';
import { matchBoxes } from './face-ref';
import { boxOf, decisionBox, type FaceRow, type PersonStore } from './person-store';

/** Faces that are probably a named person, with what a "yes" would bring. */
export interface PersonSuggestion {
  /** The named person asked about. */
  personId: number;
  personName: string;
  /** The faces offered, by id (one per photo). */
  faces: FaceRow[];
  /** The unnamed person they are in now. */
  fromPerson: number;
  /** True when the faces are all of `fromPerson`: "yes" moves the whole person. */
  whole: boolean;
  /** Average cosine distance between the faces offered and the person's faces. */
  distance: number;
}

/**
 * How far past the clustering threshold suggestions reach (bound = threshold × reach). Kept
 * close: measured through the faces stage on 10 LFW identities × 10 with the shipped dlib
 * descriptor (threshold 0.09), a face of Arnold left single sits at 0.092 from his person,
 * while two different identities' persons come as close as 0.109 on average.
 */
export const suggestionReach = 1.1;

interface Named {
  id: number;
  name: string;
}

/** A named person's faces of one model: their mean, photos, and the faces near enough. */
interface Centre {
  person: Named;
  model: string;
  centre: Float32Array;
  photos: ReadonlySet<number>;
  /** The person's own faces of the model (near their mean, never suggested). */
  own: ReadonlySet<number>;
  near: number[];
}

export class PersonSuggestions {
  constructor(
    private readonly store: PersonStore,
    private readonly vectors: FaceVectors,
    /** Average cosine distance below which faces are suggested for a person. */
    readonly bound: number,
  ) {}

  /** Suggestions for every named person (or only `personId`), best first; see the Note. */
  list(limit: number, personId?: number): PersonSuggestion[] {
    const named = this.#named(personId);
    // Every named person's faces in one query (one per person reads the faces table each time).
    const faces = this.store.facesOfPersons(named.map((p) => p.id));
    const centres = named.flatMap((p) =>
      this.#centres(
        p,
        faces.filter((f) => f.person_id === p.id),
      ),
    );
    // One pass over each model's vectors for every named person at once.
    for (const model of new Set(centres.map((c) => c.model))) {
      const mine = centres.filter((c) => c.model === model);
      this.vectors.each(model, (faceId, vector) => {
        for (const c of mine)
          if (!c.own.has(faceId) && dot(vector, c.centre) > 1 - this.bound) c.near.push(faceId);
      });
    }
    const best = new Map<number, PersonSuggestion>();
    for (const c of centres)
      for (const s of this.#suggest(c)) {
        const held = best.get(s.fromPerson);
        if (!held || order(s, held) < 0) best.set(s.fromPerson, s);
      }
    return [...best.values()].sort(order).slice(0, limit);
  }

  #named(personId: number | undefined): Named[] {
    const rows = this.store.db
      .prepare<[], Named>(
        'SELECT id, name FROM persons WHERE name IS NOT NULL AND hidden = 0 ORDER BY id',
      )
      .all();
    return personId === undefined ? rows : rows.filter((p) => p.id === personId);
  }

  /** A named person's mean descriptor per face model (a person may have faces of two). */
  #centres(person: Named, own: readonly FaceRow[]): Centre[] {
    const photos = new Set(own.map((f) => f.photo_id));
    return [...new Set(own.map((f) => f.model_id))].flatMap((model) => {
      const ids = own.filter((f) => f.model_id === model).map((f) => f.id);
      const centre = mean([...this.vectors.vectors(model, ids).values()]);
      return centre ? [{ person, model, centre, photos, own: new Set(ids), near: [] }] : [];
    });
  }

  /** The unnamed persons `c.near` found whose faces offered average under the bound. */
  #suggest(c: Centre): PersonSuggestion[] {
    const out: PersonSuggestion[] = [];
    for (const from of this.#unnamedPersons(this.store.faces(c.near))) {
      const all = this.store.facesOfPersons([from]);
      const faces = this.#offerable(all, c.person.id, c.model, c.photos);
      const ids = faces.map((f) => f.id);
      const theirs = mean([...this.vectors.vectors(c.model, ids).values()]);
      if (!theirs) continue;
      const distance = 1 - dot(theirs, c.centre);
      if (distance >= this.bound) continue;
      out.push({
        personId: c.person.id,
        personName: c.person.name,
        faces,
        fromPerson: from,
        whole: faces.length === all.length,
        distance,
      });
    }
    return out;
  }

  /** The unnamed, shown persons these faces are in. */
  #unnamedPersons(faces: readonly FaceRow[]): number[] {
    const ids = [...new Set(faces.flatMap((f) => (f.person_id === null ? [] : [f.person_id])))];
    return ids.filter((id) => {
      const p = this.store.person(id);
      return p !== undefined && p.name === null && p.hidden === 0;
    });
  }

  /** The faces of `from` that may be offered to the person (the rules of the Note). */
  #offerable(
    faces: readonly FaceRow[],
    personId: number,
    model: string,
    personPhotos: ReadonlySet<number>,
  ): FaceRow[] {
    const open = faces.filter(
      (f) =>
        f.model_id === model &&
        f.recognisable === 1 &&
        f.assigned_by !== 'user' &&
        !personPhotos.has(f.photo_id),
    );
    const fingerprints = this.store.fingerprintsOf([...new Set(open.map((f) => f.photo_id))]);
    const nots = this.store
      .decisionsOf([...new Set(fingerprints.values())])
      .filter((d) => d.kind === 'not' && d.person_id === personId);
    const rejected = new Set<number>();
    for (const f of open) {
      const mine = nots.filter((d) => d.fingerprint === fingerprints.get(f.photo_id));
      const others = open.filter((o) => o.photo_id === f.photo_id);
      for (const [, face] of matchBoxes(mine, others, decisionBox, boxOf)) rejected.add(face.id);
    }
    return open.filter((f) => !rejected.has(f.id));
  }
}

/** The mean of unit-length vectors (not normalised); null for none. */
function mean(vectors: readonly Float32Array[]): Float32Array | null {
  const [first] = vectors;
  if (!first) return null;
  const sum = new Float32Array(first.length);
  for (const v of vectors)
    for (let d = 0; d < sum.length; d++) sum[d] = (sum[d] ?? 0) + (v[d] ?? 0);
  return sum.map((x) => x / vectors.length);
}

/** Best first: more faces, then closer, then by person and first face (deterministic). */
function order(a: PersonSuggestion, b: PersonSuggestion): number {
  return (
    b.faces.length - a.faces.length ||
    a.distance - b.distance ||
    a.personId - b.personId ||
    (a.faces[0]?.id ?? 0) - (b.faces[0]?.id ?? 0)
  );
}
