/** @file "Find similar": the photos that look most like one photo (`photos:similar`), most alike first. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimilarValue } from '../../shared/search-schemas';
import { PhotoGrid, type GridItem } from '../components/photo-grid';

export function SimilarView({
  value,
  onOpen,
  selected,
  onSelect,
}: {
  value: SimilarValue;
  onOpen: (items: readonly GridItem[], index: number) => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: Set<number>) => void;
}) {
  const { t } = useTranslation();
  // The answer carries no placeholders: cells show their thumbnail alone.
  const items = useMemo<GridItem[]>(
    () =>
      value.results.map(({ id, path, capturedAt }) => ({
        id,
        path,
        capturedAt,
        placeholder: null,
      })),
    [value],
  );
  if (items.length === 0)
    return (
      <p className="empty-state" role="status">
        {t('search.empty', { query: '' })}
      </p>
    );
  return (
    <>
      <p className="view-summary" role="status">
        {t('search.results', { count: items.length })}
      </p>
      <PhotoGrid
        items={items}
        label={t('grid.label')}
        onOpen={(index) => {
          onOpen(items, index);
        }}
        selected={selected}
        onSelect={onSelect}
      />
    </>
  );
}
