/**
 * @file "Choose folder…": the system folder picker (desktop only; the server's browser cannot
 * see the server's disk, so it has the path field alone). The picked path goes to `onPick`; a
 * failure shows where the caller's action shows its errors.
 */
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import type { Action } from '../hooks/use-action';

export function ChooseFolderButton({
  desktop,
  run,
  onPick,
}: {
  desktop: boolean;
  run: Action['run'];
  onPick: (path: string) => void;
}) {
  const { t } = useTranslation();
  if (!desktop) return null;
  return (
    <button
      type="button"
      onClick={() => {
        void run(async () => {
          const picked = await call('library:pickFolder');
          if (picked.path) onPick(picked.path);
        });
      }}
    >
      {t('settings.chooseFolder')}
    </button>
  );
}
