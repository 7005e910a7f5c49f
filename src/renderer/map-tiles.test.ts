import { describe, expect, it } from 'vitest';
import { tileUrl, tileZoom, visibleTiles } from './map-tiles';

const frame = { size: 960, top: -240 };
const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

describe('online map tiles ([Note: Online map tiles])', () => {
  it('fills a template', () => {
    expect(tileUrl(osm, 3, 4, 2)).toBe('https://tile.openstreetmap.org/3/4/2.png');
  });

  it('the whole-world view asks for the few tiles of the view, none beyond the poles', () => {
    const tiles = visibleTiles(osm, frame, { k: 1, x: 0, y: 0 }, 960, 480);
    expect(tileZoom(frame, 1)).toBe(1);
    // Zoom 1: 2 × 2 tiles of 480 units; the 480-unit-high view (Mercator ±66°) cuts through both rows.
    expect(tiles.map((t) => t.key).sort()).toEqual(['1/0/0', '1/0/1', '1/1/0', '1/1/1']);
    expect(tiles[0]).toMatchObject({ x: 0, y: -240, size: 480 });
  });

  it('zooming in asks for finer tiles of the part shown only', () => {
    // Zoomed 16× into the map's centre (0°, 0°).
    const k = 16;
    const view = { k, x: 480 - 480 * k, y: 240 - 240 * k };
    const tiles = visibleTiles(osm, frame, view, 960, 480);
    const z = tileZoom(frame, k);
    expect(z).toBe(5);
    expect(tiles.length).toBeLessThanOrEqual(12);
    for (const t of tiles) {
      const [, x, y] = t.key.split('/').map(Number);
      expect(x).toBeGreaterThanOrEqual(14);
      expect(x).toBeLessThanOrEqual(17);
      expect(y).toBeGreaterThanOrEqual(15);
      expect(y).toBeLessThanOrEqual(16);
    }
  });
});
