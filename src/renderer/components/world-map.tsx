/**
 * @file The Places view's world map, drawn offline: Natural Earth country outlines (npm
 * world-atlas, loaded with the view) projected by d3-geo into an SVG, with the library's photo
 * counts as circles at their towns. Circles group by distance on screen (map-clusters.ts) and
 * split as the user zooms with the wheel or the buttons; the map pans by dragging. No tiles are
 * fetched unless the user turned online tiles on ([Note: Online map tiles]): then the map is in
 * Mercator with the tiles under the outlines. Photos placed only to a region or country (no
 * town) are drawn at their positions' centre as an approximate circle (dashed, "approximate").
 */
import { geoMercator, geoNaturalEarth1, geoPath } from 'd3-geo';
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { FeatureCollection } from 'geojson';
import type { Topology } from 'topojson-specification';
import { circleRadius, clusterPlace, clusterPoints, type MapPoint } from '../map-clusters';
import { visibleTiles, type TileFrame } from '../map-tiles';

/** The map's own coordinate space (the SVG's viewBox); it scales to the view's width. */
const width = 960;
const height = 480;
const minZoom = 1;
const maxZoom = 64;

/** The Mercator world square (tiles on): as wide as the map, centred on the equator. */
const tileFrame: TileFrame = { size: width, top: height / 2 - width / 2 };

/** A town with photos, as the map needs it (or a region's photos outside every town). */
export interface MapTown {
  /** `town:<id>`, or `region:<id>` for an approximate circle. */
  key: string;
  name: string;
  region: number;
  country: string;
  lat: number;
  lon: number;
  photos: number;
  /** Placed only to a region (no town): drawn where its photos are, marked approximate. */
  approximate?: boolean;
}

/** The outlines, loaded once for every visit of the view (a separate chunk of the bundle). */
let outlines: Promise<FeatureCollection> | null = null;
function loadOutlines(): Promise<FeatureCollection> {
  outlines ??= import('world-atlas/countries-50m.json').then((m) => {
    const topology = m.default as unknown as Topology;
    const countries = topology.objects.countries;
    if (!countries) throw new Error('world-atlas has no countries');
    return feature(topology, countries) as FeatureCollection;
  });
  return outlines;
}

interface View {
  k: number;
  x: number;
  y: number;
}

/** Zooms by `factor` keeping the map point under (cx, cy) where it is. */
function zoomAt(view: View, factor: number, cx: number, cy: number): View {
  const k = Math.min(maxZoom, Math.max(minZoom, view.k * factor));
  const f = k / view.k;
  return { k, x: cx - (cx - view.x) * f, y: cy - (cy - view.y) * f };
}

export function WorldMap({
  towns,
  tiles = null,
  onShowPlace,
}: {
  towns: readonly MapTown[];
  /** The tile server's `{z}/{x}/{y}` address while online tiles are on; null: offline only. */
  tiles?: string | null;
  /** Called with a place key when a circle standing for one place is clicked. */
  onShowPlace: (key: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const [land, setLand] = useState<FeatureCollection | null>(null);
  const [view, setView] = useState<View>({ k: 1, x: 0, y: 0 });
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ distance: number } | null>(null);
  /** Whether the pointer just panned the map: the click that ends a drag opens nothing. */
  const dragged = useRef(false);

  useEffect(() => {
    let live = true;
    void loadOutlines().then((f) => {
      if (live) setLand(f);
    });
    return () => {
      live = false;
    };
  }, []);

  const projection = useMemo(
    () =>
      tiles
        ? geoMercator()
            .scale(width / (2 * Math.PI))
            .translate([width / 2, height / 2])
        : geoNaturalEarth1().fitSize([width, height], land ?? { type: 'Sphere' }),
    [land, tiles],
  );
  const paths = useMemo(() => {
    if (!land) return [];
    const path = geoPath(projection);
    return land.features.map((f, i) => ({ id: String(f.id ?? i), d: path(f) ?? '' }));
  }, [land, projection]);

  const names = new Map(
    towns.map((town) => [
      town.key,
      town.approximate ? t('places.approximate', { name: town.name }) : town.name,
    ]),
  );
  const approximate = new Set(towns.filter((town) => town.approximate).map((town) => town.key));
  const points: MapPoint[] = towns.flatMap((town) => {
    const at = projection([town.lon, town.lat]);
    if (!at) return [];
    return [{ ...town, x: at[0] * view.k + view.x, y: at[1] * view.k + view.y }];
  });
  const clusters = clusterPoints(points, 28);

  // The wheel zooms the map, not the page: a non-passive listener may prevent the scroll.
  useEffect(() => {
    const element = svg.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const cx = ((event.clientX - box.left) / box.width) * width;
      const cy = ((event.clientY - box.top) / box.height) * height;
      setView((v) => zoomAt(v, event.deltaY < 0 ? 1.5 : 1 / 1.5, cx, cy));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      element.removeEventListener('wheel', onWheel);
    };
  }, []);

  const toMap = (event: PointerEvent) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box) return { x: 0, y: 0 };
    return { x: (event.movementX / box.width) * width, y: (event.movementY / box.height) * height };
  };

  return (
    <figure className={tiles ? 'world-map with-tiles' : 'world-map'}>
      <div className="map-buttons">
        <button
          type="button"
          aria-label={t('places.zoomIn')}
          onClick={() => {
            setView((v) => zoomAt(v, 2, width / 2, height / 2));
          }}
        >
          +
        </button>
        <button
          type="button"
          aria-label={t('places.zoomOut')}
          onClick={() => {
            setView((v) => zoomAt(v, 0.5, width / 2, height / 2));
          }}
        >
          −
        </button>
        <button
          type="button"
          onClick={() => {
            setView({ k: 1, x: 0, y: 0 });
          }}
        >
          {t('places.reset')}
        </button>
      </div>
      <svg
        ref={svg}
        viewBox={`0 0 ${String(width)} ${String(height)}`}
        role="group"
        aria-label={t('places.map')}
        data-zoom={view.k}
        onPointerDown={() => {
          drag.current = { distance: 0 };
          dragged.current = false;
        }}
        onPointerMove={(event) => {
          if (!drag.current || event.buttons === 0) return;
          const d = toMap(event);
          drag.current.distance += Math.abs(event.movementX) + Math.abs(event.movementY);
          setView((v) => ({ ...v, x: v.x + d.x, y: v.y + d.y }));
        }}
        onPointerUp={() => {
          // A few pixels of a shaking hand are still a click.
          dragged.current = (drag.current?.distance ?? 0) > 4;
          drag.current = null;
        }}
      >
        <g transform={`translate(${String(view.x)} ${String(view.y)}) scale(${String(view.k)})`}>
          {tiles
            ? visibleTiles(tiles, tileFrame, view, width, height).map((tile) => (
                <image
                  key={tile.key}
                  className="map-tile"
                  href={tile.url}
                  x={tile.x}
                  y={tile.y}
                  width={tile.size}
                  height={tile.size}
                  preserveAspectRatio="none"
                />
              ))
            : null}
          {paths.map((p) => (
            <path key={p.id} d={p.d} className="map-country" vectorEffect="non-scaling-stroke" />
          ))}
        </g>
        {clusters.map((cluster) => {
          const place = clusterPlace(cluster);
          const first = cluster.points[0];
          const name =
            cluster.points.length === 1 && first
              ? (names.get(first.key) ?? '')
              : cluster.points.map((p) => names.get(p.key) ?? '').join(', ');
          const label = `${name}: ${t('places.photos', { count: cluster.photos })}`;
          const act = () => {
            if (dragged.current) return;
            // A circle spanning countries has no one place: it zooms in, where it splits.
            if (place) onShowPlace(place, name);
            else setView((v) => zoomAt(v, 4, cluster.x, cluster.y));
          };
          return (
            <g
              key={cluster.points.map((p) => p.key).join()}
              className={
                cluster.points.every((p) => approximate.has(p.key))
                  ? 'map-cluster map-approximate'
                  : 'map-cluster'
              }
              role="button"
              tabIndex={0}
              aria-label={label}
              onClick={act}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  dragged.current = false;
                  act();
                }
              }}
            >
              <title>{label}</title>
              <circle cx={cluster.x} cy={cluster.y} r={circleRadius(cluster.photos)} />
              <text x={cluster.x} y={cluster.y} dy="0.35em" textAnchor="middle">
                {cluster.photos}
              </text>
            </g>
          );
        })}
      </svg>
      {tiles ? (
        <figcaption className="attribution">{t('places.tilesAttribution')}</figcaption>
      ) : null}
    </figure>
  );
}
