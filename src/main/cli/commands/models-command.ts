/** @file `fotoglot models list|install|import|use|verify|remove`. */
import type { Command } from 'commander';
import { openCore, withCore, type GlobalOptions } from '../open-core';
import { progressLine } from '../progress-line';

type Run = (code: number) => void;

/** Adds the `models` command and its subcommands to the program. */
export function addModelsCommand(program: Command, setExit: Run): void {
  const models = program
    .command('models')
    .description('list, install, import, verify, choose and remove models');
  const global = (): GlobalOptions => program.opts<GlobalOptions>();

  models
    .command('list')
    .description('the catalog, with what is installed and active')
    .option('--json', 'print machine-readable JSON')
    .option('--dev', 'include developer models (test-tiny)')
    .action(async (opts: { json?: boolean; dev?: boolean }) => {
      await withCore(global(), (core) => {
        const list = core.models.list(opts.dev ?? false);
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else {
          for (const m of list) {
            const size =
              m.approxBytes === null ? 'size ?' : `${(m.approxBytes / 1e6).toFixed(0)} MB`;
            const flags = [
              m.active ? 'active' : '',
              m.custom ? 'custom' : '',
              m.installed ? 'installed' : '',
              m.verified || m.custom ? '' : 'unverified',
            ]
              .filter(Boolean)
              .join(', ');
            process.stdout.write(
              `${m.id.padEnd(36)} ${size.padStart(9)}  ${m.description}${flags ? ` [${flags}]` : ''}\n`,
            );
          }
        }
        setExit(0);
      });
    });

  models
    .command('install')
    .argument('<id>', 'model id from "fotoglot models list"')
    .description('download a model (resumes an interrupted download)')
    .option('--mirror <url>', 'download from this server instead of Hugging Face')
    .action(async (id: string, opts: { mirror?: string }) => {
      const core = openCore(global());
      const progress = progressLine();
      const abort = new AbortController();
      const cancel = () => {
        abort.abort();
      };
      process.once('SIGINT', cancel);
      try {
        const dir = await core.models.install(id, {
          ...(opts.mirror ? { baseUrl: opts.mirror } : {}),
          signal: abort.signal,
          onProgress: (p) => {
            progress.update(
              `Downloading ${p.modelId}`,
              p.bytes,
              p.totalBytes ?? p.bytes,
              p.rate / 1e6,
              p.etaSeconds,
            );
          },
        });
        progress.finish();
        process.stdout.write(`Installed ${id} in ${dir}.\n`);
        setExit(0);
      } finally {
        process.off('SIGINT', cancel);
        progress.finish();
        await core.dispose();
      }
    });

  models
    .command('import')
    .argument('<dir>', 'a folder with a model in the CLIP layout (for machines without network)')
    .option(
      '--id <id>',
      'catalog id of the model, or a new id for any other Immich-layout export (default: the folder name)',
    )
    .description('install a model from a local folder (checked by loading it first)')
    .action(async (dir: string, opts: { id?: string }) => {
      await withCore(global(), async (core) => {
        const target = await core.models.importFrom(dir, opts.id);
        process.stdout.write(`Imported ${opts.id ?? dir} into ${target}.\n`);
        setExit(0);
      });
    });

  models
    .command('verify')
    .argument('<id>')
    .description('check an installed model file by file')
    .action(async (id: string) => {
      await withCore(global(), async (core) => {
        const problems = await core.models.verify(id);
        if (problems.length === 0) {
          process.stdout.write(`${id} is intact.\n`);
          setExit(0);
        } else {
          process.stderr.write(
            `${id} has problems:\n${problems.map((p) => `  ${p}\n`).join('')}Fix: fotoglot models install ${id}\n`,
          );
          setExit(1);
        }
      });
    });

  models
    .command('use')
    .argument('<id>')
    .description(
      'make an installed model the active one (photos are re-embedded in the background)',
    )
    .action(async (id: string) => {
      await withCore(global(), async (core) => {
        await core.models.use(id);
        process.stdout.write(`${id} is now the active model.\n`);
        setExit(0);
      });
    });

  models
    .command('remove')
    .argument('<id>')
    .description('delete an installed model')
    .action(async (id: string) => {
      await withCore(global(), async (core) => {
        await core.models.remove(id);
        process.stdout.write(`Removed ${id}.\n`);
        setExit(0);
      });
    });
}
