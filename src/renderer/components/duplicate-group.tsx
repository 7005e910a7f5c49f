/**
 * @file One duplicate group (see [Note: Near-duplicates]): its kind in words, every copy with
 * its folder and file name, a choice of the copy to keep (the suggested best one first), and
 * what to do with the others: trash (desktop, asked first) or mark (server), or "not duplicates".
 */
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../shared/assert-never';
import type { DuplicateGroup as Group } from '../../shared/search-schemas';
import { fileName, folderOf } from '../file-name';
import { formatBytes, formatPercent } from '../i18n/format';
import { Ltr } from './ltr';
import type { GridItem } from './photo-grid';
import { Thumbnail } from './thumbnail';

/** A copy's key in its group: the file for same-file groups, else the photo. */
export const copyKey = (g: Group, p: Group['photos'][number]) =>
  g.kind === 'same-file' ? (p.path ?? '') : String(p.id);

export function DuplicateGroup({
  group,
  desktop,
  pending,
  onOpen,
  onRemoveOthers,
  onDismiss,
}: {
  group: Group;
  desktop: boolean;
  pending: boolean;
  onOpen: (items: readonly GridItem[], index: number) => void;
  /** Trash or mark every copy but `keep` (a copyKey). */
  onRemoveOthers: (keep: string) => void;
  onDismiss: () => void;
}) {
  const { t, i18n } = useTranslation();
  const best = group.photos.find((p) => p.match === null) ?? group.photos[0];
  const [keep, setKeep] = useState(best ? copyKey(group, best) : '');
  const others = group.photos.filter((p) => copyKey(group, p) !== keep && !p.marked).length;
  const title = groupTitle(group, t, i18n.language);
  const items: GridItem[] = group.photos.map((p) => ({
    id: p.id,
    path: p.path,
    capturedAt: p.capturedAt,
    placeholder: null,
  }));
  return (
    <section
      className="duplicate-group"
      aria-label={`${title}: ${group.photos.map((p) => fileName(p.path)).join(', ')}`}
    >
      <h2>{title}</h2>
      <p className="muted">{t(`duplicates.about.${aboutKey(group.kind)}`)}</p>
      <ul>
        {group.photos.map((p, i) => {
          const key = copyKey(group, p);
          return (
            <li key={key} className={key === keep ? 'best' : undefined}>
              <button
                type="button"
                aria-label={fileName(p.path)}
                onClick={() => {
                  onOpen(items, i);
                }}
              >
                <Thumbnail id={p.id} placeholder={null} />
              </button>
              <bdi className="copy-name" dir="ltr" title={p.path ?? ''}>
                {fileName(p.path)}
              </bdi>
              {/* Cut at its start, so the folder's own name shows (see styles.css). */}
              <span className="copy-folder muted" title={folderOf(p.path)}>
                <Ltr>{folderOf(p.path)}</Ltr>
              </span>
              <span className="muted">
                {p.width && p.height ? `${String(p.width)} × ${String(p.height)} · ` : ''}
                {formatBytes(p.bytes, i18n.language)}
              </span>
              {p.match === null ? <strong>{t('duplicates.best')}</strong> : null}
              {p.marked ? (
                <strong className="marked">{t('duplicates.markedFile')}</strong>
              ) : (
                <label className="checkbox">
                  <input
                    type="radio"
                    name={`keep-${group.kind}-${String(group.bestId)}`}
                    checked={key === keep}
                    onChange={() => {
                      setKeep(key);
                    }}
                  />
                  {t('duplicates.keep')}
                </label>
              )}
            </li>
          );
        })}
      </ul>
      <div className="group-actions">
        {others > 0 ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              onRemoveOthers(keep);
            }}
          >
            {desktop
              ? t('duplicates.trash', { count: others })
              : t('duplicates.mark', { count: others })}
          </button>
        ) : null}
        <button type="button" disabled={pending} onClick={onDismiss}>
          {t('duplicates.dismiss')}
        </button>
      </div>
    </section>
  );
}

/** The kind in words; a percentage only where it means something (near copies). */
function groupTitle(g: Group, t: TFunction, lang: string): string {
  switch (g.kind) {
    case 'same-file':
      return t('duplicates.sameFile', { count: g.photos.length });
    case 'exact':
      return t('duplicates.exact');
    case 'near':
      return g.similarity === null
        ? t('duplicates.near')
        : `${t('duplicates.near')} · ${t('duplicates.similarity', { percent: formatPercent(g.similarity, lang) })}`;
    case 'burst':
      return t('duplicates.burst');
    default:
      return assertNever(g.kind);
  }
}

function aboutKey(kind: Group['kind']): string {
  return kind === 'same-file' ? 'sameFile' : kind;
}
