/**
 * @file Settings → Photo folders: the library's folders (add, rescan, watch state), removing
 * one with a confirmation that says what happens to its photos and the user's decisions,
 * Undo for a few seconds after, and the removed folders, each restorable. Removal loses
 * nothing (see [Note: Removed folders] in src/main/library/folder-store.ts).
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderInfo, RemovedFolder } from '../../shared/library-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ChooseFolderButton } from './choose-folder-button';
import { ConfirmDialog } from './confirm-dialog';
import { ActionError } from './action-error';
import { tLtr } from './ltr';

/** How long the Undo of a removal stays on screen; "Removed folders" keeps it after. */
const undoMs = 10_000;

export function FolderSettings({
  desktop,
  onChange,
}: {
  /** The desktop app has a folder picker. */
  desktop: boolean;
  /** Called after folders changed (the page may show sizes that depend on them). */
  onChange?: () => void;
}) {
  const { t } = useTranslation();
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  const [removed, setRemoved] = useState<RemovedFolder[]>([]);
  const [path, setPath] = useState('');
  const [confirming, setConfirming] = useState<FolderInfo | null>(null);
  const [undo, setUndo] = useState<{ folder: RemovedFolder; photos: number } | null>(null);
  const [note, setNote] = useState<ReactNode>(null);
  const { run, error } = useAction();

  const load = useCallback(
    () =>
      Promise.all([
        call('library:folders').then(setFolders),
        call('library:removedFolders').then(setRemoved),
      ]),
    [],
  );
  useEffect(() => {
    void run(load);
  }, [run, load]);
  const changeThenLoad = (change: () => Promise<unknown>) => {
    void run(async () => {
      await change();
      await load();
      onChange?.();
    });
  };

  // The Undo goes after a few seconds; the folder stays under "Removed folders".
  useEffect(() => {
    if (!undo) return;
    const timer = window.setTimeout(() => {
      setUndo(null);
    }, undoMs);
    return () => {
      window.clearTimeout(timer);
    };
  }, [undo]);

  const remove = (folder: FolderInfo) => {
    setConfirming(null);
    changeThenLoad(async () => {
      const result = await call('library:removeFolder', { id: folder.id });
      setNote(null);
      setUndo({ folder: result.folder, photos: result.removedPhotos });
    });
  };
  const restore = (folder: RemovedFolder) => {
    setUndo(null);
    changeThenLoad(async () => {
      const back = await call('library:restoreFolder', { id: folder.id });
      setNote(tLtr(t, 'folders.restored', { path: back.path, count: back.photoCount }, ['path']));
    });
  };

  return (
    <section aria-labelledby="folders-heading">
      <h2 id="folders-heading">{t('settings.folders')}</h2>
      <ul className="folder-list">
        {folders.map((f) => (
          <li key={f.id}>
            <bdi className="path" dir="ltr">
              {f.path}
            </bdi>
            <span className="muted">{t('folders.photos', { count: f.photoCount })}</span>
            <span className="muted">{t(`settings.watch.${f.watchMode}`)}</span>
            <button
              type="button"
              aria-label={t('folders.removeLabel', { path: f.path })}
              onClick={() => {
                setConfirming(f);
              }}
            >
              {t('folders.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!path.trim()) return;
          changeThenLoad(async () => {
            await call('library:addFolder', { path: path.trim(), watch: true });
            setPath('');
          });
        }}
      >
        <input
          aria-label={t('settings.folderPath')}
          placeholder="/home/me/Pictures"
          value={path}
          onChange={(event) => {
            setPath(event.target.value);
          }}
        />
        <ChooseFolderButton desktop={desktop} run={run} onPick={setPath} />
        <button type="submit">{t('settings.addFolder')}</button>
        <button type="button" onClick={() => void run(() => call('library:rescan'))}>
          {t('settings.rescan')}
        </button>
      </form>
      <ActionError error={error} />
      {note ? <p role="status">{note}</p> : null}
      {removed.length > 0 ? (
        <>
          <h3 id="removed-folders-heading">{t('folders.removedTitle')}</h3>
          <p className="muted">{t('folders.removedHint')}</p>
          <ul className="folder-list" aria-labelledby="removed-folders-heading">
            {removed.map((f) => (
              <li key={f.id}>
                <bdi className="path" dir="ltr">
                  {f.path}
                </bdi>
                <span className="muted">{t('folders.kept', { count: f.photoCount })}</span>
                <button
                  type="button"
                  aria-label={t('folders.restoreLabel', { path: f.path })}
                  onClick={() => {
                    restore(f);
                  }}
                >
                  {t('folders.restore')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {confirming ? (
        <RemoveFolderDialog
          folder={confirming}
          onCancel={() => {
            setConfirming(null);
          }}
          onConfirm={() => {
            remove(confirming);
          }}
        />
      ) : null}
      {undo ? (
        <div className="toast" role="status">
          <span>
            {tLtr(t, 'folders.removed', { path: undo.folder.path, count: undo.photos }, ['path'])}
          </span>
          <button
            type="button"
            onClick={() => {
              restore(undo.folder);
            }}
          >
            {t('folders.undo')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** The confirmation: what leaves, what stays, and how it comes back. Esc or Cancel keeps the folder. */
function RemoveFolderDialog({
  folder,
  onCancel,
  onConfirm,
}: {
  folder: FolderInfo;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('folders.confirmTitle')}
      cancelLabel={t('folders.cancel')}
      confirmLabel={t('folders.confirm')}
      confirmClass="danger"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {(whatId) => (
        <>
          <p>
            <bdi className="path" dir="ltr">
              {folder.path}
            </bdi>
          </p>
          <p id={whatId}>{t('folders.confirmPhotos', { count: folder.photoCount })}</p>
          <p>{t('folders.confirmKept')}</p>
        </>
      )}
    </ConfirmDialog>
  );
}
