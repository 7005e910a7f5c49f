/**
 * @file `npm run bench:places`: how right and how fast the place lookup is ([Note: Place lookup]).
 * Accuracy on bench/places-points.ts (country, region, town vs the known answer), next to the
 * nearest-town baseline (the country and town of the nearest GeoNames place, as Immich does) in
 * the same run; lookup cost for 100,000 positions near real towns; loading cost and memory.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import exifr from 'exifr';
import path from 'node:path';
import { readPlaceDb, placeDbFile, type PlaceData } from '../src/main/places/place-db';
import { ReverseGeocoder, distanceKm } from '../src/main/places/reverse-geocoder';
import { knownPoints, type KnownPoint } from './places-points';

/** Every JPEG and HEIC file under `dir`. */
function listPhotos(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(jpe?g|heic)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

interface Verdict {
  country: boolean;
  region: boolean | null;
  town: boolean | null;
}

function judge(
  p: KnownPoint,
  country: string | null,
  region: string | null,
  town: string | null,
): Verdict {
  return {
    country:
      p.country.length === 0 ? country === null : country !== null && p.country.includes(country),
    region: p.region === undefined ? null : region === p.region,
    town:
      p.town === undefined
        ? null
        : p.town === null
          ? town === null
          : town !== null && p.town.includes(town),
  };
}

function nearestTown(data: PlaceData, lat: number, lon: number) {
  let best = data.towns[0];
  let bestKm = Infinity;
  for (const t of data.towns) {
    const km = distanceKm(lat, lon, t.lat, t.lon);
    if (km < bestKm) [best, bestKm] = [t, km];
  }
  return best;
}

function score(verdicts: Verdict[], key: keyof Verdict): string {
  const judged = verdicts.filter((v) => v[key] !== null);
  const right = judged.filter((v) => v[key] === true).length;
  return `${String(right)}/${String(judged.length)}`;
}

async function main() {
  const file = placeDbFile(path.resolve('models'));
  let t = performance.now();
  const data = readPlaceDb(file);
  const readMs = performance.now() - t;
  t = performance.now();
  const geocoder = new ReverseGeocoder(data);
  const indexMs = performance.now() - t;
  const regionCode = new Map(data.regions.map((r) => [r.id, r.code]));
  const townName = new Map(data.towns.map((r) => [r.id, r.name]));

  const ours: Verdict[] = [];
  const base: Verdict[] = [];
  const misses: string[] = [];
  const byKind = new Map<string, { ours: Verdict[]; base: Verdict[] }>();
  for (const p of knownPoints) {
    const a = geocoder.lookup(p.lat, p.lon);
    const v = judge(
      p,
      a.country,
      a.region === null ? null : (regionCode.get(a.region) ?? null),
      a.town === null ? null : (townName.get(a.town) ?? null),
    );
    const n = nearestTown(data, p.lat, p.lon);
    const b = judge(p, n?.country ?? null, null, n?.name ?? null);
    b.region = null;
    ours.push(v);
    base.push(b);
    const kind = byKind.get(p.kind) ?? { ours: [], base: [] };
    kind.ours.push(v);
    kind.base.push(b);
    byKind.set(p.kind, kind);
    if (!v.country || v.region === false || v.town === false)
      misses.push(
        `${p.label}: got ${String(a.country)} / ${String(a.region === null ? null : regionCode.get(a.region))} / ${String(a.town === null ? null : townName.get(a.town))}`,
      );
  }

  console.log(
    '| points | country (ours) | country (nearest town) | region (ours) | town (ours) | town (nearest town) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [kind, v] of [...byKind, ['all', { ours, base }] as const])
    console.log(
      `| ${kind} (${String(v.ours.length)}) | ${score(v.ours, 'country')} | ${score(v.base, 'country')} | ${score(v.ours, 'region')} | ${score(v.ours, 'town')} | ${score(v.base, 'town')} |`,
    );
  if (misses.length) console.log(`\nmisses:\n${misses.join('\n')}`);

  // The real photos with GPS in ../shared/data/photos, as the app reads them (exifr).
  const photos = path.resolve('../shared/data/photos/exif-samples');
  if (existsSync(photos)) {
    console.log('\n| photo | position | place (en) |\n| --- | --- | --- |');
    for (const file of listPhotos(photos)) {
      const gps = await exifr.gps(file).catch(() => null);
      if (!gps) continue;
      const answer = geocoder.lookup(gps.latitude, gps.longitude);
      const n = geocoder.names(answer, 'en');
      console.log(
        `| ${path.relative(photos, file)} | ${gps.latitude.toFixed(4)}, ${gps.longitude.toFixed(4)} | ${[n.town, n.region, n.country].filter(Boolean).join(', ') || (answer.reason ?? '—')} |`,
      );
    }
  }

  // Speed: 100,000 positions within a few km of real towns (where photos are taken), and the
  // same number spread over the globe (mostly sea: the slow path).
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nearTowns = Array.from({ length: 100_000 }, () => {
    const town = data.towns[Math.floor(random() * data.towns.length)] ?? data.towns[0];
    return [
      (town?.lat ?? 0) + (random() - 0.5) * 0.05,
      (town?.lon ?? 0) + (random() - 0.5) * 0.05,
    ] as const;
  });
  const anywhere = Array.from(
    { length: 100_000 },
    () => [random() * 180 - 90, random() * 360 - 180] as const,
  );
  for (const [label, points] of [
    ['near towns', nearTowns],
    ['anywhere', anywhere],
  ] as const) {
    // Wall clock and this process's CPU time: on a machine shared with other work the CPU time
    // is the figure that says what a lookup costs (the wall clock includes waiting for a core).
    t = performance.now();
    const cpu = process.cpuUsage();
    for (const [lat, lon] of points) geocoder.lookup(lat, lon);
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.log(
      `100,000 lookups ${label}: ${(ms / 1000).toFixed(2)} s (${((ms / 100_000) * 1000).toFixed(0)} µs each); CPU ${(cpuMs / 1000).toFixed(2)} s`,
    );
  }
  console.log(
    `load: read ${(readMs / 1000).toFixed(2)} s, index ${(indexMs / 1000).toFixed(2)} s; ` +
      `database ${(readFileSync(file).length / 1e6).toFixed(1)} MB; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}

await main();
