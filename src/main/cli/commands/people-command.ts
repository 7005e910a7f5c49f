/**
 * @file `fotoglot people` (list), `people name`, `people merge` and `people hide`: the persons
 * faces were grouped into ([Note: Persons]), and the user's decisions about them, through the
 * same channels as the app. The other `people` subcommands: people-edit-commands.ts
 * (show, split, move, not, cover) and people-suggest-commands.ts (suggest, answer).
 */
import type { Command } from 'commander';
import type { ChannelValue } from '../../../shared/contract';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';
import { addPeopleEditCommands } from './people-edit-commands';
import { addPeopleSuggestCommands } from './people-suggest-commands';
import { personLine as line } from './person-argument';

type Run = (code: number) => void;
const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** A person id as typed. */
function personId(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`"${text}" is not a person id (see "fotoglot people").`);
  return Number(text);
}

/** Single faces listed by id in the plain list; --json has them all. */
const maxSingles = 30;

function list(people: ChannelValue<'people:list'>): string {
  const out: string[] = [];
  if (people.persons.length === 0 && people.singles.length === 0)
    out.push('No persons yet: faces are found as "fotoglot index" processes photos.\n');
  out.push(...people.persons.map(line));
  if (people.singles.length > 0) {
    // Their face ids, so a single face can be moved to a person or split off by id.
    const shown = people.singles.slice(0, maxSingles);
    const ids = shown.map((p) => `${String(p.cover ?? '?')} (person ${String(p.id)})`);
    const more = people.singles.length - shown.length;
    out.push(
      `${plural(people.singles.length, 'other face was', 'other faces were')} seen only once: face ${ids.join(', ')}${more > 0 ? `, and ${String(more)} more ("fotoglot people --json" lists all)` : ''}.\n`,
    );
  }
  if (people.hidden.length > 0)
    out.push(`${plural(people.hidden.length, 'person is', 'persons are')} hidden.\n`);
  const unfound = people.regionsWithoutFace ?? [];
  if (unfound.length > 0)
    out.push(
      `Named in the files by other apps, but no face found there: ${unfound
        .map((r) => `${r.name} (${plural(r.photos, 'photo', 'photos')})`)
        .join(', ')}.\n`,
    );
  if (people.persons.length > 0 || people.singles.length > 0)
    out.push('Faces and their ids: "fotoglot people show <id or name>".\n');
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

  addPeopleEditCommands(people, global, setExit);
  addPeopleSuggestCommands(people, global, setExit);
}
