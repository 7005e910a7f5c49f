/**
 * @file The duplicate groups (see [Note: Near-duplicates]), each with the copy to keep and
 * what to do with the others; a spinner while they are looked for. Fotoglot deletes nothing:
 * the desktop moves chosen copies to the OS trash after asking, the server marks them.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateGroup as Group } from '../../shared/search-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { copyKey, DuplicateGroup } from '../components/duplicate-group';
import type { GridItem } from '../components/photo-grid';
import { useAction } from '../hooks/use-action';

export function DuplicatesView({
  onOpen,
  desktop,
}: {
  onOpen: (items: readonly GridItem[], index: number) => void;
  /** The desktop app moves files to the OS trash; the headless host only marks them. */
  desktop: boolean;
}) {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { run: runLoad, pending: loading, error: loadError } = useAction();
  const act = useAction();
  useEffect(() => {
    void runLoad(async () => {
      setGroups((await call('photos:duplicates')).groups);
    });
  }, [runLoad, version]);

  const removeOthers = (group: Group, keep: string) => {
    const others = group.photos.filter((p) => copyKey(group, p) !== keep && !p.marked);
    if (others.length === 0) return;
    // The desktop app moves files to the trash: ask first. The server only marks them.
    if (desktop && !window.confirm(t('duplicates.confirmTrash', { count: others.length }))) return;
    void act.run(async () => {
      if (group.kind === 'same-file') {
        const r = await call('photos:trashCopies', {
          photoId: group.bestId,
          paths: others.flatMap((p) => p.path ?? []),
        });
        setMessage(
          desktop
            ? t('duplicates.trashed', { count: r.trashed })
            : t('duplicates.markedFiles', { count: r.marked }),
        );
      } else {
        const r = await call('photos:trash', { ids: others.map((p) => p.id) });
        setMessage(
          desktop
            ? t('duplicates.trashed', { count: r.trashed })
            : t('duplicates.marked', { count: r.marked }),
        );
      }
      setVersion((v) => v + 1);
    });
  };

  const dismiss = (group: Group) => {
    void act.run(async () => {
      await call(
        'photos:dismissDuplicates',
        group.kind === 'same-file'
          ? { photoId: group.bestId, paths: group.photos.flatMap((p) => p.path ?? []) }
          : { photoIds: group.photos.map((p) => p.id) },
      );
      setGroups((gs) => gs?.filter((g) => g !== group) ?? null);
      setMessage(t('duplicates.dismissed'));
    });
  };

  if (!groups)
    return loadError ? (
      <ActionError error={loadError} />
    ) : (
      <div className="loading" role="status" aria-busy="true" aria-label={t('duplicates.loading')}>
        <span className="spinner" aria-hidden="true" />
        {t('duplicates.loading')}
      </div>
    );
  return (
    <div className="duplicates-view" aria-busy={loading}>
      <p className="muted">{t('duplicates.note')}</p>
      {message ? <p role="status">{message}</p> : null}
      <ActionError error={act.error ?? loadError} />
      {groups.length === 0 ? <p className="empty-state">{t('duplicates.none')}</p> : null}
      {groups.map((g) => (
        <DuplicateGroup
          key={`${g.kind}:${String(g.bestId)}:${g.bestPath ?? ''}`}
          group={g}
          desktop={desktop}
          pending={act.pending}
          onOpen={onOpen}
          onRemoveOthers={(keep) => {
            removeOthers(g, keep);
          }}
          onDismiss={() => {
            dismiss(g);
          }}
        />
      ))}
    </div>
  );
}
