/**
 * @file The welcome steps: language → a photo folder → a model (download with progress,
 * cancel and resume) → indexing starts. Every step can be skipped; everything is in
 * Settings later.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ChooseFolderButton } from './choose-folder-button';
import { ActionError } from './action-error';
import { LanguagePicker } from './language-picker';
import { ModelFacts } from './model-facts';
import { DownloadBar, DownloadOutcomeNote, useModelDownloads } from './model-download';
import { ModelImport } from './model-settings';
import { developerMode } from '../developer-mode';

type Step = 'language' | 'folder' | 'model';
type Models = ChannelValue<'models:list'>;

export function FirstRun({ onDone, desktop }: { onDone: () => void; desktop: boolean }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('language');
  const [path, setPath] = useState('');
  const { run, error } = useAction();
  const [models, setModels] = useState<Models>([]);
  const [choice, setChoice] = useState<string | null>(null);

  const load = useCallback(
    (keepChoice: boolean) =>
      run(async () => {
        const list = await call('models:list', { developer: developerMode() });
        setModels(list);
        if (!keepChoice)
          setChoice(
            list.find((m) => m.active)?.id ??
              list.find((m) => m.installed)?.id ??
              list.find((m) => m.default)?.id ??
              list[0]?.id ??
              null,
          );
      }),
    [run],
  );
  useEffect(() => {
    void load(false);
  }, [load]);
  const reload = useCallback(() => {
    void load(true);
  }, [load]);
  const downloads = useModelDownloads(reload);
  const downloading = choice !== null && choice in downloads.progress;

  /** Remembers that the welcome steps are done, and closes them (even when that could not be saved). */
  const finish = () => {
    void run(() => call('settings:set', { firstRunDone: true })).then(onDone);
  };
  const startWith = async (id: string) => {
    const model = models.find((m) => m.id === id);
    if (model && !model.installed && !(await downloads.install(id))) return;
    await call('models:use', { id });
    await call('library:rescan');
    finish();
  };

  return (
    <div className="first-run" role="dialog" aria-modal="true" aria-labelledby="first-run-title">
      <div className="first-run-card">
        <h1 id="first-run-title">{t('firstRun.title')}</h1>
        <p>{t('firstRun.intro')}</p>
        {step === 'language' ? (
          <section>
            <LanguagePicker id="first-run-language" />
            <div className="actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setStep('folder');
                }}
              >
                {t('firstRun.next')}
              </button>
            </div>
          </section>
        ) : step === 'folder' ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void run(async () => {
                await call('library:addFolder', { path: path.trim(), watch: true });
                setStep('model');
              });
            }}
          >
            <h2>
              <label htmlFor="first-run-folder">{t('firstRun.folder')}</label>
            </h2>
            <input
              id="first-run-folder"
              value={path}
              placeholder="/home/me/Pictures"
              onChange={(event) => {
                setPath(event.target.value);
              }}
            />
            <div className="actions">
              <ChooseFolderButton desktop={desktop} run={run} onPick={setPath} />
              <button type="submit" className="primary" disabled={path.trim() === ''}>
                {t('settings.addFolder')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setStep('model');
                }}
              >
                {t('firstRun.later')}
              </button>
            </div>
          </form>
        ) : (
          <section>
            <h2>{t('firstRun.model')}</h2>
            <ul className="model-choices">
              {models.map((m) => (
                <li key={m.id}>
                  <label>
                    <input
                      type="radio"
                      name="model"
                      checked={choice === m.id}
                      disabled={downloading}
                      onChange={() => {
                        setChoice(m.id);
                      }}
                    />
                    <span>
                      <bdi className="model-name">{m.id}</bdi>{' '}
                      {m.default ? <em className="badge">{t('models.recommended')}</em> : null}
                      {m.installed ? <span className="muted"> {t('models.installed')}</span> : null}
                      <ModelFacts model={m} />
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {downloading && choice ? (
              <DownloadBar
                name={choice}
                progress={downloads.progress[choice]}
                onCancel={() => {
                  downloads.cancel(choice);
                }}
              />
            ) : null}
            <DownloadOutcomeNote outcome={downloads.outcome} />
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={!choice || downloading}
                onClick={() => {
                  if (choice) void run(() => startWith(choice));
                }}
              >
                {models.find((m) => m.id === choice)?.installed
                  ? t('firstRun.start')
                  : t('firstRun.download')}
              </button>
            </div>
            <details className="model-import-details">
              <summary>{t('models.import.heading')}</summary>
              <ModelImport
                desktop={desktop}
                onImported={(name) => {
                  void load(true).then(() => {
                    setChoice(name);
                  });
                }}
              />
            </details>
          </section>
        )}
        <ActionError error={error} />
        <button type="button" className="skip" onClick={finish}>
          {t('firstRun.skip')}
        </button>
      </div>
    </div>
  );
}
