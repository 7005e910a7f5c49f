/**
 * @file `fotoglot people suggest` and `people answer <n> yes|no`: "Is this Anna?" on the
 * command line ([Note: Person suggestions]). The list is deterministic, so the number shown by
 * `suggest` is the one `answer` takes, as long as nothing changed in between.
 */
import type { Command } from 'commander';
import type { ChannelValue } from '../../../shared/contract';
import { wholeNumber } from '../arguments';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';
import { cardsOf } from './people-edit-commands';
import { personLine, resolvePerson, wantsJson } from './person-argument';

type Run = (code: number) => void;
type Suggestion = ChannelValue<'people:suggestions'>['suggestions'][number];

function suggestionLines(n: number, s: Suggestion, paths: Map<number, string | null>): string {
  const faces = s.faces.length;
  const what = s.whole ? `person ${String(s.from)}` : `faces of person ${String(s.from)}`;
  const head = `${String(n).padStart(3)}. Is this ${s.person.name}? ${what}, ${String(faces)} ${faces === 1 ? 'photo' : 'photos'} (distance ${s.distance.toFixed(3)})\n`;
  const rows = s.faces.map(
    (f) => `       face ${String(f.id)}  ${paths.get(f.photoId) ?? `photo ${String(f.photoId)}`}\n`,
  );
  return head + rows.join('');
}

export function addPeopleSuggestCommands(
  people: Command,
  global: () => GlobalOptions,
  setExit: Run,
) {
  people
    .command('suggest')
    .description('faces that are probably a named person, most helpful first ("Is this Anna?")')
    .option('--json', 'print machine-readable JSON')
    .option('--limit <n>', 'how many (default: 20)')
    .option('--person <person>', 'only for this person (id or name)')
    .action(async (opts: { json?: boolean; limit?: string; person?: string }) => {
      const limit = opts.limit === undefined ? 20 : wholeNumber(opts.limit, '--limit', 1, 500);
      await withHandlers(global(), async (handlers) => {
        const person =
          opts.person === undefined
            ? undefined
            : resolvePerson(opts.person, await handlers['people:list'](undefined)).id;
        const value = await handlers['people:suggestions']({
          limit,
          ...(person === undefined ? {} : { person }),
        });
        if (opts.json === true || wantsJson(people)) {
          process.stdout.write(`${JSON.stringify(value)}\n`);
          return;
        }
        if (value.suggestions.length === 0) {
          process.stdout.write('No suggestions: name persons first, or every face is placed.\n');
          return;
        }
        const cards = await cardsOf(handlers, [
          ...new Set(value.suggestions.flatMap((s) => s.faces.map((f) => f.photoId))),
        ]);
        const paths = new Map([...cards].map(([id, c]) => [id, c.path]));
        const out = value.suggestions.map((s, i) => suggestionLines(i + 1, s, paths));
        out.push('Answer with "fotoglot people answer <number> yes|no".\n');
        process.stdout.write(out.join(''));
      });
      setExit(0);
    });

  people
    .command('answer')
    .description('answer a suggestion: yes moves the faces to the person, no is remembered')
    .argument('<number>', 'the suggestion’s number in "fotoglot people suggest"')
    .argument('<answer>', 'yes or no')
    .option('--person <person>', 'as listed by "fotoglot people suggest --person"')
    .action(async (number: string, answer: string, opts: { person?: string }) => {
      const n = wholeNumber(number, 'The suggestion number', 1, 500);
      const said = answer.toLowerCase();
      if (said !== 'yes' && said !== 'no')
        throw new UsageError(`Answer yes or no, not "${answer}".`);
      await withHandlers(global(), async (handlers) => {
        const person =
          opts.person === undefined
            ? undefined
            : resolvePerson(opts.person, await handlers['people:list'](undefined)).id;
        const { suggestions } = await handlers['people:suggestions']({
          limit: n,
          ...(person === undefined ? {} : { person }),
        });
        const s = suggestions[n - 1];
        if (!s)
          throw new UsageError(
            `There is no suggestion ${number} now (${String(suggestions.length)} listed): see "fotoglot people suggest".`,
          );
        const result = await handlers['people:answer']({
          person: s.person.id,
          faces: s.faces.map((f) => f.id),
          answer: said,
        });
        const faces = `${String(s.faces.length)} ${s.faces.length === 1 ? 'face' : 'faces'}`;
        process.stdout.write(
          said === 'yes'
            ? `Yes: ${faces} moved to ${s.person.name}.\n${personLine(result.person)}`
            : `No: ${faces} will not be suggested for ${s.person.name} again.\n`,
        );
      });
      setExit(0);
    });
}
