/** @file The confirmation before persons are merged, naming them all ([Note: Persons]). */
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './confirm-dialog';

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
  return (
    <ConfirmDialog
      title={t('people.mergeTitle')}
      cancelLabel={t('people.cancel')}
      confirmLabel={t('people.merge')}
      confirmClass="primary"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {(whatId) => (
        <>
          <p id={whatId}>
            {t('people.mergeInto', {
              from: from.map((n) => `\u2068${n}\u2069`).join(t('people.listSeparator')),
              into: `\u2068${into}\u2069`,
            })}
          </p>
          <p>{t('people.mergeKept')}</p>
        </>
      )}
    </ConfirmDialog>
  );
}
