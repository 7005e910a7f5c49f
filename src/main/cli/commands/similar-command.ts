/** @file `fotoglot similar <file>` and `fotoglot duplicates`. */
import path from 'node:path';
import type { Command } from 'commander';
import { assertNever } from '../../../shared/assert-never';
import type { DuplicateGroup } from '../../../shared/search-schemas';
import { wholeNumber } from '../arguments';
import { withHandlers, type GlobalOptions } from '../open-core';

type Run = (code: number) => void;

export function addSimilarCommands(program: Command, setExit: Run): void {
  const global = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('similar')
    .description('photos that look like this one')
    .argument('<file>', 'a photo in the library')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, opts: { limit: string; json?: boolean }) => {
      const limit = wholeNumber(opts.limit, '--limit', 1, 500);
      await withHandlers(global(), async (handlers) => {
        const found = await handlers['photos:similar']({
          photo: { path: path.resolve(file) },
          limit,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(found)}\n`);
        else
          for (const r of found.results)
            process.stdout.write(`${r.score.toFixed(3)}  ${r.path ?? '(missing)'}\n`);
        setExit(0);
      });
    });

  program
    .command('duplicates')
    .description(
      'the same file in several places, exact and near copies, bursts; with the copy to keep (never deletes anything)',
    )
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { json?: boolean }) => {
      await withHandlers(global(), async (handlers) => {
        const { groups } = await handlers['photos:duplicates'](undefined);
        if (opts.json) process.stdout.write(`${JSON.stringify({ groups })}\n`);
        else {
          for (const g of groups) {
            process.stdout.write(`${groupTitle(g)}:\n`);
            for (const p of g.photos)
              process.stdout.write(
                `  ${p.match === null ? 'keep  ' : p.marked ? 'marked' : '      '}  ${p.path ?? '(missing)'}\n`,
              );
          }
          if (groups.length === 0) process.stdout.write('No duplicates found.\n');
        }
        setExit(0);
      });
    });
}

/** A group's kind in words (see [Note: Near-duplicates]); a percentage only for near copies. */
function groupTitle(g: DuplicateGroup): string {
  const n = String(g.photos.length);
  switch (g.kind) {
    case 'same-file':
      return `Same file in ${n} places`;
    case 'exact':
      return `Exact copies (${n} files, same pixels)`;
    case 'near':
      return `Near-duplicates (${n} photos, ${String(Math.round((g.similarity ?? 0) * 100))} % alike)`;
    case 'burst':
      return `Burst shots (${n} photos taken seconds apart)`;
    default:
      return assertNever(g.kind);
  }
}
