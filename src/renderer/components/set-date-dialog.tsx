/**
 * @file "Set date…": the capture date of one photo or a selection, stored as the user's
 * decision (photos:setDate; see [Note: User dates] in the core). Used from the viewer's info
 * panel and the selection's action bar.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { FormDialog } from './form-dialog';

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

  const submit = async () => {
    const done = await save.run(() => call('photos:setDate', { ids: [...photoIds], date: value }));
    if (done) onClose(true);
  };

  return (
    <FormDialog
      className="set-date"
      title={t('setDate.title', { count: photoIds.length })}
      hint={t('setDate.hint')}
      errors={[save.error]}
      autoFocus={input}
      cancelLabel={t('setDate.cancel')}
      saveLabel={t('setDate.save')}
      canSave={!save.pending && value !== ''}
      onSubmit={() => void submit()}
      onCancel={() => {
        onClose(false);
      }}
      fields={
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
      }
    />
  );
}
