/** @file The library: every photo, newest first, grouped by month. Pages load as the list grows. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoSummary } from '../../shared/library-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { tLtr } from '../components/ltr';
import { PhotoGrid, type GridItem } from '../components/photo-grid';
import { useAction } from '../hooks/use-action';
import { useEvents } from '../hooks/use-events';

/** A small first page paints at once; then large pages fill in the rest. */
const firstPage = 500;
const pageSize = 10_000;

export function LibraryView({
  dataDir,
  onOpen,
  selected,
  onSelect,
}: {
  dataDir: string | null;
  onOpen: (items: readonly GridItem[], index: number) => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: Set<number>) => void;
}) {
  const { t } = useTranslation();
  const [photos, setPhotos] = useState<PhotoSummary[] | null>(null);
  const { run, error } = useAction();
  const generation = useRef(0);

  const load = useCallback(
    () =>
      run(async () => {
        const mine = ++generation.current;
        let offset = 0;
        let all: PhotoSummary[] = [];
        for (;;) {
          const limit = offset === 0 ? firstPage : pageSize;
          const page = await call('photos:list', { limit, offset });
          if (mine !== generation.current) return;
          all = offset === 0 ? page.photos : [...all, ...page.photos];
          setPhotos(all);
          offset += page.photos.length;
          if (page.photos.length < limit || offset >= page.total) break;
        }
      }),
    [run],
  );

  useEffect(() => {
    void Promise.resolve().then(load);
  }, [load]);

  // New photos land while importing: reload at most every 2 s.
  const pending = useRef<number | null>(null);
  useEvents((event) => {
    if (
      (event.type === 'job:progress' && event.job === 'ingest') ||
      event.type === 'library:changed'
    ) {
      pending.current ??= window.setTimeout(() => {
        pending.current = null;
        void load();
      }, 2000);
    }
  });

  if (error) return <ActionError error={error} />;
  if (photos === null) return null;
  if (photos.length === 0)
    return (
      <p className="empty-state">
        {t('library.empty')} {dataDir ? tLtr(t, 'library.dataDir', { dir: dataDir }, ['dir']) : ''}
      </p>
    );
  return (
    <>
      <p className="view-summary">{t('library.count', { count: photos.length })}</p>
      <PhotoGrid
        items={photos}
        label={t('grid.label')}
        groupByMonth
        onOpen={(index) => {
          onOpen(photos, index);
        }}
        selected={selected}
        onSelect={onSelect}
      />
    </>
  );
}
