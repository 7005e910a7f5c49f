/** @file `fotoglot models list|install|import|use|verify|remove` (`test`: models-test-command.ts). */
import type { Command } from 'commander';
import { AppFailure } from '../../../shared/result';
import { withHandlers, type GlobalOptions } from '../open-core';
import { progressLine } from '../progress-line';
import type { SelfTestResult } from '../../../shared/self-test-schemas';
import type { TagLanguage } from '../../tagging/tag-vocabulary';
import { addModelsTestCommand, selfTestAdvice } from './models-test-command';

type Run = (code: number) => void;

/** The self-test's outcome after an install or import ([Note: Model self-test]), in one line or two. */
function printSelfTest(result: SelfTestResult | null, language: TagLanguage): void {
  if (!result) return;
  const passed = result.languages.filter((l) => l.passed).length;
  process.stdout.write(
    result.error === null
      ? `Self-test: passed in ${String(passed)} of ${String(result.languages.length)} languages ("fotoglot models test ${result.model}" shows each).\n`
      : `Self-test: could not run (${result.error}).\n`,
  );
  const advice = selfTestAdvice(result, language);
  if (advice !== null) process.stderr.write(`${advice}\n`);
}

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
      await withHandlers(global(), async (handlers) => {
        const list = await handlers['models:list']({ developer: opts.dev ?? false });
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
      await withHandlers(global(), async (handlers, core) => {
        const progress = progressLine();
        // The download reports on app:events, as it does to the desktop app's status bar.
        const off = core.onEvent((event) => {
          if (event.type !== 'job:progress' || event.job !== `download:${id}`) return;
          progress.update(
            `Downloading ${id}`,
            event.done,
            event.total,
            event.rate / 1e6,
            event.etaSeconds,
          );
        });
        const cancel = () => {
          void handlers['models:cancel']({ id });
        };
        process.once('SIGINT', cancel);
        try {
          const { dir, selfTest } = await handlers['models:install']({
            id,
            ...(opts.mirror ? { mirror: opts.mirror } : {}),
          });
          progress.finish();
          process.stdout.write(`Installed ${id} in ${dir}.\n`);
          printSelfTest(selfTest, core.language);
          setExit(0);
        } catch (error) {
          // The core's words suit every host; the command line's own way out is added here
          // (see [Note: Download messages]).
          if (error instanceof AppFailure && error.code === 'offline')
            throw new AppFailure(
              'offline',
              `${error.message} Check the connection, or download from another server with --mirror <url>.`,
            );
          throw error;
        } finally {
          process.off('SIGINT', cancel);
          off();
          progress.finish();
        }
      });
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
      await withHandlers(global(), async (handlers, core) => {
        const { dir: target, selfTest } = await handlers['models:import']({
          dir,
          ...(opts.id === undefined ? {} : { id: opts.id }),
        });
        process.stdout.write(`Imported ${opts.id ?? dir} into ${target}.\n`);
        printSelfTest(selfTest, core.language);
        setExit(0);
      });
    });

  models
    .command('verify')
    .argument('<id>')
    .description('check an installed model file by file')
    .action(async (id: string) => {
      await withHandlers(global(), async (handlers) => {
        const { problems } = await handlers['models:verify']({ id });
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
      await withHandlers(global(), async (handlers) => {
        await handlers['models:use']({ id });
        process.stdout.write(`${id} is now the active model.\n`);
        setExit(0);
      });
    });

  addModelsTestCommand(models, global, setExit);

  models
    .command('remove')
    .argument('<id>')
    .description('delete an installed model')
    .action(async (id: string) => {
      await withHandlers(global(), async (handlers) => {
        await handlers['models:remove']({ id });
        process.stdout.write(`Removed ${id}.\n`);
        setExit(0);
      });
    });
}
