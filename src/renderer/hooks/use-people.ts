/**
 * @file `usePeople()`: the People lists (`people:list`), loaded again after the user changed
 * them and while the faces stage finds faces (at most every 2 s), with how far that stage is.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { peopleListSchema } from '../../shared/people-schemas';
import { call } from '../api/call';
import { useAction, type Action } from './use-action';
import { useEvents } from './use-events';

export type PeopleLists = z.infer<typeof peopleListSchema>;

export interface People {
  lists: PeopleLists | null;
  /** The faces stage's last progress (photos done of how many); null when none was seen. */
  finding: { done: number; total: number } | null;
  reload: () => Promise<void>;
  load: Action;
}

export function usePeople(): People {
  const [lists, setLists] = useState<PeopleLists | null>(null);
  const [finding, setFinding] = useState<{ done: number; total: number } | null>(null);
  const load = useAction({ latestOnly: true });
  const { run } = load;
  const reload = useCallback(async () => {
    const value = await run(() => call('people:list'));
    if (value) setLists(value);
  }, [run]);

  useEffect(() => {
    void Promise.resolve().then(reload);
  }, [reload]);

  const pending = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (pending.current !== null) window.clearTimeout(pending.current);
    },
    [],
  );
  useEvents((event) => {
    if (event.type !== 'job:progress' || event.job !== 'faces') return;
    setFinding({ done: event.done, total: event.total });
    pending.current ??= window.setTimeout(() => {
      pending.current = null;
      void reload();
    }, 2000);
  });
  return { lists, finding, reload, load };
}

/** A person's name for the UI: theirs, or the "Unnamed" text. */
export const shownName = (name: string | null, unnamed: string): string => name ?? unnamed;
