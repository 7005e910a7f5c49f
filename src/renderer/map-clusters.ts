/**
 * @file Photo counts on the Places map grouped by distance on screen: towns closer than a
 * circle's reach share one circle, so the world view shows a few readable circles and zooming
 * in splits them. Pure (no DOM) so it is unit tested.
 */

/** A place with photos at a point on screen. */
export interface MapPoint {
  /** The place's search key (`town:3182884`). */
  key: string;
  region: number;
  country: string;
  x: number;
  y: number;
  photos: number;
}

/** One circle: the points it stands for, drawn at their photo-weighted centre. */
export interface MapCluster {
  points: MapPoint[];
  x: number;
  y: number;
  photos: number;
}

/**
 * Groups points lying within `radius` pixels of a circle's centre. The places with the most
 * photos are placed first, so a big town keeps its circle where it is and the small ones
 * around it join it (rather than a village deciding where the circle for a city goes).
 */
export function clusterPoints(points: readonly MapPoint[], radius: number): MapCluster[] {
  const clusters: MapCluster[] = [];
  const order = [...points].sort((a, b) => b.photos - a.photos || a.key.localeCompare(b.key));
  for (const point of order) {
    const near = clusters.find((c) => Math.hypot(c.x - point.x, c.y - point.y) <= radius);
    if (!near) {
      clusters.push({ points: [point], x: point.x, y: point.y, photos: point.photos });
      continue;
    }
    const photos = near.photos + point.photos;
    near.x = (near.x * near.photos + point.x * point.photos) / photos;
    near.y = (near.y * near.photos + point.y * point.photos) / photos;
    near.photos = photos;
    near.points.push(point);
  }
  return clusters;
}

/**
 * The place a circle's photos are searched by: its town when it holds one, else the region or
 * country all its towns share; null when they span countries (the map zooms in instead).
 */
export function clusterPlace(cluster: MapCluster): string | null {
  const [first] = cluster.points;
  if (!first) return null;
  if (cluster.points.length === 1) return first.key;
  if (cluster.points.every((p) => p.region === first.region))
    return `region:${String(first.region)}`;
  if (cluster.points.every((p) => p.country === first.country)) return `country:${first.country}`;
  return null;
}

/** A circle's radius in pixels: grows with the photos it stands for, readable at both ends. */
export function circleRadius(photos: number): number {
  return Math.min(28, 7 + 2.5 * Math.sqrt(photos));
}
