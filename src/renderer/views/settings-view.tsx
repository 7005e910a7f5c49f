/** @file Settings: language, photo folders (add, remove, rescan, watch state), XMP writing, model, data folder. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import type { FolderInfo } from '../../shared/library-schemas';
import { call } from '../api/call';
import { formatBytes } from '../i18n/format';
import { LanguagePicker } from '../components/language-picker';

export function SettingsView({ dataDir }: { dataDir: string | null }) {
  const { t, i18n } = useTranslation();
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  const [models, setModels] = useState<ChannelValue<'models:list'>>([]);
  const [xmp, setXmp] = useState(false);
  const [settings, setSettings] = useState<ChannelValue<'settings:get'> | null>(null);
  const [storage, setStorage] = useState<ChannelValue<'library:storage'> | null>(null);
  const [info, setInfo] = useState<ChannelValue<'app:info'> | null>(null);
  const [note, setNote] = useState<string | null>(null);
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
        setSettings(s);
      }),
    );
    void guard(call('library:storage').then(setStorage));
    void guard(call('app:info').then(setInfo));
  }, []);
  useEffect(reload, [reload]);

  return (
    <div className="settings-view">
      <section>
        <LanguagePicker id="language" />
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
          {info?.host === 'desktop' ? (
            <button
              type="button"
              onClick={() =>
                void guard(
                  call('library:pickFolder').then((r) => {
                    if (r.path) setPath(r.path);
                  }),
                )
              }
            >
              {t('settings.chooseFolder')}
            </button>
          ) : null}
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
      {settings ? (
        <section aria-labelledby="performance-heading">
          <h2 id="performance-heading">{t('settings.performance')}</h2>
          <label className="field">
            {t('settings.provider')}{' '}
            <select
              value={settings.provider}
              onChange={(event) => {
                const provider = event.target.value as typeof settings.provider;
                void guard(call('settings:set', { provider }).then(setSettings));
              }}
            >
              <option value="auto">{t('settings.providerAuto')}</option>
              {(['cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const).map((p) => (
                <option key={p} value={p}>
                  {p.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('settings.threads')}{' '}
            <input
              type="number"
              min={1}
              max={256}
              value={settings.threads ?? ''}
              onChange={(event) => {
                const n = Number(event.target.value);
                const threads =
                  event.target.value === '' || !Number.isInteger(n) || n < 1 ? null : n;
                void guard(call('settings:set', { threads }).then(setSettings));
              }}
            />
          </label>
          <p className="muted">{t('settings.restartNote')}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.pauseOnBattery}
              onChange={(event) => {
                void guard(
                  call('settings:set', { pauseOnBattery: event.target.checked }).then(setSettings),
                );
              }}
            />
            {t('settings.pauseOnBattery')}
          </label>
        </section>
      ) : null}
      <section aria-labelledby="storage-heading">
        <h2 id="storage-heading">{t('settings.storage')}</h2>
        <p className="path">{dataDir}</p>
        {storage ? (
          <dl className="storage">
            <dt>{t('settings.storageDatabase')}</dt>
            <dd>{formatBytes(storage.database, i18n.language)}</dd>
            <dt>{t('settings.storageThumbnails')}</dt>
            <dd>{formatBytes(storage.thumbnails, i18n.language)}</dd>
            <dt>{t('settings.storagePreviews')}</dt>
            <dd>{formatBytes(storage.previews, i18n.language)}</dd>
            <dt>{t('settings.storageModels')}</dt>
            <dd>{formatBytes(storage.models, i18n.language)}</dd>
          </dl>
        ) : null}
        <button
          type="button"
          onClick={() =>
            void guard(
              call('library:clearPreviews').then((r) => {
                setNote(t('settings.cleared', { size: formatBytes(r.freedBytes, i18n.language) }));
                reload();
              }),
            )
          }
        >
          {t('settings.clearPreviews')}
        </button>
        {note ? <p role="status">{note}</p> : null}
      </section>
      {info ? (
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">{t('settings.about')}</h2>
          <p>
            Fotoglot · {t('settings.version', { version: info.version })} · onnxruntime{' '}
            {info.worker.onnxruntimeVersion ?? '?'} · SQLite {info.database.sqliteVersion} ·
            sqlite-vec {info.database.sqliteVecVersion}
            {info.inference
              ? ` · ${info.inference.model} (${info.inference.executionProvider})`
              : ''}
          </p>
        </section>
      ) : null}
    </div>
  );
}
