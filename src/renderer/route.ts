/**
 * @file The app's route: which view is shown, the search (query text, kept chips, "show
 * all"), and the photo open in the viewer — parsed from and written to the URL's hash.
 * Pure (no DOM, no React) so it is unit tested; `useRoute` binds it to the address bar.
 *
 * [Note: Route in the hash]
 * The route is the single source of truth for navigation and search state, and it lives
 * in the URL's fragment (`#/search?q=rot&photo=12`), because the fragment works unchanged
 * on both hosts: the desktop window's `app://fotoglot/index.html` (a hash change is an
 * in-page navigation, which the `will-navigate` guard never sees) and `fotoglot serve`,
 * whose page URL keeps its own query string (`?token=` is traded for a cookie by a 303
 * redirect, and browsers carry the fragment across it; `?dev=1` stays where it is).
 * The search's chips exist only inside the search route, so no other view can show them,
 * and a route without a query and without chips is the library: clearing the query
 * clears the chips. History: a new view or a photo opening pushes an entry; typing,
 * "show all" and stepping through photos in the viewer replace it (see `historyMode`).
 */
import type { SearchChip } from '../shared/search-schemas';

/** The sections of the sidebar, in its order. */
export const sectionIds = [
  'library',
  'people',
  'places',
  'tags',
  'duplicates',
  'settings',
] as const;
export type SectionId = (typeof sectionIds)[number];

const chipKinds = ['date', 'folder', 'camera', 'tag', 'type', 'person', 'place', 'text'] as const;

/** Where the app is. Only the search route carries a query and chips. */
export type Route = (
  | { view: SectionId }
  | {
      view: 'search';
      /** The text in the search box. */
      query: string;
      /** Filters kept from earlier results, sent back with the query. */
      chips: readonly SearchChip[];
      /** Also list results below the relevance cut. */
      all: boolean;
    }
  | { view: 'similar'; /** The photo the others look like. */ to: number }
  | { view: 'person'; /** The person whose page is shown (`#/people/<id>`). */ id: number }
) & {
  /** The photo open in the viewer, over the view. */
  photo: number | null;
};

export const libraryRoute: Route = { view: 'library', photo: null };

/** The route to search for `query` with `chips`; the library when both are empty. */
export function searchRoute(
  query: string,
  chips: readonly SearchChip[] = [],
  all = false,
  photo: number | null = null,
): Route {
  if (query.trim() === '' && chips.length === 0) return { view: 'library', photo };
  return { view: 'search', query, chips, all, photo };
}

function photoId(raw: string | null): number | null {
  if (raw === null || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

function parseChip(raw: string): SearchChip | null {
  const colon = raw.indexOf(':');
  if (colon < 0) return null;
  const kind = chipKinds.find((k) => k === raw.slice(0, colon));
  const value = raw.slice(colon + 1);
  if (!kind || value === '' || value.length > 500) return null;
  // The label the user typed is not kept in the URL; the value is what the filter matches.
  return { kind, value, text: value };
}

/**
 * Reads a route from a URL hash (`#/view/arg?params`, with or without the `#`). Anything
 * unknown or malformed (an old or hand-edited bookmark) opens the library rather than failing.
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const question = raw.indexOf('?');
  const path = (question < 0 ? raw : raw.slice(0, question)).split('/').filter(Boolean);
  const params = new URLSearchParams(question < 0 ? '' : raw.slice(question + 1));
  const photo = photoId(params.get('photo'));
  const [view, arg, ...rest] = path;
  if (rest.length > 0) return { ...libraryRoute, photo };
  if (view === 'search' && arg === undefined) {
    const chips = params
      .getAll('chip')
      .map(parseChip)
      .filter((c): c is SearchChip => c !== null)
      .slice(0, 32);
    const query = (params.get('q') ?? '').slice(0, 2000);
    return searchRoute(query, chips, params.get('all') === '1', photo);
  }
  if (view === 'similar') {
    const to = photoId(arg ?? null);
    return to === null ? { ...libraryRoute, photo } : { view: 'similar', to, photo };
  }
  if (view === 'people' && arg !== undefined) {
    const id = photoId(arg);
    return id === null ? { view: 'people', photo } : { view: 'person', id, photo };
  }
  const section = sectionIds.find((s) => s === view);
  if (section && arg === undefined) return { view: section, photo };
  return { ...libraryRoute, photo };
}

/** Writes a route as a URL hash, `#` included; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  let path: string;
  switch (route.view) {
    case 'search':
      path = 'search';
      params.set('q', route.query);
      for (const chip of route.chips) params.append('chip', `${chip.kind}:${chip.value}`);
      if (route.all) params.set('all', '1');
      break;
    case 'similar':
      path = `similar/${String(route.to)}`;
      break;
    case 'person':
      path = `people/${String(route.id)}`;
      break;
    default:
      path = route.view;
  }
  if (route.photo !== null) params.set('photo', String(route.photo));
  const query = params.toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

/** The view a route shows, without the search or the open photo: what decides a history entry. */
export function viewKey(route: Route): string {
  if (route.view === 'person') return `people/${String(route.id)}`;
  return route.view === 'similar' ? `similar/${String(route.to)}` : route.view;
}

/**
 * How going from `from` to `to` enters history: a new view or a photo being opened is a
 * step Back returns from (push); typing, "show all", a removed chip and moving between
 * photos in the open viewer change the current step (replace).
 */
export function historyMode(from: Route, to: Route): 'push' | 'replace' {
  if (viewKey(from) !== viewKey(to)) return 'push';
  if (from.photo === null && to.photo !== null) return 'push';
  return 'replace';
}

/** The sidebar section a route belongs to (a person's page: People); none for search and similar. */
export function sectionOf(route: Route): SectionId | null {
  if (route.view === 'person') return 'people';
  return route.view === 'search' || route.view === 'similar' ? null : route.view;
}
