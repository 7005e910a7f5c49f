/**
 * @file The app frame: sidebar, search bar, the current view, the viewer on top, the status
 * bar. Which view, the search and the open photo are the route in the URL (see
 * [Note: Route in the hash]); typing in the search box shows results until it is cleared.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fileName } from '../file-name';
import { formatBytes } from '../i18n/format';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { useAppInfo } from '../hooks/use-app-info';
import { useEvents } from '../hooks/use-events';
import { useFolderDrop, type Drop } from '../hooks/use-folder-drop';
import { useOpenPhoto } from '../hooks/use-open-photo';
import { routeBeforeSearch, useRoute } from '../hooks/use-route';
import { useSearch } from '../hooks/use-search';
import { useSimilar } from '../hooks/use-similar';
import { searchRoute, sectionOf } from '../route';
import { DuplicatesView } from '../views/duplicates-view';
import { LibraryView } from '../views/library-view';
import { PeopleView } from '../views/people-view';
import { PersonView } from '../views/person-view';
import { PlacesView } from '../views/places-view';
import { SearchView } from '../views/search-view';
import { SettingsView } from '../views/settings-view';
import { SimilarView } from '../views/similar-view';
import { TagsView } from '../views/tags-view';
import { ActionError } from './action-error';
import { tLtr } from './ltr';
import type { GridItem } from './photo-grid';
import { SearchBar } from './search-bar';
import { SelectionBar } from './selection-bar';
import { Sidebar } from './sidebar';
import { FirstRun } from './first-run';
import { StatusBar } from './status-bar';
import { Viewer } from './viewer';

export function AppFrame() {
  const { t, i18n } = useTranslation();
  /** Where the app is: view, search and open photo, kept in the URL. */
  const { route, navigate, leave, back, forward } = useRoute();
  const appInfo = useAppInfo();
  const { result, error: searchError } = useSearch(route, i18n.language);
  const similar = useSimilar(route);
  /** What the user started from the frame: menu commands, dropped folders. */
  const { run, error } = useAction();
  /** The grid the viewer was opened from, to step through; the open photo itself is the route's. */
  const [opened, setOpened] = useState<readonly GridItem[] | null>(null);
  const viewer = useOpenPhoto(route.photo, opened);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [welcome, setWelcome] = useState(false);
  /** Face boxes in the viewer (toolbar toggle, key F), kept from photo to photo. */
  const [showFaces, setShowFaces] = useState(false);
  const [notice, setNotice] = useState<ReactNode>(null);
  const dropping = useFolderDrop(
    useCallback(
      (drop: Drop) => {
        if (drop.kind === 'browser') {
          setNotice(t('drop.browser'));
          return;
        }
        // Each folder on its own: one the core refuses (a file, say) does not keep the others out.
        void run(async () => {
          const added: string[] = [];
          const refused: unknown[] = [];
          for (const path of drop.paths)
            await call('library:addFolder', { path, watch: true }).then(
              (folder) => added.push(folder.path),
              (e: unknown) => refused.push(e),
            );
          if (added.length > 0)
            setNotice(tLtr(t, 'drop.added', { folders: added.join(', ') }, ['folders']));
          if (refused.length > 0) throw refused.at(-1);
        });
      },
      [t, run],
    ),
  );

  // Commands from the desktop app's menu.
  useEvents((event) => {
    if (event.type !== 'ui:command') return;
    const { command } = event;
    if (command === 'search')
      document.querySelector<HTMLInputElement>('[role="searchbox"]')?.focus();
    else if (command === 'rescan') void run(() => call('library:rescan'));
    else if (command === 'addFolder') {
      void run(async () => {
        const picked = await call('library:pickFolder');
        if (picked.path) await call('library:addFolder', { path: picked.path, watch: true });
      });
    } else if (command === 'back') back();
    else if (command === 'forward') forward();
    else navigate({ view: command, photo: null });
  });

  // The welcome steps, once, for a library without folders.
  useEffect(() => {
    void Promise.all([call('settings:get'), call('library:folders')])
      .then(([settings, folders]) => {
        setWelcome(!settings.firstRunDone && folders.length === 0);
      })
      .catch(() => undefined);
  }, []);

  const open = (items: readonly GridItem[], index: number) => {
    const item = items[index];
    if (!item) return;
    setOpened(items);
    navigate({ ...route, photo: item.id });
  };
  const query = route.view === 'search' ? route.query : '';
  const similarName = similar.value?.photo.path ? fileName(similar.value.photo.path) : null;
  const title =
    route.view === 'similar'
      ? similarName
        ? t('viewer.similarTo', { name: similarName })
        : t('viewer.findSimilar')
      : route.view === 'search'
        ? t('search.label')
        : route.view === 'person'
          ? t('nav.people')
          : t(`nav.${route.view}`);
  // The heading isolates the file name (see [Note: Paths in right-to-left text]).
  const heading =
    route.view === 'similar' && similarName
      ? tLtr(t, 'viewer.similarTo', { name: similarName }, ['name'])
      : title;
  const openPerson = (id: number) => {
    navigate({ view: 'person', id, photo: null });
  };
  const findSimilar = (item: { id: number }) => {
    navigate({ view: 'similar', to: item.id, photo: null });
  };
  // A selection belongs to the photos it was made in: another view, another search or another
  // "similar to" starts with none (hidden photos must never be acted on).
  const view = route.view;
  const selectionScope =
    route.view === 'similar'
      ? `similar:${String(route.to)}`
      : route.view === 'search'
        ? `search:${JSON.stringify([route.query, route.chips])}`
        : route.view;
  const [selectionView, setSelectionView] = useState(selectionScope);
  if (selectionView !== selectionScope) {
    setSelectionView(selectionScope);
    setSelected(new Set());
  }
  const clearSelection = useCallback(() => {
    setSelected(new Set());
  }, []);

  return (
    <div className="app-frame">
      <Sidebar
        current={sectionOf(route)}
        onSelect={(id) => {
          navigate({ view: id, photo: null });
        }}
      />
      <SearchBar
        query={query}
        // Chips belong to the search shown; the other views have none (see [Note: Route in the hash]).
        chips={route.view === 'search' ? (result?.chips ?? route.chips) : []}
        onQuery={(q) => {
          // Clearing the query clears its chips and returns to where the search began.
          if (q.trim() !== '') navigate(searchRoute(q, route.view === 'search' ? route.chips : []));
          else if (route.view === 'search') leave(routeBeforeSearch());
        }}
        onRemoveChip={(chip) => {
          if (route.view !== 'search') return;
          // Keep the other filters as chips and the meaning part as text, so the removed one stays gone.
          const chips = (result?.chips ?? route.chips).filter((c) => c !== chip);
          navigate(searchRoute(result?.text ?? route.query, chips));
        }}
      />
      <main className="main-area" aria-label={title}>
        {appInfo.info?.recovery ? (
          <p role="alert" className="recovery">
            {tLtr(
              t,
              appInfo.info.recovery.restoredFrom ? 'recovery.restored' : 'recovery.rebuilt',
              { file: appInfo.info.recovery.brokenFile },
              ['file'],
            )}
          </p>
        ) : null}
        {appInfo.info?.diskFull ? (
          <p role="alert" className="recovery">
            {tLtr(
              t,
              'diskFull.banner',
              {
                dir: appInfo.info.diskFull.dir,
                free: formatBytes(appInfo.info.diskFull.freeBytes ?? 0, i18n.language),
              },
              ['dir'],
            )}
          </p>
        ) : null}
        <h1>{heading}</h1>
        <ActionError error={error} />
        <ActionError error={searchError} />
        <ActionError error={similar.error} />
        {notice ? <p role="status">{notice}</p> : null}
        {route.view === 'similar' ? (
          similar.value ? (
            <SimilarView
              value={similar.value}
              onOpen={open}
              selected={selected}
              onSelect={setSelected}
            />
          ) : null
        ) : route.view === 'search' ? (
          result ? (
            <SearchView
              result={result}
              onShowMore={() => {
                navigate({ ...route, all: true });
              }}
              onOpen={open}
              selected={selected}
              onSelect={setSelected}
            />
          ) : null
        ) : route.view === 'library' ? (
          <LibraryView
            dataDir={appInfo.info?.dataDir ?? null}
            onOpen={open}
            selected={selected}
            onSelect={setSelected}
          />
        ) : route.view === 'people' ? (
          <PeopleView onOpenPerson={openPerson} />
        ) : route.view === 'person' ? (
          <PersonView
            key={route.id}
            id={route.id}
            onOpen={open}
            onOpenPerson={openPerson}
            onBack={() => {
              navigate({ view: 'people', photo: null });
            }}
          />
        ) : route.view === 'places' ? (
          <PlacesView
            onShowPlace={(key, name) => {
              navigate(searchRoute('', [{ kind: 'place', value: key, text: name, label: name }]));
            }}
          />
        ) : route.view === 'tags' ? (
          <TagsView
            onShowTag={(name) => {
              navigate(searchRoute(`tag:"${name}"`));
            }}
            onOpen={open}
          />
        ) : route.view === 'duplicates' ? (
          <DuplicatesView onOpen={open} desktop={appInfo.info?.host === 'desktop'} />
        ) : (
          <SettingsView dataDir={appInfo.info?.dataDir ?? null} />
        )}
        {view === 'library' || view === 'search' || view === 'similar' ? (
          <SelectionBar
            selected={selected}
            onClear={clearSelection}
            desktop={appInfo.info?.host === 'desktop'}
            onFindSimilar={findSimilar}
          />
        ) : null}
      </main>
      {viewer ? (
        <Viewer
          // One viewer per photo: zoom, pan and details start fresh.
          key={viewer.items[viewer.index]?.id}
          items={viewer.items}
          index={viewer.index}
          onIndex={(index) => {
            const item = viewer.items[index];
            if (item) navigate({ ...route, photo: item.id });
          }}
          onClose={() => {
            leave({ ...route, photo: null });
          }}
          desktop={appInfo.info?.host === 'desktop'}
          onFindSimilar={(item) => {
            findSimilar(item);
          }}
          onOpenPerson={openPerson}
          showFaces={showFaces}
          onShowFaces={setShowFaces}
        />
      ) : null}
      {dropping ? (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('drop.overlay')}</p>
        </div>
      ) : null}
      {welcome ? (
        <FirstRun
          desktop={appInfo.info?.host === 'desktop'}
          onDone={() => {
            setWelcome(false);
          }}
        />
      ) : null}
      <StatusBar {...appInfo} />
    </div>
  );
}
