/**
 * @file The point-in-ring test of [Note: Place lookup] without walking the whole ring: a ring's
 * edges are sorted into horizontal bands of its bounding box, so the even-odd test reads only
 * the edges of the band the point's latitude falls in. Natural Earth's admin-1 rings have up
 * to tens of thousands of points; a band holds a few dozen edges. This took the 100,000-lookup
 * benchmark from scanning every edge of every candidate ring to a handful per ring.
 */
import type { Ring } from './ring-codec';

/** Rings with fewer points than this are tested edge by edge (banding them gains nothing). */
const minPoints = 32;
/** About this many edges per band. */
const edgesPerBand = 8;
const maxBands = 1024;

/** A ring's edges by band: the edges (by end point index) of band b are `edges[start[b]..start[b+1])`. */
export interface RingBands {
  y0: number;
  bandHeight: number;
  start: Uint32Array;
  edges: Uint32Array;
}

/** Bands for a ring, or null for a small one. `y0`, `y1`: the ring's latitude range. */
export function bandRing(ring: Ring, y0: number, y1: number): RingBands | null {
  const n = ring.length / 2;
  if (n < minPoints) return null;
  const count = Math.max(1, Math.min(maxBands, Math.ceil(n / edgesPerBand)));
  const bandHeight = Math.max(1, Math.ceil((y1 - y0 + 1) / count));
  const bandOf = (y: number) => Math.min(count - 1, Math.max(0, Math.floor((y - y0) / bandHeight)));
  // Two passes (count, then fill) so the edges lie in one typed array.
  const start = new Uint32Array(count + 1);
  const span = (i: number): [number, number] => {
    const iy = ring[2 * i + 1] ?? 0;
    const jy = ring[2 * ((i + n - 1) % n) + 1] ?? 0;
    return [bandOf(Math.min(iy, jy)), bandOf(Math.max(iy, jy))];
  };
  for (let i = 0; i < n; i++) {
    const [b0, b1] = span(i);
    for (let b = b0; b <= b1; b++) start[b + 1] = (start[b + 1] ?? 0) + 1;
  }
  for (let b = 0; b < count; b++) start[b + 1] = (start[b + 1] ?? 0) + (start[b] ?? 0);
  const edges = new Uint32Array(start[count] ?? 0);
  const fill = start.slice(0, count);
  for (let i = 0; i < n; i++) {
    const [b0, b1] = span(i);
    for (let b = b0; b <= b1; b++) {
      const at = fill[b] ?? 0;
      edges[at] = i;
      fill[b] = at + 1;
    }
  }
  return { y0, bandHeight, start, edges };
}

/**
 * Whether a horizontal ray from (x, y) crosses the ring an odd number of times (the even-odd
 * rule; the caller combines rings). Uses the bands when the ring has them.
 */
export function crossesOdd(ring: Ring, bands: RingBands | null, x: number, y: number): boolean {
  const n = ring.length / 2;
  let inside = false;
  const cross = (i: number) => {
    const j = i === 0 ? n - 1 : i - 1;
    const ix = ring[2 * i] ?? 0;
    const iy = ring[2 * i + 1] ?? 0;
    const jx = ring[2 * j] ?? 0;
    const jy = ring[2 * j + 1] ?? 0;
    if (iy > y !== jy > y && x < ((jx - ix) * (y - iy)) / (jy - iy) + ix) inside = !inside;
  };
  if (!bands) {
    for (let i = 0; i < n; i++) cross(i);
    return inside;
  }
  const count = bands.start.length - 1;
  const b = Math.min(count - 1, Math.max(0, Math.floor((y - bands.y0) / bands.bandHeight)));
  const from = bands.start[b] ?? 0;
  const to = bands.start[b + 1] ?? 0;
  for (let k = from; k < to; k++) cross(bands.edges[k] ?? 0);
  return inside;
}

/**
 * Calls `visit` with the end point index of every edge that may come within the latitudes
 * `yLow`..`yHigh` (some more than once, where an edge spans bands): the edges worth measuring
 * for a point's distance to the ring.
 */
export function edgesBetween(
  ring: Ring,
  bands: RingBands | null,
  yLow: number,
  yHigh: number,
  visit: (i: number) => void,
): void {
  if (!bands) {
    for (let i = 0; i < ring.length / 2; i++) visit(i);
    return;
  }
  const count = bands.start.length - 1;
  const band = (y: number) =>
    Math.min(count - 1, Math.max(0, Math.floor((y - bands.y0) / bands.bandHeight)));
  const to = bands.start[band(yHigh) + 1] ?? 0;
  for (let k = bands.start[band(yLow)] ?? 0; k < to; k++) visit(bands.edges[k] ?? 0);
}
