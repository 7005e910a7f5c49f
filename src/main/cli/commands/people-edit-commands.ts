/**
 * @file `fotoglot people show|split|move|not|cover`: a person's faces and photos, and the
 * corrections the People view makes, with persons by id or name (person-argument.ts). Journaled
 * like every decision ([Note: Persons]).
 */
import type { Command } from 'commander';
import type { ChannelValue } from '../../../shared/contract';
import type { Handlers } from '../../handlers/handler-types';
import { wholeNumber } from '../arguments';
import { withHandlers, type GlobalOptions } from '../open-core';
import { personLine, resolvePerson, wantsJson } from './person-argument';

type Run = (code: number) => void;
type Card = ChannelValue<'photos:cards'>['photos'][number];

/** Face ids as typed. */
const faceIds = (texts: readonly string[]) => texts.map((t) => wholeNumber(t, 'a face id', 1));

/** The grid cards of these photos (path, date), by id; `photos:cards` takes 1000 at a time. */
export async function cardsOf(
  handlers: Handlers,
  photoIds: readonly number[],
): Promise<Map<number, Card>> {
  const out = new Map<number, Card>();
  for (let i = 0; i < photoIds.length; i += 1000) {
    const { photos } = await handlers['photos:cards']({ ids: photoIds.slice(i, i + 1000) });
    for (const p of photos) out.set(p.id, p);
  }
  return out;
}

const fixed = (n: number) => n.toFixed(3);

export function addPeopleEditCommands(people: Command, global: () => GlobalOptions, setExit: Run) {
  people
    .command('show')
    .description('a person: their faces (with ids for split, move, not and cover) and photos')
    .argument('<person>', 'the person’s id or name')
    .option('--json', 'print machine-readable JSON')
    .action(async (who: string, opts: { json?: boolean }) => {
      await withHandlers(global(), async (handlers) => {
        const person = resolvePerson(who, await handlers['people:list'](undefined));
        const { faces } = await handlers['people:faces']({ id: person.id });
        const { photos } = await handlers['people:photos']({ id: person.id });
        const photoIds = photos.map((p) => p.id);
        const cards = await cardsOf(handlers, [
          ...new Set([...photoIds, ...faces.map((f) => f.photoId)]),
        ]);
        const shown = {
          person,
          faces: faces.map((f) => ({
            id: f.id,
            photoId: f.photoId,
            path: cards.get(f.photoId)?.path ?? null,
            box: f.box,
            assignedBy: f.assignedBy,
          })),
          photos: photoIds.map((id) => ({
            id,
            path: cards.get(id)?.path ?? null,
            capturedAt: cards.get(id)?.capturedAt ?? null,
          })),
        };
        if (opts.json === true || wantsJson(people)) {
          process.stdout.write(`${JSON.stringify(shown)}\n`);
          return;
        }
        const out = [personLine(person), 'Faces (id, photo, box x y w h):\n'];
        for (const f of shown.faces)
          out.push(
            `${String(f.id).padStart(7)}  ${f.path ?? `photo ${String(f.photoId)}`}  ${f.box.map(fixed).join(' ')}${f.assignedBy === 'user' ? '  (placed by you)' : ''}\n`,
          );
        out.push('Photos, newest first:\n');
        for (const p of shown.photos)
          out.push(
            `  ${(p.capturedAt ?? 'no date').slice(0, 16).replace('T', ' ').padEnd(16)}  ${p.path ?? `photo ${String(p.id)}`}\n`,
          );
        process.stdout.write(out.join(''));
      });
      setExit(0);
    });

  people
    .command('split')
    .description('these faces are a person of their own (see "fotoglot people show" for ids)')
    .argument('<faces...>', 'face ids')
    .option('--name <name>', 'name the new person')
    .action(async (ids: string[], opts: { name?: string }) => {
      const faces = faceIds(ids);
      await withHandlers(global(), async (handlers) => {
        const { id } = await handlers['people:split']({ faceIds: faces });
        const person = opts.name
          ? await handlers['people:name']({ id, name: opts.name })
          : resolvePerson(String(id), await handlers['people:list'](undefined));
        process.stdout.write(personLine(person));
      });
      setExit(0);
    });

  people
    .command('move')
    .description('these faces are this person ("this is Anna")')
    .argument('<faces...>', 'face ids')
    .requiredOption('--to <person>', 'the person’s id or name')
    .action(async (ids: string[], opts: { to: string }) => {
      const faces = faceIds(ids);
      await withHandlers(global(), async (handlers) => {
        const person = resolvePerson(opts.to, await handlers['people:list'](undefined));
        process.stdout.write(
          personLine(await handlers['people:move']({ faceIds: faces, person: person.id })),
        );
      });
      setExit(0);
    });

  people
    .command('not')
    .description('these faces are not this person; they never join them again')
    .argument('<faces...>', 'face ids')
    .requiredOption('--from <person>', 'the person’s id or name')
    .action(async (ids: string[], opts: { from: string }) => {
      const faces = faceIds(ids);
      await withHandlers(global(), async (handlers) => {
        const person = resolvePerson(opts.from, await handlers['people:list'](undefined));
        await handlers['people:notThis']({ faceIds: faces, person: person.id });
        const listed = await handlers['people:list'](undefined);
        process.stdout.write(personLine(resolvePerson(String(person.id), listed)));
      });
      setExit(0);
    });

  people
    .command('cover')
    .description('the face shown for a person (one of their own)')
    .argument('<person>', 'the person’s id or name')
    .argument('<face>', 'a face id (see "fotoglot people show")')
    .action(async (who: string, face: string) => {
      const faceId = wholeNumber(face, 'a face id', 1);
      await withHandlers(global(), async (handlers) => {
        const person = resolvePerson(who, await handlers['people:list'](undefined));
        await handlers['people:cover']({ person: person.id, face: faceId });
        process.stdout.write(`${personLine(person).trimEnd()}  shown by face ${face}\n`);
      });
      setExit(0);
    });
}
