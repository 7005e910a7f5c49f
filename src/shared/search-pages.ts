/**
 * @file A search's results beyond one page: asks for page after page until it has what it
 * wants (see [Note: Search without a cap]). The CLI and the UI both read searches this way.
 */
import type { z } from 'zod';
import { searchPageMax, type searchArgsSchema, type SearchValue } from './search-schemas';

/** A search as the service receives it (every field set). */
type SearchRequest = z.output<typeof searchArgsSchema>;

/**
 * The first `want` results of a search (every reachable one when omitted: the relevant ones,
 * and with `all` those below the cut too), one page per call of `search`. The answer is the
 * last page's, with every page's results.
 */
export async function searchPages(
  search: (args: SearchRequest) => SearchValue | Promise<SearchValue>,
  args: Omit<SearchRequest, 'offset' | 'limit'>,
  want = Number.POSITIVE_INFINITY,
): Promise<SearchValue> {
  const pageOf = async (offset: number, size: number) =>
    await search({ ...args, offset, limit: Math.max(1, Math.min(searchPageMax, size)) });
  let value = await pageOf(0, want);
  const results = [...value.results];
  const reachable = () => Math.min(want, value.total + (args.all ? value.more : 0));
  while (results.length < reachable()) {
    const page = await pageOf(results.length, reachable() - results.length);
    // The library changed under the search (a photo removed): what there is, is all there is.
    if (page.results.length === 0) break;
    value = page;
    results.push(...page.results);
  }
  return { ...value, results };
}
