/** @file The confirmation before persons are merged, naming them all ([Note: Persons]). */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function MergeDialog({
  from,
  into,
  onConfirm,
  onCancel,
}: {
  /** The names of the persons that go into `into`. */
  from: readonly string[];
  into: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="merge-title"
      aria-describedby="merge-what"
      onClose={onCancel}
    >
      <h2 id="merge-title">{t('people.mergeTitle')}</h2>
      <p id="merge-what">
        {t('people.mergeInto', {
          from: from.map((n) => `\u2068${n}\u2069`).join(t('people.listSeparator')),
          into: `\u2068${into}\u2069`,
        })}
      </p>
      <p>{t('people.mergeKept')}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>
          {t('people.cancel')}
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          {t('people.merge')}
        </button>
      </div>
    </dialog>
  );
}
