/** @file Entry of the `fotoglot` command (bundled to dist/node/cli.cjs). */
import { installProcessErrorHandlers } from '../process-errors';
import { runCli } from './program';
import { logLine } from './progress-line';

installProcessErrorHandlers('fotoglot');
// stdout carries results only (JSON with --json); libraries' chatter (libheif's decoder log)
// goes to stderr, one readable line per call, above any progress bar (see [Note: Errors as one line]).
console.error = (...args: unknown[]) => {
  logLine(args);
};
console.warn = console.error;
console.log = console.error;
console.info = console.error;

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
