/**
 * @file A modal form for one decision about photos ("Set date…", "Set place…"): a title, the
 * fields, a hint, errors, Cancel and Save. Esc closes this dialog only (not the viewer under
 * it); focus goes to `autoFocus` on open and back to where it was on close.
 */
import { useEffect, useId, type ReactNode, type RefObject } from 'react';
import type { AppError } from '../../shared/result';
import { ActionError } from './action-error';

export function FormDialog({
  className,
  title,
  hint,
  errors,
  autoFocus,
  cancelLabel,
  saveLabel,
  canSave,
  onSubmit,
  onCancel,
  fields,
  extra = null,
}: {
  className: string;
  title: string;
  hint: string;
  errors: readonly (AppError | null)[];
  /** The field focused on open. */
  autoFocus: RefObject<HTMLInputElement | null>;
  cancelLabel: string;
  saveLabel: string;
  canSave: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  /** The inputs, above the hint. */
  fields: ReactNode;
  /** What goes below the hint (choices, what was understood). */
  extra?: ReactNode;
}) {
  const titleId = useId();
  const hintId = useId();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    autoFocus.current?.focus();
    return () => previous?.focus();
  }, [autoFocus]);

  return (
    <div
      className="modal-backdrop"
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape') onCancel();
      }}
    >
      <form
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={hintId}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {fields}
        <p id={hintId} className="hint">
          {hint}
        </p>
        {extra}
        {errors.map((error, i) => (
          <ActionError key={i} error={error} />
        ))}
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="submit" className="primary" disabled={!canSave}>
            {saveLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
