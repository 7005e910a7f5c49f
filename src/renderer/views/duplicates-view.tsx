/** @file Near-duplicate and burst groups side by side, the suggested best copy marked. Nothing is deleted. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileName } from '../file-name';
import type { DuplicateGroup } from '../../shared/search-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { Thumbnail } from '../components/thumbnail';
import type { GridItem } from '../components/photo-grid';
import { useAction } from '../hooks/use-action';
import { formatBytes, formatPercent } from '../i18n/format';

export function DuplicatesView({
  onOpen,
  desktop,
}: {
  onOpen: (items: readonly GridItem[], index: number) => void;
  /** The desktop app moves files to the OS trash; the headless host only marks them. */
  desktop: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { run, pending, error } = useAction();
  useEffect(() => {
    void run(async () => {
      setGroups((await call('photos:duplicates')).groups);
    });
  }, [run, version]);
  const removeChosen = () => {
    const ids = [...chosen];
    // The desktop app moves files to the trash: ask first. The server only marks them.
    if (desktop && !window.confirm(t('duplicates.confirmTrash', { count: ids.length }))) return;
    void run(async () => {
      const r = await call('photos:trash', { ids });
      setMessage(
        desktop
          ? t('duplicates.trashed', { count: r.trashed })
          : t('duplicates.marked', { count: r.marked }),
      );
      setChosen(new Set());
      setVersion((v) => v + 1);
    });
  };
  if (!groups) return <ActionError error={error} />;
  if (groups.length === 0) return <p className="empty-state">{t('duplicates.none')}</p>;
  return (
    <div className="duplicates-view">
      <p className="muted">{t('duplicates.note')}</p>
      {message ? <p role="status">{message}</p> : null}
      <ActionError error={error} />
      {chosen.size > 0 ? (
        <button type="button" className="primary" disabled={pending} onClick={removeChosen}>
          {desktop
            ? t('duplicates.trash', { count: chosen.size })
            : t('duplicates.mark', { count: chosen.size })}
        </button>
      ) : null}
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
                  {p.id === g.bestId ? (
                    <strong>{t('duplicates.best')}</strong>
                  ) : (
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={chosen.has(p.id)}
                        onChange={(event) => {
                          const next = new Set(chosen);
                          if (event.target.checked) next.add(p.id);
                          else next.delete(p.id);
                          setChosen(next);
                        }}
                      />
                      {t('duplicates.remove')}
                    </label>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
