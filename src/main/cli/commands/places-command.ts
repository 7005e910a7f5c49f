/**
 * @file `fotoglot places` (where the library's photos were taken: countries → regions → towns
 * with counts) and `fotoglot place set` (the place of photos, as a user decision;
 * [Note: Photo places]), through the same channels as the app.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { PlaceTree } from '../../../shared/place-schemas';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';

type Run = (code: number) => void;

const count = (n: { photos: number; inferred: number }) =>
  `${String(n.photos)}${n.inferred > 0 ? ` (${String(n.inferred)} inferred)` : ''}`;

function tree(places: PlaceTree): string {
  const out: string[] = [];
  if (places.problem) out.push(`Places cannot be found: ${places.problem}\n`);
  if (places.countries.length === 0 && !places.problem)
    out.push(
      'No photo has a place yet: places come from GPS positions in photos, or "fotoglot place set".\n',
    );
  for (const c of places.countries) {
    out.push(`${c.name} [${c.code}]  ${count(c)}\n`);
    for (const r of c.regions) {
      out.push(`  ${r.name}  ${count(r)}\n`);
      for (const t of r.towns) out.push(`    ${t.name}  ${count(t)}  (place ${String(t.id)})\n`);
      if (r.elsewhere > 0 && r.towns.length > 0)
        out.push(`    (no town nearby)  ${String(r.elsewhere)}\n`);
    }
  }
  if (places.unplaced > 0) out.push(`${String(places.unplaced)} without a place.\n`);
  return out.join('');
}

/** A coordinate as typed, within its range. */
function coordinate(text: string | undefined, name: string, limit: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || Math.abs(value) > limit)
    throw new UsageError(
      `--${name} must be a number from −${String(limit)} to ${String(limit)}, not "${text}".`,
    );
  return value;
}

export function addPlacesCommands(program: Command, setExit: Run): void {
  const global = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('places')
    .description('where your photos were taken: countries, regions and towns with counts')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { json?: boolean }) => {
      await withHandlers(global(), async (handlers) => {
        // Place whatever is pending first, so the counts are whole.
        await handlers['jobs:run'](undefined);
        const places = await handlers['places:tree'](undefined);
        process.stdout.write(opts.json ? `${JSON.stringify(places)}\n` : tree(places));
      });
      setExit(0);
    });

  program
    .command('place')
    .description(
      'set where photos were taken (kept as your decision; never written into the photos)',
    )
    .command('set')
    .argument('<files...>', 'photos in the library')
    .option('--lat <degrees>', 'latitude, −90 to 90 (with --lon)')
    .option('--lon <degrees>', 'longitude, −180 to 180 (with --lat)')
    .option('--place <id>', 'a town by its place id (see "fotoglot places")')
    .option('--clear', 'take your place away: the photo’s own GPS counts again')
    .action(
      async (
        files: string[],
        opts: { lat?: string; lon?: string; place?: string; clear?: boolean },
      ) => {
        const lat = coordinate(opts.lat, 'lat', 90);
        const lon = coordinate(opts.lon, 'lon', 180);
        const chosen = [
          lat !== undefined || lon !== undefined,
          opts.place !== undefined,
          opts.clear === true,
        ];
        if (chosen.filter(Boolean).length !== 1)
          throw new UsageError('Say where: --lat and --lon, or --place <id>, or --clear.');
        if ((lat === undefined) !== (lon === undefined))
          throw new UsageError('--lat and --lon go together.');
        if (opts.place !== undefined && !/^\d+$/.test(opts.place))
          throw new UsageError(`"${opts.place}" is not a place id (see "fotoglot places").`);
        const to =
          lat !== undefined && lon !== undefined
            ? { lat, lon }
            : opts.place !== undefined
              ? { town: Number(opts.place) }
              : null;
        await withHandlers(global(), async (handlers) => {
          const ids: number[] = [];
          for (const file of files)
            ids.push((await handlers['photos:resolve']({ path: path.resolve(file) })).id);
          const { updated } = await handlers['places:set']({ ids, to });
          process.stdout.write(
            `${String(updated)} ${updated === 1 ? 'photo' : 'photos'} ${to ? 'placed' : 'back to their own place'}.\n`,
          );
        });
        setExit(0);
      },
    );
}
