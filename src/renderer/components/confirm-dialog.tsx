/**
 * @file A modal confirmation before something the user should think twice about (removing a
 * folder, merging persons): a native <dialog>, Esc or Cancel backs out, Cancel has the focus.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ConfirmDialog({
  title,
  children,
  cancelLabel,
  confirmLabel,
  confirmClass,
  onConfirm,
  onCancel,
}: {
  title: string;
  /** The body: `describedById` goes on the part that says what will happen. */
  children: (describedById: string) => ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  /** `danger` for what takes things away, `primary` otherwise. */
  confirmClass: 'danger' | 'primary';
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const whatId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={whatId}
      onClose={onCancel}
    >
      <h2 id={titleId}>{title}</h2>
      {children(whatId)}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>
          {cancelLabel}
        </button>
        <button type="button" className={confirmClass} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
