/**
 * @file `fotoglot text <file>`: the text read in a photo, line by line, through the same channel
 * as the viewer (`text:ofPhoto`, [Note: Text store]).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { withHandlers, type GlobalOptions } from '../open-core';

type Run = (code: number) => void;

export function addTextCommand(program: Command, setExit: Run): void {
  const global = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('text')
    .description('the text read in a photo (signs, receipts, screenshots), line by line')
    .argument('<file>', 'a photo in the library')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      await withHandlers(global(), async (handlers) => {
        const photo = await handlers['photos:resolve']({ path: path.resolve(file) });
        const text = await handlers['text:ofPhoto']({ id: photo.id });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ id: photo.id, path: photo.path, ...text })}\n`);
        } else if (!text.read) {
          process.stdout.write(
            `The text in ${file} has not been read yet: photos are read after they are indexed ("fotoglot index").\n`,
          );
        } else if (text.lines.length === 0) {
          process.stdout.write(`No text found in ${file}.\n`);
        } else {
          for (const line of text.lines)
            process.stdout.write(`${line.confidence.toFixed(2)}  ${line.text}\n`);
          const lines = text.lines.length;
          process.stdout.write(
            `${String(lines)} line${lines === 1 ? '' : 's'}, read by ${text.engine ?? '?'}\n`,
          );
        }
        setExit(0);
      });
    });
}
