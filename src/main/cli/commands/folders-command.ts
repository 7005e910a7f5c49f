/**
 * @file `fotoglot folders` (list), `folders remove`, `folders restore` and `folders forget`:
 * the library's folders from the command line, by the same rules as the app (see [Note:
 * Removed folders]): removing says what happens and how to undo it, and loses nothing.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Handlers } from '../../app-handlers';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';

type Run = (code: number) => void;

interface Named {
  id: number;
  path: string;
}

/** The folder a user named by its id or its path (as typed, or with links resolved). */
function pick<T extends Named>(folders: T[], named: string, where: string): T {
  const asPath = path.resolve(named);
  let real = asPath;
  try {
    real = realpathSync(asPath);
  } catch {
    // A removed folder may be gone from disk: its path as typed still names it.
  }
  const found = /^\d+$/.test(named)
    ? folders.find((f) => f.id === Number(named))
    : folders.find((f) => f.path === asPath || f.path === real);
  if (!found)
    throw new UsageError(
      `"${named}" is not ${where}. ${folders.length > 0 ? `Name one by path or id: ${folders.map((f) => `${String(f.id)} ${f.path}`).join('; ')}.` : 'There is none.'}`,
    );
  return found;
}

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

async function list(handlers: Handlers, removed: boolean, json: boolean): Promise<void> {
  if (removed) {
    const folders = await handlers['library:removedFolders'](undefined);
    if (json) process.stdout.write(`${JSON.stringify(folders)}\n`);
    else if (folders.length === 0) process.stdout.write('No removed folders.\n');
    else
      for (const f of folders)
        process.stdout.write(
          `${String(f.id).padStart(4)}  ${f.path}  (${plural(f.photoCount, 'photo', 'photos')}, removed ${f.removedAt}; "fotoglot folders restore ${String(f.id)}" brings it back)\n`,
        );
    return;
  }
  const folders = await handlers['library:folders'](undefined);
  if (json) process.stdout.write(`${JSON.stringify(folders)}\n`);
  else if (folders.length === 0)
    process.stdout.write('No folders yet: add one with "fotoglot index <folder>".\n');
  else
    for (const f of folders)
      process.stdout.write(
        `${String(f.id).padStart(4)}  ${f.path}  (${plural(f.photoCount, 'photo', 'photos')})\n`,
      );
}

export function addFoldersCommand(program: Command, setExit: Run): void {
  const global = (): GlobalOptions => program.opts<GlobalOptions>();
  const folders = program
    .command('folders')
    .description('list, remove and restore the library’s photo folders')
    .option('--removed', 'list the removed folders (restorable) instead')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { removed?: boolean; json?: boolean }) => {
      await withHandlers(global(), (handlers) =>
        list(handlers, opts.removed === true, opts.json === true),
      );
      setExit(0);
    });

  folders
    .command('remove')
    .description(
      'remove a folder: its photos leave the library; files on disk are untouched, and tags and other decisions are kept for "folders restore"',
    )
    .argument('<folder>', 'the folder’s path or id (see "fotoglot folders")')
    .action(async (named: string) => {
      await withHandlers(global(), async (handlers) => {
        const folder = pick(
          await handlers['library:folders'](undefined),
          named,
          'a library folder',
        );
        const { removedPhotos } = await handlers['library:removeFolder']({ id: folder.id });
        process.stdout.write(
          [
            `Removed ${folder.path}: ${plural(removedPhotos, 'photo', 'photos')} left the library. The files on disk are untouched.`,
            'Their tags (added, accepted, rejected) and your other decisions are kept: they come back with the photos',
            `when you run "fotoglot folders restore ${String(folder.id)}" or add the folder again.`,
            '',
          ].join('\n'),
        );
      });
      setExit(0);
    });

  folders
    .command('restore')
    .description('bring a removed folder back with its photos and every decision, as it was')
    .argument('<folder>', 'the removed folder’s path or id (see "fotoglot folders --removed")')
    .action(async (named: string) => {
      await withHandlers(global(), async (handlers) => {
        const folder = pick(
          await handlers['library:removedFolders'](undefined),
          named,
          'a removed folder',
        );
        const restored = await handlers['library:restoreFolder']({ id: folder.id });
        process.stdout.write(
          `Restored ${restored.path} with ${plural(restored.photoCount, 'photo', 'photos')} and their tags.\n`,
        );
      });
      setExit(0);
    });

  folders
    .command('forget')
    .description(
      'forget a removed folder for good: its photos and their tags are deleted from the library (files on disk stay)',
    )
    .argument('<folder>', 'the removed folder’s path or id (see "fotoglot folders --removed")')
    .action(async (named: string) => {
      await withHandlers(global(), async (handlers) => {
        const folder = pick(
          await handlers['library:removedFolders'](undefined),
          named,
          'a removed folder (remove it first with "fotoglot folders remove")',
        );
        const { forgottenPhotos } = await handlers['library:forgetFolder']({ id: folder.id });
        process.stdout.write(
          `Forgot ${folder.path}: ${plural(forgottenPhotos, 'photo', 'photos')} and their tags are gone from the library; the files on disk are untouched. Adding the folder again imports them as new photos.\n`,
        );
      });
      setExit(0);
    });
}
