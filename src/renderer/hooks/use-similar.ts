/**
 * @file `useSimilar(route)`: the photos like the one the similar route names
 * (`#/similar/<id>`), fetched when the route asks, so a reload or a bookmark shows them again.
 */
import { useEffect, useState } from 'react';
import type { SimilarValue } from '../../shared/search-schemas';
import type { AppError } from '../../shared/result';
import type { Route } from '../route';
import { call } from '../api/call';
import { useAction } from './use-action';

export interface Similar {
  /** The answer for the photo the route names; null while it loads and on other routes. */
  value: SimilarValue | null;
  error: AppError | null;
}

export function useSimilar(route: Route): Similar {
  const to = route.view === 'similar' ? route.to : null;
  const [answer, setAnswer] = useState<{ to: number; value: SimilarValue } | null>(null);
  const { run, error } = useAction({ latestOnly: true });

  useEffect(() => {
    if (to === null) return;
    let current = true;
    void run(async () => {
      const value = await call('photos:similar', { photo: { id: to }, limit: 100 });
      if (current) setAnswer({ to, value });
    });
    return () => {
      current = false;
    };
  }, [to, run]);

  return {
    value: answer !== null && answer.to === to ? answer.value : null,
    error: to === null ? null : error,
  };
}
