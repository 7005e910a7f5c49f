/**
 * @file The `fotoglot` command line: global options, subcommands and the exit-code policy
 * (0 ok, 2 usage error, 1 failure; errors on stderr in plain words).
 */
import { Command, CommanderError, Option } from 'commander';
import { describeError } from '../../shared/error-text';
import { AppFailure } from '../../shared/result';
import { appVersion } from '../version';
import { addFoldersCommand } from './commands/folders-command';
import { indexCommand } from './commands/index-command';
import { pauseCommand } from './commands/pause-command';
import { addPeopleCommands } from './commands/people-command';
import { addPlacesCommands } from './commands/places-command';
import { addModelsCommand } from './commands/models-command';
import { photosCommand } from './commands/photos-command';
import { searchCommand } from './commands/search-command';
import { addSimilarCommands } from './commands/similar-command';
import { addTagsCommands } from './commands/tags-command';
import { serveCommand } from './commands/serve-command';
import { statusCommand } from './commands/status-command';
import { addTextCommand } from './commands/text-command';
import { UsageError } from './usage-error';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the CLI with `argv` (without the node and script entries) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('fotoglot')
    .description('Private, offline photo organizer: search your photos in your own language.')
    .version(appVersion, '-v, --version', 'print the version')
    .option('--home <dir>', 'data directory (default: the OS app-data folder; env FOTOGLOT_HOME)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "fotoglot --help" for usage)');

  program
    .command('status')
    .description('show the library, the inference worker and the execution providers')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { json?: boolean }) => {
      exitCode = await statusCommand({ ...program.opts(), ...opts });
    });

  program
    .command('serve')
    .description('run the headless server: browse your library from a web browser')
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to listen on (0 = any free port)').default('7878'))
    .option('--allow-remote', 'allow a --host that other machines can reach')
    .action(async (opts: { host: string; port: string; allowRemote?: boolean }) => {
      exitCode = await serveCommand({ ...program.opts(), ...opts });
    });

  program
    .command('pause')
    .description('pause all work on photos (kept until "fotoglot resume"; a running app follows)')
    .action(async () => {
      exitCode = await pauseCommand(true, program.opts());
    });

  program
    .command('resume')
    .description('continue the work on photos where it stopped')
    .action(async () => {
      exitCode = await pauseCommand(false, program.opts());
    });

  program
    .command('index')
    .description('add folders to the library, scan them and process every photo, then exit')
    .argument('<folders...>', 'photo folders')
    .option('--json', 'print one JSON summary')
    .option('--no-watch', 'only rescan these folders on demand; do not watch them')
    .action(async (folders: string[], opts: { json?: boolean; watch: boolean }) => {
      exitCode = await indexCommand(folders, { ...program.opts(), ...opts });
    });

  program
    .command('photos')
    .description('list photos in the library, newest first')
    .option('--json', 'print machine-readable JSON')
    .addOption(new Option('--limit <n>', 'how many').default('100'))
    .addOption(new Option('--offset <n>', 'skip this many').default('0'))
    .action(async (opts: { json?: boolean; limit: string; offset: string }) => {
      exitCode = await photosCommand({ ...program.opts(), ...opts });
    });

  program
    .command('search')
    .description('find photos by what they show, in any language, with dates and filters')
    .argument(
      '<query>',
      'e.g. "Hund am Strand 2019", "猫 雪", "Anna 2019", "camera:pixel tag:beach", \'text:"wifi"\'',
    )
    .option('--json', 'print machine-readable JSON')
    .option('--limit <n>', 'how many results (default: 50; with --all, every one)')
    .option('--all', 'list every result, those below the relevance cut too')
    .action(async (query: string, opts: { json?: boolean; limit?: string; all?: boolean }) => {
      exitCode = await searchCommand(query, { ...program.opts(), ...opts });
    });

  const setExit = (code: number) => {
    exitCode = code;
  };
  addTagsCommands(program, setExit);
  addSimilarCommands(program, setExit);
  addModelsCommand(program, setExit);
  addFoldersCommand(program, setExit);
  addPeopleCommands(program, setExit);
  addPlacesCommands(program, setExit);
  addTextCommand(program, setExit);

  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; everything else commander rejects is usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`fotoglot: ${error.message}\n`);
      return 2;
    }
    // Our own failures are written for people as they are; anything else becomes one line.
    io.stderr(`fotoglot: ${error instanceof AppFailure ? error.message : describeError(error)}\n`);
    return 1;
  }
}
