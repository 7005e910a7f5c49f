/**
 * @file Settings → Search model: the catalog in plain words (see model-facts.tsx), download
 * with progress and Cancel, switch, remove after asking (never the model in use: another is
 * chosen first), and import from a folder for computers without internet (desktop: the folder
 * picker; server: a path on the server).
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ChooseFolderButton } from './choose-folder-button';
import { ActionError } from './action-error';
import { tLtr } from './ltr';
import { developerMode } from '../developer-mode';
import { ModelFacts, type ModelListing } from './model-facts';
import { DownloadBar, DownloadOutcomeNote, useModelDownloads } from './model-download';
import { ModelSelfTest } from './model-self-test';

export function ModelSettings({ desktop }: { desktop: boolean }) {
  const { t } = useTranslation();
  const [models, setModels] = useState<ModelListing[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [note, setNote] = useState<ReactNode>(null);
  const { run, error } = useAction();
  const [developer] = useState(developerMode);

  const load = useCallback(() => {
    void run(async () => {
      setModels(await call('models:list', { developer }));
    });
  }, [run, developer]);
  useEffect(load, [load]);
  const downloads = useModelDownloads(load);

  const change = (work: () => Promise<ReactNode>) => {
    setNote(null);
    setConfirming(null);
    void run(async () => {
      setNote(await work());
    }).then(load);
  };

  return (
    <section aria-labelledby="models-heading" className="model-settings">
      <h2 id="models-heading">{t('settings.models')}</h2>
      <p className="muted">{t('models.intro')}</p>
      <ul className="model-list">
        {models.map((m) => {
          const downloading = m.downloading || m.id in downloads.progress;
          return (
            <li key={m.id} aria-label={m.id} className={m.active ? 'model active' : 'model'}>
              <div className="model-head">
                <bdi className="model-name">{m.id}</bdi>
                {m.active ? <strong className="badge">{t('models.active')}</strong> : null}
                {m.default ? <em className="badge">{t('models.recommended')}</em> : null}
                {m.installed && !m.active ? (
                  <span className="muted">{t('models.installed')}</span>
                ) : null}
              </div>
              <ModelFacts model={m} />
              {downloading ? (
                <DownloadBar
                  name={m.id}
                  progress={downloads.progress[m.id]}
                  onCancel={() => {
                    downloads.cancel(m.id);
                  }}
                />
              ) : (
                <div className="model-actions">
                  {!m.installed ? (
                    <button
                      type="button"
                      aria-label={t('models.downloadNamed', { name: m.id })}
                      onClick={() => {
                        setNote(null);
                        void downloads.install(m.id);
                      }}
                    >
                      {t('models.download')}
                    </button>
                  ) : null}
                  {m.installed && !m.active ? (
                    <button
                      type="button"
                      aria-label={t('settings.useModel', { id: m.id })}
                      onClick={() => {
                        change(async () => {
                          await call('models:use', { id: m.id });
                          return tLtr(t, 'models.switched', { name: m.id }, ['name']);
                        });
                      }}
                    >
                      {t('models.use')}
                    </button>
                  ) : null}
                  {m.removable ? (
                    <button
                      type="button"
                      aria-label={t('models.removeNamed', { name: m.id })}
                      disabled={m.active}
                      {...(m.active ? { 'aria-describedby': `remove-${m.id}` } : {})}
                      onClick={() => {
                        setConfirming(m.id);
                      }}
                    >
                      {t('models.remove')}
                    </button>
                  ) : null}
                  {m.removable && m.active ? (
                    <span id={`remove-${m.id}`} className="muted">
                      {t('models.removeActive')}
                    </span>
                  ) : null}
                </div>
              )}
              {m.installed && !downloading ? (
                <ModelSelfTest id={m.id} result={m.selfTest} onTested={load} />
              ) : null}
              {confirming === m.id ? (
                <div role="alertdialog" aria-label={t('models.removeNamed', { name: m.id })}>
                  <p>{tLtr(t, 'models.removeConfirm', { name: m.id }, ['name'])}</p>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      change(async () => {
                        await call('models:remove', { id: m.id });
                        return tLtr(t, 'models.removed', { name: m.id }, ['name']);
                      });
                    }}
                  >
                    {t('models.remove')}
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      setConfirming(null);
                    }}
                  >
                    {t('models.keep')}
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <DownloadOutcomeNote outcome={downloads.outcome} />
      <ActionError error={error} />
      {note ? <p role="status">{note}</p> : null}
      <ModelImport
        desktop={desktop}
        onImported={(name) => {
          setNote(tLtr(t, 'models.import.done', { name }, ['name']));
          load();
        }}
      />
    </section>
  );
}

/** Install a model from a folder: one downloaded on another computer, or any Immich-layout export. */
export function ModelImport({
  desktop,
  onImported,
}: {
  desktop: boolean;
  onImported: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [dir, setDir] = useState('');
  const [name, setName] = useState('');
  const { run, error, pending } = useAction();
  return (
    <form
      className="model-import"
      aria-labelledby="model-import-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          const id = name.trim();
          const folder = dir.trim();
          await call('models:import', { dir: folder, ...(id ? { id } : {}) });
          setDir('');
          setName('');
          onImported(id || (folder.split(/[\\/]/).filter(Boolean).pop() ?? folder));
        });
      }}
    >
      <h3 id="model-import-heading">{t('models.import.heading')}</h3>
      <p className="muted">{t(desktop ? 'models.import.help' : 'models.import.helpServer')}</p>
      <label className="field">
        {t('models.import.folder')}
        <input
          value={dir}
          dir="ltr"
          placeholder="/home/me/Downloads/ViT-B-32__openai"
          onChange={(event) => {
            setDir(event.target.value);
          }}
        />
      </label>
      <ChooseFolderButton desktop={desktop} run={run} onPick={setDir} />
      <label className="field">
        {t('models.import.name')}
        <input
          value={name}
          dir="ltr"
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </label>
      <button type="submit" disabled={dir.trim() === '' || pending}>
        {t('models.import.submit')}
      </button>
      <ActionError error={error} />
    </form>
  );
}
