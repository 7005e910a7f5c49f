/**
 * @file `useSearch(route)`: search as the user types (debounced, the latest answer wins) for
 * the search route, and nothing for any other: a result, and its chips, never outlive the
 * search they answer (see [Note: Route in the hash]).
 */
import { useEffect, useState } from 'react';
import { searchPages } from '../../shared/search-pages';
import type { SearchValue } from '../../shared/search-schemas';
import type { AppError } from '../../shared/result';
import { call } from '../api/call';
import type { Route } from '../route';
import { useAction } from './use-action';

export interface Search {
  /** The latest answer while the search route is shown (it may lag behind typing); else null. */
  result: SearchValue | null;
  error: AppError | null;
}

export function useSearch(route: Route, language: string): Search {
  const [result, setResult] = useState<SearchValue | null>(null);
  // An answer overtaken by a newer query is dropped, error included.
  const { run, error } = useAction({ latestOnly: true });
  const searching = route.view === 'search';
  // Leaving the search forgets its answer, so coming back never flashes the old one.
  const [wasSearching, setWasSearching] = useState(searching);
  if (wasSearching !== searching) {
    setWasSearching(searching);
    if (!searching) setResult(null);
  }

  const query = route.view === 'search' ? route.query : null;
  const chips = route.view === 'search' ? route.chips : null;
  const all = route.view === 'search' && route.all;
  // The chips as a value: a new array from the same URL must not search again.
  const chipsKey = JSON.stringify(chips);

  useEffect(() => {
    if (query === null) return;
    let current = true;
    const timer = window.setTimeout(() => {
      void run(async () => {
        // Every result, page by page: see [Note: Search without a cap].
        const value = await searchPages((args) => call('photos:search', args), {
          query,
          chips: JSON.parse(chipsKey) as SearchValue['chips'],
          all,
          language,
        });
        if (current) setResult(value);
      });
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, chipsKey, all, language, run]);

  return { result: searching ? result : null, error: searching ? error : null };
}
