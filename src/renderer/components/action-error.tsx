/** @file How a failed user action is shown, the same everywhere (see [Note: User actions]). */
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../shared/result';

export function ActionError({ error }: { error: AppError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p role="alert" className="action-error" data-code={error.code}>
      {t('errors.generic', { message: error.message })}
    </p>
  );
}
