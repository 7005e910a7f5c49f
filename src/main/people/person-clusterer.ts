/**
 * @file Keeps persons up to date as faces and decisions change: finds the faces clustering may
 * touch (a region), clusters them again (face-clustering.ts) and maps the clusters onto the
 * persons that were there, so names and ids stay put ([Note: Persons]).
 */
import type { FaceVectors } from '../embeddings/face-vectors';
import { run, sql } from '../db/sql';
import { clusterFaces, type ClusterFace } from './face-clustering';
import { boxKey, matchBoxes } from './face-ref';
import { boxOf, decisionBox, type FaceRow, type PersonStore } from './person-store';

/** Items by a key, in their order (Map.groupBy is not in Node 20). */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Which faces the models vouch for, and how close the merges that make wrong persons must be:
 * the gate of [Note: Persons]. A face model brings its own (the shipped one: faceGate).
 */
export interface ClusterGate {
  /** Average distance below which two single faces, or faces not vouched for, join. */
  strictThreshold: number;
  /** Detection score a face needs to be vouched for. */
  minScore: number;
  /** Quality (FaceInput.quality) a face needs to be vouched for. */
  minQuality: number;
}

/** No gate: every face vouched for, one threshold for every merge. */
export const openGate = (threshold: number): ClusterGate => ({
  strictThreshold: threshold,
  minScore: -Infinity,
  minQuality: -Infinity,
});

export class PersonClusterer {
  constructor(
    private readonly store: PersonStore,
    private readonly vectors: FaceVectors,
    /** Average cosine distance below which two groups of faces are one person. */
    readonly threshold: number,
    readonly gate: ClusterGate = openGate(threshold),
  ) {}

  /**
   * Joins the components of these new faces with those of every face closer than the
   * threshold (the edges of [Note: Persons]), then clusters the result again.
   */
  addEdges(faces: readonly FaceRow[]): void {
    const components = new Set<number>();
    for (const face of faces) {
      components.add(face.component ?? face.id);
      if (!face.recognisable) continue;
      const vector = this.vectors.vectors(face.model_id, [face.id]).get(face.id);
      if (!vector) continue;
      const near = this.vectors.within(face.model_id, vector, this.threshold);
      for (const f of this.store.faces(near.map((n) => n.faceId)))
        components.add(f.component ?? f.id);
    }
    this.recluster([...components]);
  }

  /**
   * Clusters every face from scratch: components are found again from the exact edges (they
   * only ever grow between rebuilds), then each is clustered on its own.
   */
  rebuild(): void {
    const faces = this.store.allFaces();
    const parent = new Map(faces.map((f) => [f.id, f.id]));
    const find = (id: number): number => {
      let root = id;
      while (parent.get(root) !== root) root = parent.get(root) ?? root;
      parent.set(id, root);
      return root;
    };
    const union = (a: number, b: number) => {
      const [ra, rb] = [find(a), find(b)];
      if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
    };
    for (const [model, group] of groupBy(faces, (f) => f.model_id)) {
      const vectors = this.vectors.vectors(
        model,
        group.map((f) => f.id),
      );
      for (const [id, vector] of vectors)
        for (const near of this.vectors.within(model, vector, this.threshold))
          union(id, near.faceId);
    }
    const pinned = groupBy(
      faces.filter((f) => f.assigned_by === 'user' && f.person_id !== null),
      (f) => f.person_id,
    );
    for (const group of pinned.values())
      for (const f of group) union(f.id, (group[0] as FaceRow).id);
    const set = this.store.db.prepare<[number, number]>(
      'UPDATE faces SET component = ? WHERE id = ?',
    );
    for (const f of faces) set.run(find(f.id), f.id);
    for (const c of new Set(faces.map((f) => find(f.id)))) this.recluster([c]);
  }

  /**
   * Clusters the faces of these components again, with every component tied to them by the
   * user's pins, and writes the persons back.
   */
  recluster(components: readonly number[]): void {
    const region = this.#region(components);
    if (region.length === 0) return;
    const component = Math.min(...region.map((f) => f.id));
    run(
      this.store.db,
      sql`UPDATE faces SET component = ${component} WHERE id IN (SELECT value FROM json_each(${JSON.stringify(region.map((f) => f.id))}))`,
    );
    const input = this.#clusterInput(region);
    const clusters = clusterFaces(input, this.threshold, this.gate.strictThreshold);
    this.#assign(region, clusters);
  }

  /** Every face of the components, grown until no pinned person has faces outside it. */
  #region(components: readonly number[]): FaceRow[] {
    const seen = new Set(components);
    const persons = new Set<number>();
    let faces = this.store.facesInComponents([...seen]);
    for (;;) {
      const more = new Set<number>();
      for (const f of faces)
        if (f.assigned_by === 'user' && f.person_id !== null) persons.add(f.person_id);
      for (const f of this.store.pinnedTo([...persons])) {
        const c = f.component ?? f.id;
        if (!seen.has(c)) more.add(c);
      }
      if (more.size === 0) return faces;
      for (const c of more) seen.add(c);
      faces = this.store.facesInComponents([...seen]);
    }
  }

  #clusterInput(region: readonly FaceRow[]): ClusterFace[] {
    const photos = this.store.fingerprintsOf([...new Set(region.map((f) => f.photo_id))]);
    const decisions = this.store
      .decisionsOf([...new Set(photos.values())])
      .filter((d) => d.kind === 'not');
    const not = new Map<number, number[]>();
    const byPhoto = groupBy(region, (f) => f.photo_id);
    for (const [photoId, faces] of byPhoto) {
      const mine = decisions.filter((d) => d.fingerprint === photos.get(photoId));
      // Each "not" decision lands on the face it was made for; several may name one face.
      for (const d of mine)
        for (const [, f] of matchBoxes([d], faces, decisionBox, boxOf))
          not.set(f.id, [...(not.get(f.id) ?? []), d.person_id]);
    }
    const vectorsByModel = new Map<string, Map<number, Float32Array>>();
    for (const [model, faces] of groupBy(region, (f) => f.model_id))
      vectorsByModel.set(
        model,
        this.vectors.vectors(
          model,
          faces.map((f) => f.id),
        ),
      );
    return region.flatMap((f) => {
      const vector = vectorsByModel.get(f.model_id)?.get(f.id) ?? null;
      const pinnedTo = f.assigned_by === 'user' ? f.person_id : null;
      // An unrecognisable face no one placed has nothing to be clustered by.
      if (vector === null && pinnedTo === null) return [];
      return [
        {
          id: f.id,
          key: `${photos.get(f.photo_id) ?? ''}|${boxKey(boxOf(f))}|${f.model_id}`,
          photoId: f.photo_id,
          modelId: f.model_id,
          vector,
          pinnedTo,
          notPersons: not.get(f.id) ?? [],
          // The user's word vouches for a face whatever the models thought of it.
          vouched:
            pinnedTo !== null ||
            (f.score >= this.gate.minScore && f.quality >= this.gate.minQuality),
        },
      ];
    });
  }

  /**
   * Writes the clusters as persons: a pinned cluster is its person; the others take over the
   * automatic persons they overlap most (largest overlap first, ties by person id), the rest
   * become new persons.
   */
  #assign(region: readonly FaceRow[], clusters: ReturnType<typeof clusterFaces>): void {
    const before = new Map(region.map((f) => [f.id, f.person_id]));
    const anchors = new Set(clusters.flatMap((c) => (c.anchor === null ? [] : [c.anchor])));
    const overlaps: { cluster: number; person: number; n: number }[] = [];
    clusters.forEach((c, i) => {
      if (c.anchor !== null) return;
      const counts = new Map<number, number>();
      for (const id of c.faceIds) {
        const p = before.get(id) ?? null;
        if (p !== null && !anchors.has(p)) counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      for (const [person, n] of counts) overlaps.push({ cluster: i, person, n });
    });
    overlaps.sort((a, b) => b.n - a.n || a.person - b.person || a.cluster - b.cluster);
    const personOf = new Map<number, number>();
    const taken = new Set<number>();
    for (const o of overlaps) {
      if (personOf.has(o.cluster) || taken.has(o.person)) continue;
      if (!this.store.person(o.person)) continue;
      personOf.set(o.cluster, o.person);
      taken.add(o.person);
    }
    const update = this.store.db.prepare<[number | null, string | null, number]>(
      'UPDATE faces SET person_id = ?, assigned_by = ? WHERE id = ?',
    );
    const clustered = new Set<number>();
    const byId = new Map(region.map((f) => [f.id, f]));
    clusters.forEach((c, i) => {
      const person = c.anchor ?? personOf.get(i) ?? this.store.newPerson();
      for (const id of c.faceIds) {
        clustered.add(id);
        const face = byId.get(id);
        // Pinned faces keep their 'user' mark; the others are the clustering's.
        if (face?.assigned_by !== 'user') update.run(person, 'cluster', id);
      }
    });
    for (const f of region) if (!clustered.has(f.id)) update.run(null, null, f.id);
    this.store.dropOrphans();
  }
}
