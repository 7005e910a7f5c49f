/** @file Settings: language, photo folders (folder-settings.tsx), XMP writing, model, performance, storage, About. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import { call } from '../api/call';
import { AboutSection } from '../components/about-section';
import { ActionError } from '../components/action-error';
import { FolderSettings } from '../components/folder-settings';
import { LanguagePicker } from '../components/language-picker';
import { MapTileSettings } from '../components/map-tile-settings';
import { ModelSettings } from '../components/model-settings';
import { useAction } from '../hooks/use-action';
import { formatBytes } from '../i18n/format';

export function SettingsView({ dataDir }: { dataDir: string | null }) {
  const { t, i18n } = useTranslation();
  const [xmp, setXmp] = useState(false);
  const [xmpFaces, setXmpFaces] = useState(false);
  const [settings, setSettings] = useState<ChannelValue<'settings:get'> | null>(null);
  const [storage, setStorage] = useState<ChannelValue<'library:storage'> | null>(null);
  const [info, setInfo] = useState<ChannelValue<'app:info'> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { run, error } = useAction();

  /** Everything the page shows; each part appears as soon as it arrives. */
  const load = useCallback(
    () =>
      Promise.all([
        call('settings:get').then((s) => {
          setXmp(s.xmpWrite);
          setXmpFaces(s.xmpWriteFaces);
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
      <FolderSettings
        desktop={info?.host === 'desktop'}
        onChange={() => {
          void run(load);
        }}
      />
      <ActionError error={error} />
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
        <label className="checkbox">
          <input
            type="checkbox"
            checked={xmpFaces}
            onChange={(event) => {
              const xmpWriteFaces = event.target.checked;
              setXmpFaces(xmpWriteFaces);
              void run(() => call('settings:set', { xmpWriteFaces }));
            }}
          />
          {t('settings.xmpFaces')}
        </label>
        {settings ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.xmpWritePlaces}
              onChange={(event) => {
                const xmpWritePlaces = event.target.checked;
                void run(async () => {
                  setSettings(await call('settings:set', { xmpWritePlaces }));
                });
              }}
            />
            {t('settings.xmpPlaces')}
          </label>
        ) : null}
      </section>
      {settings ? <MapTileSettings settings={settings} onChange={setSettings} /> : null}
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
      {info ? <AboutSection info={info} /> : null}
    </div>
  );
}
