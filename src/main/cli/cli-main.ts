/** @file Entry of the `fotoglot` command (bundled to dist/node/cli.cjs). */
import { installProcessErrorHandlers } from '../process-errors';
import { runCli } from './program';

installProcessErrorHandlers('fotoglot');
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
