/**
 * @file `fotoglot people` (list), `people name`, `people merge` and `people hide`: the persons
 * faces were grouped into ([Note: Persons]), and the user's decisions about them, through the
 * same channels as the app.
 */
import type { Command } from 'commander';
import type { ChannelValue } from '../../../shared/contract';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';

type Run = (code: number) => void;
type Person = ChannelValue<'people:name'>;

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** A person id as typed. */
function personId(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`"${text}" is not a person id (see "fotoglot people").`);
  return Number(text);
}

function line(p: Person): string {
  return `${String(p.id).padStart(5)}  ${p.name ?? '(unnamed)'}  (${plural(p.faces, 'face', 'faces')} in ${plural(p.photos, 'photo', 'photos')})${p.hidden ? ', hidden' : ''}\n`;
}

function list(people: ChannelValue<'people:list'>): string {
  const out: string[] = [];
  if (people.persons.length === 0 && people.singles.length === 0)
    out.push('No persons yet: faces are found as "fotoglot index" processes photos.\n');
  out.push(...people.persons.map(line));
  if (people.singles.length > 0)
    out.push(
      `${plural(people.singles.length, 'other face was', 'other faces were')} seen only once (not listed).\n`,
    );
  if (people.hidden.length > 0)
    out.push(`${plural(people.hidden.length, 'person is', 'persons are')} hidden.\n`);
  const unfound = people.regionsWithoutFace ?? [];
  if (unfound.length > 0)
    out.push(
      `Named in the files by other apps, but no face found there: ${unfound
        .map((r) => `${r.name} (${plural(r.photos, 'photo', 'photos')})`)
        .join(', ')}.\n`,
    );
  return out.join('');
}

export function addPeopleCommands(program: Command, setExit: Run): void {
  const global = (): GlobalOptions => program.opts<GlobalOptions>();
  const people = program
    .command('people')
    .description('list the persons found in your photos: named first, then by number of faces')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { json?: boolean }) => {
      await withHandlers(global(), async (handlers) => {
        const listed = await handlers['people:list'](undefined);
        process.stdout.write(opts.json ? `${JSON.stringify(listed)}\n` : list(listed));
      });
      setExit(0);
    });

  people
    .command('name')
    .description('name (or rename) a person; the name stays through re-indexing')
    .argument('<person>', 'the person’s id (see "fotoglot people")')
    .argument('<name...>', 'the name')
    .action(async (id: string, name: string[]) => {
      const args = { id: personId(id), name: name.join(' ') };
      await withHandlers(global(), async (handlers) => {
        process.stdout.write(line(await handlers['people:name'](args)));
      });
      setExit(0);
    });

  people
    .command('merge')
    .description('these persons are one: the first keeps its id (and its name, else takes one)')
    .argument('<persons...>', 'two or more person ids (see "fotoglot people")')
    .action(async (ids: string[]) => {
      const parsed = ids.map(personId);
      if (parsed.length < 2) throw new UsageError('Name at least two persons to merge.');
      await withHandlers(global(), async (handlers) => {
        process.stdout.write(line(await handlers['people:merge']({ ids: parsed })));
      });
      setExit(0);
    });

  people
    .command('write-sidecars')
    .description(
      'write every named face to the XMP sidecars of its photos (MWG regions other apps read)',
    )
    .action(async () => {
      await withHandlers(global(), async (handlers) => {
        const { files } = await handlers['people:writeSidecars'](undefined);
        process.stdout.write(
          `Named faces written to the sidecars of ${plural(files, 'file', 'files')}.\n`,
        );
      });
      setExit(0);
    });

  people
    .command('hide')
    .description('hide a person from the list (--show shows them again)')
    .argument('<person>', 'the person’s id (see "fotoglot people")')
    .option('--show', 'show the person again')
    .action(async (id: string, opts: { show?: boolean }) => {
      const args = { id: personId(id), hidden: opts.show !== true };
      await withHandlers(global(), async (handlers) => {
        process.stdout.write(line(await handlers['people:hide'](args)));
      });
      setExit(0);
    });
}
