/** @file Near-duplicate and burst groups side by side, the suggested best copy marked. Nothing is deleted. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateGroup } from '../../shared/search-schemas';
import { call } from '../api/call';
import { Thumbnail } from '../components/thumbnail';
import type { GridItem } from '../components/photo-grid';
import { formatBytes, formatPercent } from '../i18n/format';

const fileName = (p: string | null) => (p ? (p.split(/[\\/]/).pop() ?? p) : '');

export function DuplicatesView({
  onOpen,
}: {
  onOpen: (items: readonly GridItem[], index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('photos:duplicates')
      .then((r) => {
        setGroups(r.groups);
      })
      .catch((e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
      });
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!groups) return null;
  if (groups.length === 0) return <p className="empty-state">{t('duplicates.none')}</p>;
  return (
    <div className="duplicates-view">
      <p className="muted">{t('duplicates.note')}</p>
      {groups.map((g) => {
        const items: GridItem[] = g.photos.map((p) => ({
          id: p.id,
          path: p.path,
          capturedAt: p.capturedAt,
          placeholder: null,
        }));
        return (
          <section
            key={g.bestId}
            className="duplicate-group"
            aria-label={`${t(`duplicates.${g.kind}`)}: ${items.map((i) => fileName(i.path)).join(', ')}`}
          >
            <h2>
              {t(`duplicates.${g.kind}`)} ·{' '}
              {t('duplicates.similarity', { percent: formatPercent(g.similarity, i18n.language) })}
            </h2>
            <ul>
              {g.photos.map((p, i) => (
                <li key={p.id} className={p.id === g.bestId ? 'best' : undefined}>
                  <button
                    type="button"
                    aria-label={fileName(p.path)}
                    onClick={() => {
                      onOpen(items, i);
                    }}
                  >
                    <Thumbnail id={p.id} placeholder={null} />
                  </button>
                  <span>{fileName(p.path)}</span>
                  <span className="muted">
                    {p.width && p.height ? `${String(p.width)} × ${String(p.height)} · ` : ''}
                    {formatBytes(p.bytes, i18n.language)}
                  </span>
                  {p.id === g.bestId ? <strong>{t('duplicates.best')}</strong> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
