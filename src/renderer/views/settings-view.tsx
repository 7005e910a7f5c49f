/** @file Settings: language, photo folders (add, remove, rescan, watch state), XMP writing, model, data folder. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import type { FolderInfo } from '../../shared/library-schemas';
import { call } from '../api/call';
import { tagLanguageOf, uiLanguages, type UiLanguage } from '../i18n/i18n';

export function SettingsView({
  dataDir,
  onLanguage,
}: {
  dataDir: string | null;
  onLanguage: (lang: UiLanguage) => void;
}) {
  const { t, i18n } = useTranslation();
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  const [models, setModels] = useState<ChannelValue<'models:list'>>([]);
  const [xmp, setXmp] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);

  const guard = (work: Promise<unknown>) =>
    work.catch((e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
    });
  const reload = useCallback(() => {
    void guard(call('library:folders').then(setFolders));
    void guard(call('models:list', {}).then(setModels));
    void guard(
      call('settings:get').then((s) => {
        setXmp(s.xmpWrite);
      }),
    );
  }, []);
  useEffect(reload, [reload]);

  return (
    <div className="settings-view">
      <section>
        <h2>
          <label htmlFor="language">{t('settings.language')}</label>
        </h2>
        <select
          id="language"
          value={i18n.language}
          onChange={(event) => {
            const lang = event.target.value as UiLanguage;
            onLanguage(lang);
            void guard(call('settings:set', { language: tagLanguageOf(lang) }));
          }}
        >
          {Object.entries(uiLanguages).map(([code, l]) => (
            <option key={code} value={code} lang={code}>
              {l.name}
            </option>
          ))}
        </select>
      </section>
      <section aria-labelledby="folders-heading">
        <h2 id="folders-heading">{t('settings.folders')}</h2>
        <ul className="folder-list">
          {folders.map((f) => (
            <li key={f.id}>
              <span className="path">{f.path}</span>
              <span className="muted">{t(`settings.watch.${f.watchMode}`)}</span>
              <button
                type="button"
                aria-label={t('settings.remove', { path: f.path })}
                onClick={() => void guard(call('library:removeFolder', { id: f.id }).then(reload))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!path.trim()) return;
            void guard(
              call('library:addFolder', { path: path.trim(), watch: true }).then(() => {
                setPath('');
                setError(null);
                reload();
              }),
            );
          }}
        >
          <input
            aria-label={t('settings.folderPath')}
            placeholder="/home/me/Pictures"
            value={path}
            onChange={(event) => {
              setPath(event.target.value);
            }}
          />
          <button type="submit">{t('settings.addFolder')}</button>
          <button type="button" onClick={() => void guard(call('library:rescan'))}>
            {t('settings.rescan')}
          </button>
        </form>
        {error ? <p role="alert">{error}</p> : null}
      </section>
      <section>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={xmp}
            onChange={(event) => {
              setXmp(event.target.checked);
              void guard(call('settings:set', { xmpWrite: event.target.checked }));
            }}
          />
          {t('settings.xmp')}
        </label>
      </section>
      <section aria-labelledby="models-heading">
        <h2 id="models-heading">{t('settings.models')}</h2>
        <ul className="model-list">
          {models
            .filter((m) => m.installed)
            .map((m) => (
              <li key={m.id}>
                <span>{m.id}</span> <span className="muted">{m.description}</span>{' '}
                {m.active ? (
                  <strong>{t('settings.active')}</strong>
                ) : (
                  <button
                    type="button"
                    onClick={() => void guard(call('models:use', { id: m.id }).then(reload))}
                  >
                    {t('settings.useModel', { id: m.id })}
                  </button>
                )}
              </li>
            ))}
        </ul>
      </section>
      <section>
        <h2>{t('settings.dataDir')}</h2>
        <p className="path">{dataDir}</p>
      </section>
    </div>
  );
}
