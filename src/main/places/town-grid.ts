/**
 * @file Towns by position, for the lookups of [Note: Place lookup]: towns are put in tiers by
 * how far they reach (reverse-geocoder.ts's reachKm), each tier in a grid whose cells are as
 * wide as its longest reach, so finding the towns that reach a point reads 3 × 3 cells per tier:
 * the many villages in small cells, the few cities in large ones. Europe's 0.5° cells held
 * hundreds of towns each; this cut a lookup from about 600 µs to tens.
 */
import type { TownRow } from './place-db';

interface Tier {
  /** The longest reach of a town in this tier, km. */
  maxKm: number;
  cellDegrees: number;
  /** Cells around the globe in a row. */
  columns: number;
  cells: Map<number, TownRow[]>;
}

const kmPerDegree = 111.32;

export class TownGrid {
  readonly #tiers: Tier[];

  /** `reach` gives each town its reach in km; `bounds` are the tiers' longest reaches, ascending. */
  constructor(
    towns: Iterable<TownRow>,
    reach: (town: TownRow) => number,
    bounds: readonly number[],
  ) {
    this.#tiers = bounds.map((maxKm) => ({
      maxKm,
      cellDegrees: maxKm / kmPerDegree,
      columns: Math.ceil(360 / (maxKm / kmPerDegree)),
      cells: new Map(),
    }));
    for (const town of towns) {
      const km = reach(town);
      const tier = this.#tiers.find((t) => km <= t.maxKm) ?? this.#tiers.at(-1);
      if (!tier) continue;
      const key = cellKey(tier, town.lat, town.lon);
      const list = tier.cells.get(key);
      if (list) list.push(town);
      else tier.cells.set(key, [town]);
    }
  }

  /**
   * Every town that may reach the point (a superset: callers measure), written into `out` from
   * index 0; returns how many. Near the poles a cell row spans all longitudes, so every column
   * is read. `out` is the caller's, reused from lookup to lookup: writing by index (never
   * emptying it) keeps its storage, where a fresh or emptied array made garbage every time.
   */
  around(lat: number, lon: number, out: TownRow[]): number {
    const cos = Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
    let n = 0;
    for (const tier of this.#tiers) {
      const { columns, cellDegrees } = tier;
      const span = tier.maxKm / kmPerDegree;
      const y0 = Math.floor((lat - span) / cellDegrees);
      const y1 = Math.floor((lat + span) / cellDegrees);
      const dLon = Math.min(180, span / cos);
      let x0 = Math.floor((lon - dLon) / cellDegrees);
      let x1 = Math.floor((lon + dLon) / cellDegrees);
      if (x1 - x0 + 1 >= columns) [x0, x1] = [0, columns - 1];
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          const cell = tier.cells.get(y * columns + wrap(x, columns));
          if (cell) for (const town of cell) out[n++] = town;
        }
    }
    return n;
  }
}

const wrap = (x: number, columns: number) => ((x % columns) + columns) % columns;

function cellKey(tier: Tier, lat: number, lon: number): number {
  const columns = tier.columns;
  return (
    Math.floor(lat / tier.cellDegrees) * columns + wrap(Math.floor(lon / tier.cellDegrees), columns)
  );
}
