/**
 * @file Which region (admin-1: state, province, Land…) a point lies in: point in polygon over
 * Natural Earth boundaries, with a 1° grid of bounding boxes so a lookup tests a handful of
 * regions, and a coastal margin for points just off the drawn coastline ([Note: Place lookup]).
 * The place database's build uses the same code to give every town its region, so a town and a
 * photo beside it always agree.
 */
import { bandRing, crossesOdd, edgesBetween, type RingBands } from './ring-bands';
import { unitsPerDegree, type Ring } from './ring-codec';

/** A region's boundary as the index holds it. */
export interface RegionShape {
  /** Row id in the place database. */
  id: number;
  rings: readonly Ring[];
}

interface Indexed {
  id: number;
  rings: readonly Ring[];
  /** Per ring: min x, min y, max x, max y (1e-5 degree). */
  boxes: Int32Array;
  /** Per ring: its edges by latitude band (ring-bands.ts), null for a small ring. */
  bands: (RingBands | null)[];
  box: readonly [number, number, number, number];
}

/** Where a point is: the region, and how far outside its drawn boundary (0 inside), in km. */
export interface RegionHit {
  id: number;
  distanceKm: number;
}

const cellDegrees = 1;
const columns = 360 / cellDegrees;
const rows = 180 / cellDegrees;
const kmPerDegree = 111.32;

export class RegionIndex {
  readonly #regions: Indexed[] = [];
  readonly #cells = new Map<number, number[]>();
  readonly #byId = new Map<number, Indexed>();

  constructor(shapes: Iterable<RegionShape>) {
    for (const shape of shapes) {
      const boxes = new Int32Array(shape.rings.length * 4);
      const bands: (RingBands | null)[] = [];
      const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      shape.rings.forEach((ring, r) => {
        let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
        for (let i = 0; i < ring.length; i += 2) {
          const x = ring[i] ?? 0;
          const y = ring[i + 1] ?? 0;
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
        boxes.set([x0, y0, x1, y1], r * 4);
        bands.push(bandRing(ring, y0, y1));
        box[0] = Math.min(box[0], x0);
        box[1] = Math.min(box[1], y0);
        box[2] = Math.max(box[2], x1);
        box[3] = Math.max(box[3], y1);
      });
      if (!Number.isFinite(box[0])) continue;
      const indexed = { id: shape.id, rings: shape.rings, boxes, bands, box };
      const index = this.#regions.push(indexed) - 1;
      this.#byId.set(shape.id, indexed);
      for (const cell of cellsOf(box)) {
        const list = this.#cells.get(cell);
        if (list) list.push(index);
        else this.#cells.set(cell, [index]);
      }
    }
  }

  /**
   * The region containing the point; failing that the nearest within `marginKm` of a boundary
   * (a beach photo a few hundred metres off Natural Earth's coastline), else null (open sea).
   */
  lookup(lat: number, lon: number, marginKm = 0): RegionHit | null {
    const x = Math.round(lon * unitsPerDegree);
    const y = Math.round(lat * unitsPerDegree);
    for (const index of this.#cells.get(cellOf(lat, lon)) ?? []) {
      const region = this.#regions[index];
      if (region && contains(region, x, y)) return { id: region.id, distanceKm: 0 };
    }
    if (marginKm <= 0) return null;
    return this.#nearest(lat, lon, marginKm);
  }

  /** How far the point is from region `id`'s boundary, km; Infinity beyond `withinKm`. */
  boundaryDistance(id: number, lat: number, lon: number, withinKm: number): number {
    const region = this.#byId.get(id);
    if (!region) return Infinity;
    const { box, cos } = searchBox(lat, lon, withinKm);
    if (!overlaps(region.box, box)) return Infinity;
    const km = distanceKm(region, lon, lat, cos, box);
    return km <= withinKm ? km : Infinity;
  }

  #nearest(lat: number, lon: number, marginKm: number): RegionHit | null {
    const { box, cos } = searchBox(lat, lon, marginKm);
    const candidates = new Set<number>();
    for (const cell of cellsOf(box)) for (const i of this.#cells.get(cell) ?? []) candidates.add(i);
    let best: RegionHit | null = null;
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const region = this.#regions[i];
      if (!region || !overlaps(region.box, box)) continue;
      const km = distanceKm(region, lon, lat, cos, box);
      if (km <= marginKm && (!best || km < best.distanceKm))
        best = { id: region.id, distanceKm: km };
    }
    return best;
  }
}

/** Even-odd rule over all rings: holes and islands of a multipolygon come out right. */
function contains(region: Indexed, x: number, y: number): boolean {
  const [bx0, by0, bx1, by1] = region.box;
  if (x < bx0 || x > bx1 || y < by0 || y > by1) return false;
  let inside = false;
  region.rings.forEach((ring, r) => {
    const b = r * 4;
    const rx0 = region.boxes[b] ?? 0;
    const ry0 = region.boxes[b + 1] ?? 0;
    const rx1 = region.boxes[b + 2] ?? 0;
    const ry1 = region.boxes[b + 3] ?? 0;
    if (x < rx0 || x > rx1 || y < ry0 || y > ry1) return;
    if (crossesOdd(ring, region.bands[r] ?? null, x, y)) inside = !inside;
  });
  return inside;
}

/** Shortest distance from the point to the region's boundary, km (equirectangular: < 25 km). */
function distanceKm(
  region: Indexed,
  lon: number,
  lat: number,
  cos: number,
  box: readonly [number, number, number, number],
): number {
  let best = Infinity;
  region.rings.forEach((ring, r) => {
    const b = r * 4;
    const ringBox = [
      region.boxes[b] ?? 0,
      region.boxes[b + 1] ?? 0,
      region.boxes[b + 2] ?? 0,
      region.boxes[b + 3] ?? 0,
    ] as const;
    if (!overlaps(ringBox, box)) return;
    const n = ring.length / 2;
    // Only the edges of the bands the search box crosses (ring-bands.ts), and of those only
    // the ones whose own box meets the search box, are measured.
    edgesBetween(ring, region.bands[r] ?? null, box[1], box[3], (i) => {
      const j = i === 0 ? n - 1 : i - 1;
      const ix = ring[2 * i] ?? 0;
      const iy = ring[2 * i + 1] ?? 0;
      const jx = ring[2 * j] ?? 0;
      const jy = ring[2 * j + 1] ?? 0;
      if (Math.max(ix, jx) < box[0] || Math.min(ix, jx) > box[2]) return;
      if (Math.max(iy, jy) < box[1] || Math.min(iy, jy) > box[3]) return;
      const ax = (jx / unitsPerDegree - lon) * cos;
      const ay = jy / unitsPerDegree - lat;
      const bx = (ix / unitsPerDegree - lon) * cos;
      const by = iy / unitsPerDegree - lat;
      best = Math.min(best, segmentDistance(ax, ay, bx, by));
    });
  });
  return best * kmPerDegree;
}

/** Distance from the origin to the segment a–b. */
function segmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
  const px = ax + t * dx;
  const py = ay + t * dy;
  // Not Math.hypot: it guards against overflow these magnitudes never reach, several times slower.
  return Math.sqrt(px * px + py * py);
}

/** The box around a point that holds everything within `km` (1e-5 degree), and cos(lat). */
function searchBox(lat: number, lon: number, km: number) {
  const deg = km / kmPerDegree;
  // Longitude degrees shrink towards the poles; the search box widens to match.
  const cos = Math.max(Math.cos((lat * Math.PI) / 180), 0.05);
  const box: [number, number, number, number] = [
    Math.round((lon - deg / cos) * unitsPerDegree),
    Math.round((lat - deg) * unitsPerDegree),
    Math.round((lon + deg / cos) * unitsPerDegree),
    Math.round((lat + deg) * unitsPerDegree),
  ];
  return { box, cos };
}

const overlaps = (
  a: readonly [number, number, number, number],
  b: readonly [number, number, number, number],
) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function cellOf(lat: number, lon: number): number {
  const col = Math.min(columns - 1, Math.max(0, Math.floor((lon + 180) / cellDegrees)));
  const row = Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / cellDegrees)));
  return row * columns + col;
}

function* cellsOf(box: readonly [number, number, number, number]): Generator<number> {
  const [x0, y0, x1, y1] = box.map((v) => v / unitsPerDegree) as [number, number, number, number];
  const c0 = Math.max(0, Math.floor((x0 + 180) / cellDegrees));
  const c1 = Math.min(columns - 1, Math.floor((x1 + 180) / cellDegrees));
  const r0 = Math.max(0, Math.floor((y0 + 90) / cellDegrees));
  const r1 = Math.min(rows - 1, Math.floor((y1 + 90) / cellDegrees));
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) yield r * columns + c;
}
