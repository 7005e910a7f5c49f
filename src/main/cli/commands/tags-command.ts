/** @file `fotoglot tags <file>` (a photo's tags) and `fotoglot tag <folder>` (tag a folder non-interactively). */
import path from 'node:path';
import type { Command } from 'commander';
import { tagLanguage, tagLanguages } from '../../tagging/tag-vocabulary';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';

type Run = (code: number) => void;

function language(code: string | undefined) {
  if (code === undefined) return undefined;
  const lang = tagLanguage(code);
  if (lang === 'en' && !code.toLowerCase().startsWith('en'))
    throw new UsageError(`--lang must be one of ${tagLanguages.join(', ')}, not "${code}".`);
  return lang;
}

export function addTagsCommands(program: Command, setExit: Run): void {
  const global = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('tags')
    .description("a photo's tags: suggested (auto) and accepted, in your language")
    .argument('<file>', 'a photo in the library')
    .option('--lang <code>', `language of tag names (${tagLanguages.join(', ')})`)
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, opts: { lang?: string; json?: boolean }) => {
      const lang = language(opts.lang);
      await withHandlers(global(), async (handlers) => {
        const photo = await handlers['photos:resolve']({ path: path.resolve(file) });
        // Embed and tag whatever is pending first, so the photo's suggestions are there.
        await handlers['jobs:run'](undefined);
        const tags = await handlers['tags:forPhoto']({ photoId: photo.id, lang });
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({
              path: photo.path,
              tags: tags.map((t) => ({
                name: t.name,
                score: t.score,
                source: t.source,
                state: t.state,
              })),
            })}\n`,
          );
        } else {
          for (const t of tags)
            process.stdout.write(
              `${t.name.padEnd(28)} ${t.score === null ? '     ' : t.score.toFixed(2)}  ${t.source}${t.state === 'suggested' ? ' (suggested)' : ''}\n`,
            );
          if (tags.length === 0) process.stdout.write('No tags.\n');
        }
        setExit(0);
      });
    });

  program
    .command('tag')
    .description('index a folder and accept its auto-tags, optionally writing XMP sidecars')
    .argument('<folder>', 'photo folder')
    .option(
      '--write-xmp',
      'also write the tags to <photo>.xmp sidecars (merged with existing ones)',
    )
    .option('--lang <code>', `language of tag names written to XMP (${tagLanguages.join(', ')})`)
    .option('--json', 'print one JSON summary')
    .action(async (folder: string, opts: { writeXmp?: boolean; lang?: string; json?: boolean }) => {
      const lang = language(opts.lang);
      await withHandlers(global(), async (handlers) => {
        const summary = await handlers['library:index']({ folders: [folder], watch: false });
        const root = summary.folders[0] ?? path.resolve(folder);
        const tagged = await handlers['tags:acceptFolder']({
          folder: root,
          writeXmp: opts.writeXmp ?? false,
          lang,
        });
        const result = {
          folder: root,
          photos: tagged.photos,
          tagsAccepted: tagged.accepted,
          sidecarsWritten: tagged.sidecars,
          problems: summary.problems,
        };
        if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else
          process.stdout.write(
            `${String(tagged.photos)} photos, ${String(tagged.accepted)} tags accepted${opts.writeXmp ? `, ${String(tagged.sidecars)} XMP sidecars written` : ''}\n`,
          );
        setExit(0);
      });
    });
}
