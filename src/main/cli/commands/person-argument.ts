/**
 * @file A person on the command line: as typed, an id or a name compared without case and
 * accents ("anna", "ANNA" and "Änna" are Anna), with a message saying what to do when no
 * person or several have it; and as printed, one line.
 */
import type { Command } from 'commander';
import type { ChannelValue } from '../../../shared/contract';
import { UsageError } from '../usage-error';

type Listed = ChannelValue<'people:list'>;
type Person = Listed['persons'][number];

/** A name folded for comparison: compatibility forms, accents, case and spaces away. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('und')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every person of the lists: main, single faces and hidden. */
export const everyone = (listed: Listed): Person[] => [
  ...listed.persons,
  ...listed.singles,
  ...listed.hidden,
];

/** The person `text` names (an id, else a name); a UsageError when none or several do. */
export function resolvePerson(text: string, listed: Listed): Person {
  const all = everyone(listed);
  if (/^\d+$/.test(text)) {
    const found = all.find((p) => p.id === Number(text));
    if (!found) throw new UsageError(`There is no person ${text} (see "fotoglot people").`);
    return found;
  }
  const wanted = foldName(text);
  if (wanted === '') throw new UsageError('Give a person’s id or name (see "fotoglot people").');
  const matches = all.filter((p) => p.name !== null && foldName(p.name) === wanted);
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length === 0)
    throw new UsageError(
      `No person is named "${text}". See "fotoglot people" for ids and names; name a person with "fotoglot people name <id> ${text}".`,
    );
  throw new UsageError(
    `${String(matches.length)} persons are named "${text}" (${matches
      .map((p) => `${String(p.id)} ${p.name ?? ''}`)
      .join(', ')}): give the id instead, or rename one with "fotoglot people name <id> <name>".`,
  );
}

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** A person as one line: id, name, faces and photos. */
export function personLine(p: Person): string {
  return `${String(p.id).padStart(5)}  ${p.name ?? '(unnamed)'}  (${plural(p.faces, 'face', 'faces')} in ${plural(p.photos, 'photo', 'photos')})${p.hidden ? ', hidden' : ''}\n`;
}

/**
 * Whether `--json` was given to `people` itself: commander hands an option the parent command
 * also has to the parent, wherever it stands ("people show 3 --json").
 */
export const wantsJson = (people: Command): boolean =>
  people.opts<{ json?: boolean }>().json === true;
