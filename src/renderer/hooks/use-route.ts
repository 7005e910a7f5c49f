/**
 * @file `useRoute()`: the route (see [Note: Route in the hash]) read from the address bar's
 * hash and changed through browser history, so Back/Forward, reload and bookmarks work.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { formatRoute, historyMode, parseRoute, type Route } from '../route';

/** What the app keeps in a history entry it pushed: the hash it was pushed from. */
interface EntryState {
  fotoglotFrom: string;
}

function pushedFrom(): string | null {
  const state = window.history.state as Partial<EntryState> | null;
  return typeof state?.fotoglotFrom === 'string' ? state.fotoglotFrom : null;
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Back/Forward fire popstate; a hash typed into the address bar fires hashchange too.
  window.addEventListener('popstate', listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
    window.removeEventListener('hashchange', listener);
  };
}

const snapshot = () => window.location.hash;

export interface RouteControl {
  route: Route;
  /** Goes to `to`, pushing or replacing the history entry as `historyMode` decides. */
  navigate: (to: Route, mode?: 'push' | 'replace') => void;
  /**
   * Leaves the current step for `to` (closing the viewer, clearing the query): Back when the
   * current entry was pushed from exactly there, so no dead entry is left behind; else a replace.
   */
  leave: (to: Route) => void;
  /** The browser's Back and Forward (the desktop app's menu and mouse buttons). */
  back: () => void;
  forward: () => void;
}

export function useRoute(): RouteControl {
  const hash = useSyncExternalStore(subscribe, snapshot);
  const route = useMemo(() => parseRoute(hash), [hash]);

  const navigate = useCallback((to: Route, mode?: 'push' | 'replace') => {
    const from = parseRoute(window.location.hash);
    const next = formatRoute(to);
    if (next === formatRoute(from) && window.location.hash !== '') return;
    if ((mode ?? historyMode(from, to)) === 'push') {
      const state: EntryState = { fotoglotFrom: formatRoute(from) };
      window.history.pushState(state, '', next);
    } else {
      // The entry stays the same step: keep what it remembers of where it came from.
      window.history.replaceState(window.history.state, '', next);
    }
    notify();
  }, []);

  const leave = useCallback(
    (to: Route) => {
      if (pushedFrom() === formatRoute(to)) window.history.back();
      else navigate(to, 'replace');
    },
    [navigate],
  );

  const back = useCallback(() => {
    window.history.back();
  }, []);
  const forward = useCallback(() => {
    window.history.forward();
  }, []);

  return { route, navigate, leave, back, forward };
}

/**
 * Where clearing the search goes: the view the search was started from when that is the
 * previous entry (Tags, say), else the library.
 */
export function routeBeforeSearch(): Route {
  const from = pushedFrom();
  const before = from === null ? null : parseRoute(from);
  return before && before.view !== 'search' && before.photo === null
    ? before
    : { view: 'library', photo: null };
}
