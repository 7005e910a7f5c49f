/** @file Settings: language, photo folders (add, remove, rescan, watch state), XMP writing, model, data folder. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import type { FolderInfo } from '../../shared/library-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { LanguagePicker } from '../components/language-picker';
import { ModelSettings } from '../components/model-settings';
import { useAction } from '../hooks/use-action';
import { formatBytes } from '../i18n/format';

export function SettingsView({ dataDir }: { dataDir: string | null }) {
  const { t, i18n } = useTranslation();
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  const [xmp, setXmp] = useState(false);
  const [settings, setSettings] = useState<ChannelValue<'settings:get'> | null>(null);
  const [storage, setStorage] = useState<ChannelValue<'library:storage'> | null>(null);
  const [info, setInfo] = useState<ChannelValue<'app:info'> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const { run, error } = useAction();

  /** Everything the page shows; each part appears as soon as it arrives. */
  const load = useCallback(
    () =>
      Promise.all([
        call('library:folders').then(setFolders),
        call('settings:get').then((s) => {
          setXmp(s.xmpWrite);
          setSettings(s);
        }),
        call('library:storage').then(setStorage),
        call('app:info').then(setInfo),
      ]),
    [],
  );
  useEffect(() => {
    void run(load);
  }, [run, load]);
  /** A change the user asked for, then the page as it is afterwards. */
  const changeThenLoad = (change: () => Promise<unknown>) => {
    void run(async () => {
      await change();
      await load();
    });
  };

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
                onClick={() => {
                  changeThenLoad(() => call('library:removeFolder', { id: f.id }));
                }}
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
            changeThenLoad(async () => {
              await call('library:addFolder', { path: path.trim(), watch: true });
              setPath('');
            });
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
                void run(async () => {
                  const picked = await call('library:pickFolder');
                  if (picked.path) setPath(picked.path);
                })
              }
            >
              {t('settings.chooseFolder')}
            </button>
          ) : null}
          <button type="submit">{t('settings.addFolder')}</button>
          <button type="button" onClick={() => void run(() => call('library:rescan'))}>
            {t('settings.rescan')}
          </button>
        </form>
        <ActionError error={error} />
      </section>
      <section>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={xmp}
            onChange={(event) => {
              const xmpWrite = event.target.checked;
              setXmp(xmpWrite);
              void run(() => call('settings:set', { xmpWrite }));
            }}
          />
          {t('settings.xmp')}
        </label>
      </section>
      <ModelSettings desktop={info?.host === 'desktop'} />
      {settings ? (
        <section aria-labelledby="performance-heading">
          <h2 id="performance-heading">{t('settings.performance')}</h2>
          <label className="field">
            {t('settings.provider')}{' '}
            <select
              value={settings.provider}
              onChange={(event) => {
                const provider = event.target.value as typeof settings.provider;
                void run(async () => {
                  setSettings(await call('settings:set', { provider }));
                });
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
                void run(async () => {
                  setSettings(await call('settings:set', { threads }));
                });
              }}
            />
          </label>
          <p className="muted">{t('settings.restartNote')}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.pauseOnBattery}
              onChange={(event) => {
                const pauseOnBattery = event.target.checked;
                void run(async () => {
                  setSettings(await call('settings:set', { pauseOnBattery }));
                });
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
          onClick={() => {
            changeThenLoad(async () => {
              const r = await call('library:clearPreviews');
              setNote(t('settings.cleared', { size: formatBytes(r.freedBytes, i18n.language) }));
            });
          }}
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
