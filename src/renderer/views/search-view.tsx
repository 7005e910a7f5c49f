/** @file Search results: relevant photos first, a line where relevance drops, "show more" below it. */
import { useTranslation } from 'react-i18next';
import type { SearchValue } from '../../shared/search-schemas';
import { tLtr } from '../components/ltr';
import { PhotoGrid, type GridItem } from '../components/photo-grid';

export function SearchView({
  result,
  onShowMore,
  onOpen,
  selected,
  onSelect,
}: {
  result: SearchValue;
  onShowMore: () => void;
  onOpen: (items: readonly GridItem[], index: number) => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: Set<number>) => void;
}) {
  const { t } = useTranslation();
  const notice = result.notice;
  // See [Note: Query understanding]: say why nothing could be ranked, never "all relevant".
  const noticeText = !notice
    ? null
    : notice.kind === 'no-model'
      ? t('search.notice.noModel')
      : notice.kind === 'not-understood'
        ? t('search.notice.notUnderstood')
        : notice.embeddedWith.length > 0
          ? tLtr(
              t,
              'search.notice.switched',
              { model: notice.model, previous: notice.embeddedWith.join(', ') },
              ['model', 'previous'],
            )
          : tLtr(t, 'search.notice.notEmbedded', { model: notice.model }, ['model']);
  if (notice && result.results.length === 0)
    return (
      <p className="empty-state" role="status" data-notice={notice.kind}>
        {noticeText}
        {notice.kind === 'not-understood' && result.more > 0 ? (
          <>
            {' '}
            <button type="button" className="show-more" onClick={onShowMore}>
              {t('search.showMore', { count: result.more })}
            </button>
          </>
        ) : null}
      </p>
    );
  if (result.results.length === 0)
    return (
      <p className="empty-state" role="status">
        {t('search.empty', { query: result.query })}
      </p>
    );
  const shownAll = result.results.length > result.total;
  return (
    <>
      <p className="view-summary" role="status">
        {noticeText ?? t('search.results', { count: result.total })}
      </p>
      <PhotoGrid
        items={result.results}
        label={t('grid.label')}
        {...(shownAll ? { lessRelevantFrom: result.total } : {})}
        onOpen={(index) => {
          onOpen(result.results, index);
        }}
        selected={selected}
        onSelect={onSelect}
      />
      {!shownAll && result.more > 0 ? (
        <button type="button" className="show-more" onClick={onShowMore}>
          {t('search.showMore', { count: result.more })}
        </button>
      ) : null}
    </>
  );
}
