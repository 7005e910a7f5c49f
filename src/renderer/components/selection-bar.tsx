/**
 * @file The selection bar: floats over the bottom of the grid while photos are selected
 * (Library, Search and Similar results), says how many, clears them (also Esc, wherever
 * the focus is but a text field) and offers the actions of [Note: Selection actions].
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';
import { selectionActions, type SelectionAction, type SelectionContext } from './selection-actions';

/** Where typing happens: Esc belongs to the field there (a search box clears itself, a form closes). */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    (target.tagName === 'INPUT' &&
      !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(
        (target as HTMLInputElement).type,
      ))
  );
}

export function SelectionBar({
  selected,
  onClear,
  desktop,
  onFindSimilar,
  extraActions = [],
}: {
  selected: ReadonlySet<number>;
  onClear: () => void;
  desktop: boolean;
  onFindSimilar: (photo: { id: number; path: string | null }) => void;
  /** Actions another part of the app adds (after the built-in ones). */
  extraActions?: readonly SelectionAction[];
}) {
  const { t } = useTranslation();
  const { run, pending, error, dismiss } = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<SelectionAction | null>(null);
  const ids = useMemo(() => [...selected], [selected]);
  const count = ids.length;

  // A changed selection drops the last action's status and error; an open form stays (what
  // the user typed is kept, and applies to the selection as it is when sent) until the
  // selection is empty. An action that emptied the selection itself (the trash) keeps its
  // status shown until dismissed. Adjusted while rendering, as React advises for state that
  // follows a prop.
  const [shownFor, setShownFor] = useState(selected);
  const [keepStatus, setKeepStatus] = useState(false);
  if (shownFor !== selected) {
    setShownFor(selected);
    setKeepStatus(false);
    if (selected.size === 0) setOpen(null);
    if (!(keepStatus && selected.size === 0)) {
      setStatus(null);
      dismiss();
    }
  }

  // Esc clears the selection wherever the focus is, except in a text field or a dialog
  // (the viewer closes itself on Esc) and unless something already handled the key.
  useEffect(() => {
    if (count === 0) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTextField(event.target)) return;
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
      event.preventDefault();
      onClear();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, [count, onClear]);

  const ctx = useMemo<SelectionContext>(
    () => ({
      ids,
      // Asked anew by each action: files can move between two actions.
      photos: () => call('photos:files', { ids }).then((r) => r.photos),
      clear: () => {
        setKeepStatus(true);
        onClear();
      },
    }),
    [ids, onClear],
  );

  const actions = [...selectionActions({ t, count, desktop, onFindSimilar }), ...extraActions];
  const start = useCallback(
    (action: SelectionAction) => {
      setStatus(null);
      if (action.Form) {
        setOpen(action);
        return;
      }
      const work = action.run;
      if (!work) return;
      void run(async () => {
        setStatus(await work(ctx));
      });
    },
    [ctx, run],
  );

  if (count === 0)
    return status ? (
      <div className="selection-bar">
        <div className="selection-bar-row">
          <p role="status">{status}</p>
          <button
            type="button"
            onClick={() => {
              setStatus(null);
            }}
          >
            {t('selection.dismiss')}
          </button>
        </div>
      </div>
    ) : null;
  const Form = open?.Form;
  return (
    <div className="selection-bar" role="toolbar" aria-label={t('selection.bar')}>
      <div className="selection-bar-row">
        <strong className="selection-count" aria-live="polite">
          {t('grid.selected', { count })}
        </strong>
        <button type="button" onClick={onClear} aria-keyshortcuts="Escape">
          {t('selection.clear')}
        </button>
        <span className="selection-sep" aria-hidden="true" />
        {actions.map((action) => (
          <button
            key={action.id}
            type="button"
            disabled={pending || Boolean(action.disabledReason)}
            title={action.disabledReason ?? undefined}
            aria-expanded={action.Form ? open?.id === action.id : undefined}
            onClick={() => {
              start(action);
            }}
          >
            {action.label}
          </button>
        ))}
      </div>
      {Form ? (
        <Form
          ctx={ctx}
          done={(message) => {
            setOpen(null);
            setStatus(message);
          }}
        />
      ) : null}
      <ActionError error={error} />
      {status ? <p role="status">{status}</p> : null}
    </div>
  );
}
