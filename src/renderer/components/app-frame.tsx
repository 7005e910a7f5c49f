/**
 * @file The app frame: sidebar, search bar, the current view, the viewer on top, the status
 * bar. Typing in the search box replaces the view with results until the query is cleared.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileName } from '../file-name';
import { formatBytes } from '../i18n/format';
import type { SearchChip, SearchValue, SimilarValue } from '../../shared/search-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { useAppInfo } from '../hooks/use-app-info';
import { useEvents } from '../hooks/use-events';
import { useFolderDrop, type Drop } from '../hooks/use-folder-drop';
import { DuplicatesView } from '../views/duplicates-view';
import { LibraryView } from '../views/library-view';
import { SearchView } from '../views/search-view';
import { SettingsView } from '../views/settings-view';
import { SimilarView } from '../views/similar-view';
import { TagsView } from '../views/tags-view';
import { ActionError } from './action-error';
import type { GridItem } from './photo-grid';
import { SearchBar } from './search-bar';
import { SelectionBar } from './selection-bar';
import { Sidebar, type SectionId } from './sidebar';
import { FirstRun } from './first-run';
import { StatusBar } from './status-bar';
import { Viewer } from './viewer';

export function AppFrame() {
  const { t, i18n } = useTranslation();
  const [section, setSection] = useState<SectionId>('library');
  const appInfo = useAppInfo();
  const [query, setQuery] = useState('');
  /** Filters the user kept from earlier results (sent back as chips). */
  const [kept, setKept] = useState<SearchChip[]>([]);
  const [all, setAll] = useState(false);
  const [result, setResult] = useState<SearchValue | null>(null);
  const [similar, setSimilar] = useState<{ title: string; value: SimilarValue } | null>(null);
  /** What the user started from the frame: menu commands, dropped folders, "find similar". */
  const { run, error } = useAction();
  /** Search as the user types: an answer overtaken by a newer query is dropped, error included. */
  const { run: runSearch, error: searchError } = useAction({ latestOnly: true });
  const [viewer, setViewer] = useState<{ items: readonly GridItem[]; index: number } | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const generation = useRef(0);
  const [welcome, setWelcome] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
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
          if (added.length > 0) setNotice(t('drop.added', { folders: added.join(', ') }));
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
    } else {
      setSection(command);
      setQuery('');
      setKept([]);
      setSimilar(null);
    }
  });

  // The welcome steps, once, for a library without folders.
  useEffect(() => {
    void Promise.all([call('settings:get'), call('library:folders')])
      .then(([settings, folders]) => {
        setWelcome(!settings.firstRunDone && folders.length === 0);
      })
      .catch(() => undefined);
  }, []);

  // Search as the user types (debounced); the latest answer wins.
  useEffect(() => {
    // An empty query shows the section again (see `searching`); nothing to ask.
    if (query.trim() === '' && kept.length === 0) return;
    const mine = ++generation.current;
    const timer = window.setTimeout(() => {
      void runSearch(async () => {
        const value = await call('photos:search', {
          query,
          chips: kept,
          all,
          limit: 1000,
          language: i18n.language,
        });
        if (mine === generation.current) setResult(value);
      });
    }, 250);
    return () => {
      window.clearTimeout(timer);
    };
  }, [query, kept, all, i18n.language, runSearch]);

  const open = (items: readonly GridItem[], index: number) => {
    setViewer({ items, index });
  };
  const searching = result !== null && (query.trim() !== '' || kept.length > 0);
  const title = similar ? similar.title : searching ? t('search.label') : t(`nav.${section}`);
  const findSimilar = (item: { id: number; path: string | null }) => {
    void run(async () => {
      const value = await call('photos:similar', { photo: { id: item.id }, limit: 100 });
      setSimilar({ title: t('viewer.similarTo', { name: fileName(item.path) }), value });
    });
  };
  // A selection belongs to the photos it was made in: another view starts with none.
  const view = similar ? 'similar' : searching ? 'search' : section;
  const [selectionView, setSelectionView] = useState(view);
  if (selectionView !== view) {
    setSelectionView(view);
    setSelected(new Set());
  }
  const clearSelection = useCallback(() => {
    setSelected(new Set());
  }, []);

  return (
    <div className="app-frame">
      <Sidebar
        current={section}
        onSelect={(id) => {
          setSection(id);
          setQuery('');
          setKept([]);
          setSimilar(null);
        }}
      />
      <SearchBar
        query={query}
        chips={result?.chips ?? kept}
        onQuery={(q) => {
          setQuery(q);
          setAll(false);
          setSimilar(null);
          if (q === '') setKept([]);
        }}
        onRemoveChip={(chip) => {
          // Keep the other filters as chips and the meaning part as text, so the removed one stays gone.
          setKept((result?.chips ?? kept).filter((c) => c !== chip));
          setQuery(result?.text ?? query);
        }}
      />
      <main className="main-area" aria-label={title}>
        {appInfo.info?.recovery ? (
          <p role="alert" className="recovery">
            {t(appInfo.info.recovery.restoredFrom ? 'recovery.restored' : 'recovery.rebuilt', {
              file: appInfo.info.recovery.brokenFile,
            })}
          </p>
        ) : null}
        {appInfo.info?.diskFull ? (
          <p role="alert" className="recovery">
            {t('diskFull.banner', {
              dir: appInfo.info.diskFull.dir,
              free: formatBytes(appInfo.info.diskFull.freeBytes ?? 0, i18n.language),
            })}
          </p>
        ) : null}
        <h1>{title}</h1>
        <ActionError error={error} />
        <ActionError error={searchError} />
        {notice ? <p role="status">{notice}</p> : null}
        {similar ? (
          <SimilarView
            value={similar.value}
            onOpen={open}
            selected={selected}
            onSelect={setSelected}
          />
        ) : searching ? (
          <SearchView
            result={result}
            onShowMore={() => {
              setAll(true);
            }}
            onOpen={open}
            selected={selected}
            onSelect={setSelected}
          />
        ) : section === 'library' ? (
          <LibraryView
            dataDir={appInfo.info?.dataDir ?? null}
            onOpen={open}
            selected={selected}
            onSelect={setSelected}
          />
        ) : section === 'tags' ? (
          <TagsView
            onShowTag={(name) => {
              setQuery(`tag:"${name}"`);
            }}
            onOpen={open}
          />
        ) : section === 'duplicates' ? (
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
            setViewer({ ...viewer, index });
          }}
          onClose={() => {
            setViewer(null);
          }}
          desktop={appInfo.info?.host === 'desktop'}
          onFindSimilar={(item) => {
            setViewer(null);
            findSimilar(item);
          }}
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
