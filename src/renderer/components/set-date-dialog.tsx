/**
 * @file "Set date…": the capture date of one photo or a selection, stored as the user's
 * decision (photos:setDate; see [Note: User dates] in the core). Used from the viewer's info
 * panel and the selection's action bar.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';

export function SetDateDialog({
  photoIds,
  initial = null,
  onClose,
}: {
  photoIds: readonly number[];
  /** The date to start from (`YYYY-MM-DDTHH:mm:ss`), e.g. the photo's current one. */
  initial?: string | null;
  /** Called with true once the date was set, false when the user cancelled. */
  onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial?.slice(0, 19) ?? '');
  const save = useAction();
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const hintId = useId();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus();
  }, []);

  const submit = async () => {
    const done = await save.run(() => call('photos:setDate', { ids: [...photoIds], date: value }));
    if (done) onClose(true);
  };

  return (
    <div
      className="modal-backdrop"
      onKeyDown={(event) => {
        // Esc closes this dialog only, not the viewer under it.
        event.stopPropagation();
        if (event.key === 'Escape') onClose(false);
      }}
    >
      <form
        className="modal set-date"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={hintId}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId}>{t('setDate.title', { count: photoIds.length })}</h2>
        <label>
          {t('setDate.label')}
          <input
            ref={input}
            type="datetime-local"
            step={1}
            required
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
            }}
          />
        </label>
        <p id={hintId} className="hint">
          {t('setDate.hint')}
        </p>
        <ActionError error={save.error} />
        <div className="modal-actions">
          <button
            type="button"
            onClick={() => {
              onClose(false);
            }}
          >
            {t('setDate.cancel')}
          </button>
          <button type="submit" className="primary" disabled={save.pending || value === ''}>
            {t('setDate.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
