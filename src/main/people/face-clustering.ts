/**
 * @file Constrained average-link clustering of faces into persons: a pure function of the
 * faces, their descriptors and the user's decisions ([Note: Persons]).
 */
import { dot } from '../../shared/vector-math';

/** A face as clustering sees it. */
export interface ClusterFace {
  id: number;
  /** Content key (photo fingerprint and box): the canonical order that breaks every tie. */
  key: string;
  photoId: number;
  /** Descriptors of different models are never compared. */
  modelId: string;
  /** Unit-length descriptor; null for a face the user placed that cannot be recognised. */
  vector: Float32Array | null;
  /** The person the user said this face is, if any. */
  pinnedTo: number | null;
  /** Persons the user said this face is not. */
  notPersons: readonly number[];
  /**
   * Whether the face may seed a person: the models vouch for it (its detection score and
   * quality pass the gate of [Note: Persons]) or the user placed it. One that is not joins
   * only a person of `minVouched` faces that are, and only closer than the strict bound.
   */
  vouched: boolean;
}

/**
 * Vouched faces a person needs before a group of faces the models cannot vouch for may join
 * it: two, so that one uncertain face never makes a person with one other face.
 */
export const minVouched = 2;

export interface Cluster {
  faceIds: number[];
  /** The person the user's decisions tie this cluster to; null for an automatic one. */
  anchor: number | null;
}

interface Group {
  faces: ClusterFace[];
  anchor: number | null;
  photos: Set<number>;
  not: Set<number>;
  /** Faces with a descriptor, and those of them that are vouched for. */
  described: number;
  vouched: number;
}

/** Whether two groups may become one person: every hard constraint of [Note: Persons]. */
function mayJoin(a: Group, b: Group): boolean {
  if (a.anchor !== null && b.anchor !== null && a.anchor !== b.anchor) return false;
  if (a.anchor !== null && b.not.has(a.anchor)) return false;
  if (b.anchor !== null && a.not.has(b.anchor)) return false;
  for (const p of a.photos) if (b.photos.has(p)) return false;
  return true;
}

/**
 * The average distance below which two groups may merge, or -Infinity when they may not at
 * any distance: the gate of [Note: Persons]. The strict bound holds for the merges that
 * make wrong persons: two single faces, and faces the models cannot vouch for.
 */
function bound(a: Group, b: Group, threshold: number, strict: number): number {
  if (a.vouched === 0 || b.vouched === 0) {
    const other = a.vouched === 0 ? b : a;
    return other.vouched >= minVouched ? strict : -Infinity;
  }
  return a.described === 1 && b.described === 1 ? strict : threshold;
}

function groupOf(faces: ClusterFace[], anchor: number | null): Group {
  const described = faces.filter((f) => f.vector !== null);
  return {
    faces,
    anchor,
    photos: new Set(faces.map((f) => f.photoId)),
    not: new Set(faces.flatMap((f) => f.notPersons)),
    described: described.length,
    vouched: described.filter((f) => f.vouched).length,
  };
}

/**
 * Groups `faces` into clusters: faces pinned to one person start together, then the two groups
 * with the smallest average distance below their bound merge (`threshold`; `strict` for two
 * single faces and for faces not vouched for, see [Note: Persons]), while the constraints
 * allow, until none is left. The result depends only on the set of faces (ties by content key).
 */
export function clusterFaces(
  input: readonly ClusterFace[],
  threshold: number,
  strict = threshold,
): Cluster[] {
  const faces = [...input].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
  const groups: Group[] = [];
  const byAnchor = new Map<number, ClusterFace[]>();
  for (const f of faces) {
    if (f.pinnedTo === null) groups.push(groupOf([f], null));
    else byAnchor.set(f.pinnedTo, [...(byAnchor.get(f.pinnedTo) ?? []), f]);
  }
  for (const [anchor, pinned] of [...byAnchor].sort((a, b) => a[0] - b[0]))
    groups.push(groupOf(pinned, anchor));

  const n = groups.length;
  // sum and count of comparable face pairs between groups: average link, exactly.
  const sum = Array.from({ length: n }, () => new Float64Array(n));
  const count = Array.from({ length: n }, () => new Uint32Array(n));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      let c = 0;
      for (const a of groups[i]?.faces ?? [])
        for (const b of groups[j]?.faces ?? []) {
          if (!a.vector || !b.vector || a.modelId !== b.modelId) continue;
          s += 1 - dot(a.vector, b.vector);
          c++;
        }
      (sum[i] as Float64Array)[j] = (sum[j] as Float64Array)[i] = s;
      (count[i] as Uint32Array)[j] = (count[j] as Uint32Array)[i] = c;
    }
  const alive = new Array<boolean>(n).fill(true);
  const distance = (i: number, j: number): number => {
    const c = count[i]?.[j] ?? 0;
    return c === 0 ? Infinity : (sum[i]?.[j] ?? 0) / c;
  };
  const joinable = (i: number, j: number): boolean => {
    const [gi, gj] = [groups[i] as Group, groups[j] as Group];
    return distance(i, j) < bound(gi, gj, threshold, strict) && mayJoin(gi, gj);
  };
  // Each group's nearest joinable partner (lowest index on ties): the nearest-neighbour cache.
  const best = new Array<number>(n).fill(-1);
  const bestOf = (i: number): number => {
    let pick = -1;
    let d = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i || !alive[j]) continue;
      const dj = distance(i, j);
      if (dj < d && joinable(i, j)) {
        d = dj;
        pick = j;
      }
    }
    return pick;
  };
  for (let i = 0; i < n; i++) best[i] = bestOf(i);

  for (;;) {
    let a = -1;
    let d = Infinity;
    for (let i = 0; i < n; i++) {
      const j = best[i] ?? -1;
      if (!alive[i] || j < 0) continue;
      const di = distance(i, j);
      if (di < d) {
        d = di;
        a = i;
      }
    }
    if (a < 0) break;
    const b = best[a] ?? -1;
    const [keep, gone] = a < b ? [a, b] : [b, a];
    const gk = groups[keep] as Group;
    const gg = groups[gone] as Group;
    groups[keep] = {
      faces: [...gk.faces, ...gg.faces],
      anchor: gk.anchor ?? gg.anchor,
      photos: new Set([...gk.photos, ...gg.photos]),
      not: new Set([...gk.not, ...gg.not]),
      described: gk.described + gg.described,
      vouched: gk.vouched + gg.vouched,
    };
    alive[gone] = false;
    for (let k = 0; k < n; k++) {
      if (k === keep || k === gone) continue;
      const s = (sum[k]?.[keep] ?? 0) + (sum[k]?.[gone] ?? 0);
      const c = (count[k]?.[keep] ?? 0) + (count[k]?.[gone] ?? 0);
      (sum[k] as Float64Array)[keep] = (sum[keep] as Float64Array)[k] = s;
      (count[k] as Uint32Array)[keep] = (count[keep] as Uint32Array)[k] = c;
    }
    best[keep] = bestOf(keep);
    best[gone] = -1;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === keep) continue;
      const bk = best[k] ?? -1;
      // A group whose partner changed looks again; the others only compare with the new group
      // (only pairs with it changed: their distance, and their bound, which a merge loosens).
      if (bk === keep || bk === gone) best[k] = bestOf(k);
      else {
        const dk = distance(k, keep);
        const current = bk < 0 ? Infinity : distance(k, bk);
        const better = dk < current || (dk === current && keep < bk);
        if (better && joinable(k, keep)) best[k] = keep;
      }
    }
  }
  return groups
    .filter((_, i) => alive[i])
    .map((g) => ({ faceIds: g.faces.map((f) => f.id), anchor: g.anchor }));
}
