/** @file `fotoglot search "<query>"`: photos by meaning and filters, relevant ones first. */
import { wholeNumber } from '../arguments';
import { searchGapMessage } from '../../search/search-gap';
import { withHandlers, type GlobalOptions } from '../open-core';

export interface SearchOptions extends GlobalOptions {
  json?: boolean;
  limit: string;
  all?: boolean;
}

export async function searchCommand(query: string, options: SearchOptions): Promise<number> {
  const limit = wholeNumber(options.limit, '--limit', 1, 1000);
  return withHandlers(options, async (handlers) => {
    const found = await handlers['photos:search']({
      query,
      chips: [],
      limit,
      offset: 0,
      all: options.all ?? false,
    });
    if (options.json) {
      const results = found.results.map(({ id, path, score, capturedAt, relevant }) => ({
        id,
        path,
        score,
        capturedAt,
        ...(options.all ? { relevant } : {}),
      }));
      process.stdout.write(
        `${JSON.stringify({ query: found.query, text: found.text, filters: found.filters, model: found.model, notice: found.notice, results, total: found.total, more: found.more })}\n`,
      );
      return 0;
    }
    const chips = found.chips.map((c) => `${c.kind}: ${c.value}`).join(', ');
    if (chips) process.stdout.write(`filters: ${chips}\n`);
    for (const r of found.results) {
      const score = r.score === null ? '' : r.score.toFixed(3);
      process.stdout.write(
        `${score.padStart(6)}  ${r.capturedAt ?? 'no date'.padEnd(19)}  ${r.path ?? '(missing)'}\n`,
      );
    }
    process.stdout.write(
      `${String(found.total)} relevant${found.more > 0 ? `; ${String(found.more)} more with --all` : ''}\n`,
    );
    const notice = found.notice;
    if (notice?.kind === 'not-understood')
      process.stdout.write(
        `The search model ${notice.model} does not understand these words; try other words, or a model for more languages ("fotoglot models list").\n`,
      );
    else if (notice) {
      const { total: photos } = await handlers['photos:list']({ limit: 1, offset: 0 });
      process.stdout.write(
        `${searchGapMessage(notice, photos)}${notice.kind === 'no-model' ? ' See "fotoglot models list".' : ''}\n`,
      );
    }
    return 0;
  });
}
