import { describe, expect, it } from 'vitest';
import { clusterPlace, clusterPoints, type MapPoint } from './map-clusters';

const point = (key: string, x: number, y: number, photos: number, region = 1, country = 'IT') =>
  ({ key, x, y, photos, region, country }) satisfies MapPoint;

/** The one circle `points` make at `radius`. */
function one(points: MapPoint[], radius: number) {
  const [only, ...rest] = clusterPoints(points, radius);
  if (!only || rest.length > 0) throw new Error('expected one circle');
  return only;
}

describe('map clusters', () => {
  const arezzo = point('town:1', 100, 100, 9);
  const nearby = point('town:2', 110, 104, 3);
  const florence = point('town:3', 60, 60, 4, 2);
  const paris = point('town:4', 400, 50, 2, 7, 'FR');

  it('puts towns within the radius into one circle at their weighted centre', () => {
    const [one, ...rest] = clusterPoints([nearby, arezzo], 20);
    expect(rest).toEqual([]);
    expect(one?.photos).toBe(12);
    expect(one?.x).toBeCloseTo(102.5);
    expect(one?.points.map((p) => p.key)).toEqual(['town:1', 'town:2']);
  });

  it('splits them when they are farther apart on screen (zoomed in)', () => {
    const zoomed = [arezzo, nearby].map((p) => ({ ...p, x: p.x * 8, y: p.y * 8 }));
    expect(clusterPoints(zoomed, 20)).toHaveLength(2);
  });

  it('searches a circle by its town, shared region or country, or not at all across countries', () => {
    const circles = (r: number) => clusterPoints([arezzo, nearby, florence, paris], r);
    expect(circles(5).map(clusterPlace)).toEqual(['town:1', 'town:3', 'town:2', 'town:4']);
    expect(clusterPlace(one([arezzo, nearby], 50))).toBe('region:1');
    expect(clusterPlace(one([arezzo, florence], 100))).toBe('country:IT');
    expect(clusterPlace(one([arezzo, paris], 1000))).toBeNull();
  });
});
