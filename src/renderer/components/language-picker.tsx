/** @file The UI language choice (welcome steps and Settings): switches the UI and the tag language. */
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { chooseLanguage, tagLanguageOf, uiLanguages, type UiLanguage } from '../i18n/i18n';
import { ActionError } from './action-error';

export function LanguagePicker({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { run, error } = useAction();
  return (
    <>
      <h2>
        <label htmlFor={id}>{t('settings.language')}</label>
      </h2>
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => {
          const lang = event.target.value as UiLanguage;
          void chooseLanguage(lang);
          // Tag names follow the UI language.
          void run(() => call('settings:set', { language: tagLanguageOf(lang) }));
        }}
      >
        {Object.entries(uiLanguages).map(([code, l]) => (
          <option key={code} value={code} lang={code}>
            {l.name}
          </option>
        ))}
      </select>
      <ActionError error={error} />
    </>
  );
}
