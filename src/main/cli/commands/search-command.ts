/** @file `fotoglot search "<query>"`: photos by meaning and filters, relevant ones first. */
import { searchPages } from '../../../shared/search-pages';
import { wholeNumber } from '../arguments';
import { searchGapMessage } from '../../search/search-gap';
import { withHandlers, type GlobalOptions } from '../open-core';
import { UsageError } from '../usage-error';

export interface SearchOptions extends GlobalOptions {
  json?: boolean;
  limit?: string;
  all?: boolean;
}

/** Results listed without --limit (with --all: every one). */
const defaultLimit = 50;

export async function searchCommand(query: string, options: SearchOptions): Promise<number> {
  if (query.trim() === '')
    throw new UsageError(
      'The search is empty: type what the photos show, a date, a person or a filter, e.g. fotoglot search "dog on the beach", fotoglot search "2019", fotoglot search "Anna", fotoglot search "camera:pixel" or fotoglot search \'text:"wifi"\'.',
    );
  // No limit of our own: --all lists every result, page by page (see [Note: Search without a cap]).
  const limit =
    options.limit === undefined
      ? options.all
        ? Number.POSITIVE_INFINITY
        : defaultLimit
      : wholeNumber(options.limit, '--limit', 1);
  return withHandlers(options, async (handlers) => {
    const found = await searchPages(
      (args) => handlers['photos:search'](args),
      { query, chips: [], all: options.all ?? false },
      limit,
    );
    if (options.json) {
      const results = found.results.map(
        ({ id, path, score, capturedAt, relevant, textMatches }) => ({
          id,
          path,
          score,
          capturedAt,
          textMatches,
          ...(options.all ? { relevant } : {}),
        }),
      );
      process.stdout.write(
        `${JSON.stringify({ query: found.query, text: found.text, chips: found.chips, filters: found.filters, model: found.model, notice: found.notice, results, total: found.total, more: found.more })}\n`,
      );
      return 0;
    }
    const chips = found.chips.map((c) => `${c.kind}: ${c.value}`).join(', ');
    if (chips) process.stdout.write(`filters: ${chips}\n`);
    for (const r of found.results) {
      const score = r.score === null ? '' : r.score.toFixed(3);
      // The words of the photo's text that matched ([Note: Text in search]).
      const words = r.textMatches.length > 0 ? `  text: ${r.textMatches.join(', ')}` : '';
      process.stdout.write(
        `${score.padStart(6)}  ${r.capturedAt ?? 'no date'.padEnd(19)}  ${r.path ?? '(missing)'}${words}\n`,
      );
    }
    const reachable = found.total + (options.all ? found.more : 0);
    const notShown = reachable - found.results.length;
    process.stdout.write(
      `${String(found.total)} relevant${!options.all && found.more > 0 ? `; ${String(found.more)} more with --all` : ''}${notShown > 0 ? `; the first ${String(found.results.length)} shown (raise --limit for more)` : ''}\n`,
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
