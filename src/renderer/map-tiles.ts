/**
 * @file Which online map tiles the Places map shows, and where: pure, so it is unit tested.
 *
 * [Note: Online map tiles]
 * The Places map is drawn offline from Natural Earth outlines, and nothing about the library
 * leaves the machine. A user who wants streets and terrain turns "Show online map tiles" on in
 * Settings (off by default); the setting's text says what is sent where: the tile server (by
 * default OpenStreetMap's, any `https://…/{z}/{x}/{y}.png` server the user enters) sees which
 * part of the map is looked at and the IP address; never a photo or its position. Only then
 * does the renderer request tiles: standard XYZ raster tiles in Web Mercator, drawn under the
 * outlines, the map switching to the Mercator projection so they line up, with the tile
 * server's attribution shown. The page's Content-Security-Policy lets images come from that one
 * origin only while the setting is on (content-security-policy.ts, Core.mapTileOrigins), so
 * the page reloads when the setting changes. e2e/places-done.spec.ts proves both ways with
 * request interception: no request leaves with it off; tiles are asked for with it on.
 */

/** The world square of the Mercator map in the map's own units (its width) and where it starts. */
export interface TileFrame {
  /** The map's width (the world square's side). */
  size: number;
  /** Where the world square's top is (Mercator is taller than the map's view). */
  top: number;
}

/** The current pan and zoom: map units shown at (x, y) after scaling by k. */
export interface TileView {
  k: number;
  x: number;
  y: number;
}

/** A tile to draw: its address and its square in map units (before the view's transform). */
export interface PlacedTile {
  key: string;
  url: string;
  x: number;
  y: number;
  size: number;
}

/** Tiles are about this many map units wide on screen (OSM's 256 px at the map's usual size). */
const tileUnits = 256;
const maxZoom = 19;

/** The zoom level for a view: tiles neither blurred nor tiny. */
export function tileZoom(frame: TileFrame, k: number): number {
  return Math.max(0, Math.min(maxZoom, Math.floor(Math.log2((frame.size * k) / tileUnits))));
}

/** The tile address for z/x/y from a `{z}/{x}/{y}` template. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

/**
 * The tiles covering the visible part of the map (`width` × `height` map units on screen) at
 * the view's zoom; none beyond the world's edges (Mercator rows) and columns wrapped.
 */
export function visibleTiles(
  template: string,
  frame: TileFrame,
  view: TileView,
  width: number,
  height: number,
): PlacedTile[] {
  const z = tileZoom(frame, view.k);
  const count = 2 ** z;
  const side = frame.size / count;
  // The screen rectangle in untransformed map units.
  const x0 = -view.x / view.k;
  const x1 = (width - view.x) / view.k;
  const y0 = (0 - view.y) / view.k - frame.top;
  const y1 = (height - view.y) / view.k - frame.top;
  const tiles: PlacedTile[] = [];
  const row0 = Math.max(0, Math.floor(y0 / side));
  const row1 = Math.min(count - 1, Math.floor(y1 / side));
  const col0 = Math.max(0, Math.floor(x0 / side));
  const col1 = Math.min(count - 1, Math.floor(x1 / side));
  for (let row = row0; row <= row1; row++)
    for (let col = col0; col <= col1; col++)
      tiles.push({
        key: `${String(z)}/${String(col)}/${String(row)}`,
        url: tileUrl(template, z, col, row),
        x: col * side,
        y: frame.top + row * side,
        size: side,
      });
  return tiles;
}
