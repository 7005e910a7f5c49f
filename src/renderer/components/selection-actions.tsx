/**
 * @file What the selection bar offers for the selected photos: tag them, set their date or
 * place, accept or reject their suggested tags, find similar, show in folder / open (desktop),
 * trash (desktop) or mark for deletion (server), copy their paths.
 *
 * [Note: Selection actions]
 * Each action is one entry of the list `selectionActions()` returns: a label, whether this
 * host and this selection allow it, and either `run` (acts at once; the text it returns is
 * the bar's status line) or `Form` (a small form the bar opens below its buttons, e.g. the
 * tag to add; it calls `done` with the status line when finished or null when cancelled).
 * Adding an action ("Set date…") is adding one entry here; the bar draws whatever the list
 * holds. Actions call the core through `call`; a thrown error is shown by the bar.
 */
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../api/call';
import { folderOf } from '../file-name';
import { SetDateDialog } from './set-date-dialog';
import { SetPlaceDialog } from './set-place-dialog';

/** A selected photo's files (`photos:files`): the path that stands for it and every copy. */
export interface SelectedPhoto {
  id: number;
  path: string | null;
  files: string[];
}

/** What an action gets: the selection, its files on demand, and the bar's hooks. */
export interface SelectionContext {
  ids: readonly number[];
  /** The selected photos' files, in selection order (asked of the core on first use). */
  photos: () => Promise<SelectedPhoto[]>;
  /** Empties the selection (after the photos went away, e.g. to the trash). */
  clear: () => void;
}

export interface SelectionAction {
  id: string;
  label: string;
  /** Why it cannot act on this selection now (shown as the button's hint), or null. */
  disabledReason?: string | null;
  /** Acts at once; resolves to the status line to show (or null for none). */
  run?: (ctx: SelectionContext) => Promise<string | null>;
  /** Or asks something first: a small form shown under the bar. */
  Form?: ComponentType<{ ctx: SelectionContext; done: (status: string | null) => void }>;
}

/** At most this many photos are opened, or folders shown, at once: each is a window. */
export const maxWindows = 10;

/** Puts text on the clipboard; outside a secure context (a server opened by its LAN name) the older way. */
async function copyText(text: string): Promise<void> {
  // `navigator.clipboard` exists in secure contexts only (https, localhost).
  if (window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only way to copy outside a secure context.
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The browser did not allow copying to the clipboard.');
}

/** The tag form: one name, in any language, put on every selected photo (`tags:addMany`). */
function TagForm({ ctx, done }: { ctx: SelectionContext; done: (status: string | null) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <form
      className="selection-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() === '') return;
        setBusy(true);
        setFailed(null);
        call('tags:addMany', { photoIds: [...ctx.ids], name })
          .then((r) => {
            done(t('selection.tagged', { count: r.photos, name: name.trim() }));
          })
          .catch((e: unknown) => {
            setFailed(e instanceof Error ? e.message : String(e));
            setBusy(false);
          });
      }}
      onKeyDown={(event) => {
        // Esc leaves the form (the selection stays): see the bar's Esc handling.
        if (event.key === 'Escape') {
          event.preventDefault();
          done(null);
        }
      }}
    >
      <input
        // Opened by the user’s click to type a tag: focus goes straight to the field.
        autoFocus
        type="text"
        aria-label={t('selection.tagLabel')}
        placeholder={t('tags.addPlaceholder')}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
        }}
      />
      <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
        {t('tags.add')}
      </button>
      <button
        type="button"
        onClick={() => {
          done(null);
        }}
      >
        {t('selection.cancel')}
      </button>
      {failed ? <p role="alert">{failed}</p> : null}
    </form>
  );
}

/** "Set date…": the date dialog for every selected photo (a user decision, see [Note: User dates]). */
function DateForm({ ctx, done }: { ctx: SelectionContext; done: (status: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <SetDateDialog
      photoIds={ctx.ids}
      onClose={(changed) => {
        done(changed ? t('selection.dated', { count: ctx.ids.length }) : null);
      }}
    />
  );
}

/** "Set place…": the place dialog for every selected photo (a user decision, see [Note: Photo places]). */
function PlaceForm({
  ctx,
  done,
}: {
  ctx: SelectionContext;
  done: (status: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <SetPlaceDialog
      photoIds={ctx.ids}
      onClose={(changed) => {
        done(changed ? t('selection.placed', { count: ctx.ids.length }) : null);
      }}
    />
  );
}

/** The actions of the selection bar, in the order shown (see [Note: Selection actions]). */
export function selectionActions({
  t,
  count,
  desktop,
  onFindSimilar,
}: {
  t: TFunction;
  /** How many photos are selected. */
  count: number;
  /** The desktop app can open files, show them in their folder and use the trash. */
  desktop: boolean;
  onFindSimilar: (photo: { id: number; path: string | null }) => void;
}): SelectionAction[] {
  const actions: SelectionAction[] = [
    { id: 'tag', label: t('selection.addTag'), Form: TagForm },
    { id: 'date', label: t('viewer.setDate'), Form: DateForm },
    { id: 'place', label: t('selection.setPlace'), Form: PlaceForm },
    {
      id: 'accept',
      label: t('selection.accept'),
      run: async ({ ids }) => {
        const r = await call('tags:acceptAll', { photoIds: [...ids] });
        return t('selection.accepted', { count: r.accepted });
      },
    },
    {
      id: 'reject',
      label: t('selection.reject'),
      run: async ({ ids }) => {
        const r = await call('tags:rejectAll', { photoIds: [...ids] });
        return t('selection.rejected', { count: r.rejected });
      },
    },
    {
      // Similar to one photo: for several there is no one answer, so the user picks one.
      id: 'similar',
      label: t('viewer.findSimilar'),
      disabledReason: count === 1 ? null : t('selection.similarOne'),
      run: async ({ photos }) => {
        const [photo] = await photos();
        if (photo) onFindSimilar(photo);
        return null;
      },
    },
  ];
  if (desktop)
    actions.push(
      {
        // One window per folder: photos side by side in a folder are shown together.
        id: 'reveal',
        label: t('viewer.showInFolder'),
        run: async ({ photos }) => {
          const byFolder = new Map<string, number>();
          for (const p of await photos())
            if (p.path && !byFolder.has(folderOf(p.path))) byFolder.set(folderOf(p.path), p.id);
          if (byFolder.size > maxWindows) return t('selection.tooManyFolders', { max: maxWindows });
          for (const id of byFolder.values()) await call('photos:reveal', { id });
          return null;
        },
      },
      {
        id: 'open',
        label: t('viewer.openExternal'),
        disabledReason: count > maxWindows ? t('selection.tooMany', { max: maxWindows }) : null,
        run: async ({ ids }) => {
          for (const id of ids) await call('photos:openExternal', { id });
          return null;
        },
      },
    );
  actions.push(
    {
      id: 'copy',
      label: t('selection.copyPaths'),
      run: async ({ photos }) => {
        const paths = (await photos()).flatMap((p) => p.path ?? []);
        await copyText(paths.join('\n'));
        return t('selection.copied', { count: paths.length });
      },
    },
    desktop
      ? {
          id: 'trash',
          label: t('selection.trash'),
          run: async ({ ids, photos, clear }) => {
            // Every file of each photo goes: the confirmation counts files, not photos.
            const files = (await photos()).reduce((n, p) => n + p.files.length, 0);
            if (!window.confirm(t('selection.confirmTrash', { count: files }))) return null;
            const r = await call('photos:trash', { ids: [...ids] });
            clear();
            return t('duplicates.trashed', { count: r.trashed });
          },
        }
      : {
          // The server deletes nothing: it marks, as the duplicates view does.
          id: 'mark',
          label: t('selection.mark'),
          run: async ({ ids }) => {
            const r = await call('photos:trash', { ids: [...ids] });
            return t('duplicates.marked', { count: r.marked });
          },
        },
  );
  return actions;
}
