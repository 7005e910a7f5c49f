/**
 * @file The welcome steps: language → a photo folder → a model (download with progress,
 * cancel and resume) → indexing starts. Every step can be skipped; everything is in
 * Settings later.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { useEvents } from '../hooks/use-events';
import { formatBytes, formatDuration } from '../i18n/format';
import { ActionError } from './action-error';
import { LanguagePicker } from './language-picker';

type Step = 'language' | 'folder' | 'model';
type Models = ChannelValue<'models:list'>;

/** Developer mode (test-tiny listed): `?dev=1` once, remembered. */
export function developerMode(): boolean {
  if (new URLSearchParams(window.location.search).get('dev') === '1')
    localStorage.setItem('fotoglot.developer', '1');
  return localStorage.getItem('fotoglot.developer') === '1';
}

export function FirstRun({ onDone, desktop }: { onDone: () => void; desktop: boolean }) {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState<Step>('language');
  const [path, setPath] = useState('');
  const { run, error } = useAction();
  const [models, setModels] = useState<Models>([]);
  const [choice, setChoice] = useState<string | null>(null);
  const [progress, setProgress] = useState<{
    done: number;
    total: number;
    rate: number;
    eta: number | null;
  } | null>(null);
  const [downloading, setDownloading] = useState(false);

  useEffect(() => {
    void run(async () => {
      const list = await call('models:list', { developer: developerMode() });
      setModels(list);
      setChoice(
        list.find((m) => m.active)?.id ?? list.find((m) => m.installed)?.id ?? list[0]?.id ?? null,
      );
    });
  }, [run]);

  useEvents((event) => {
    if (event.type === 'job:progress' && choice && event.job === `download:${choice}`)
      setProgress({
        done: event.done,
        total: event.total,
        rate: event.rate,
        eta: event.etaSeconds,
      });
  });

  /** Remembers that the welcome steps are done, and closes them (even when that could not be saved). */
  const finish = () => {
    void run(() => call('settings:set', { firstRunDone: true })).then(onDone);
  };
  const startWith = async (id: string) => {
    const model = models.find((m) => m.id === id);
    if (model && !model.installed) {
      setDownloading(true);
      try {
        await call('models:install', { id });
      } finally {
        setDownloading(false);
      }
    }
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
              {desktop ? (
                <button
                  type="button"
                  onClick={() => {
                    void run(async () => {
                      const picked = await call('library:pickFolder');
                      if (picked.path) setPath(picked.path);
                    });
                  }}
                >
                  {t('settings.chooseFolder')}
                </button>
              ) : null}
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
                      onChange={() => {
                        setChoice(m.id);
                      }}
                    />
                    <strong>{m.id}</strong>{' '}
                    {m.default ? <em>{t('firstRun.recommended')}</em> : null}
                    <span className="muted">
                      {' '}
                      {m.description} ·{' '}
                      {m.languages.includes('*')
                        ? t('firstRun.allLanguages')
                        : m.languages.join(', ')}
                      {m.approxBytes ? ` · ${formatBytes(m.approxBytes, i18n.language)}` : ''}
                      {m.installed ? ` · ${t('firstRun.installed')}` : ''}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {downloading && progress ? (
              <div role="status" aria-label={t('status.job.download')}>
                <progress
                  max={Math.max(1, progress.total)}
                  value={progress.done}
                  aria-label={t('status.job.download')}
                />{' '}
                {`${formatBytes(progress.done, i18n.language)} / ${formatBytes(progress.total, i18n.language)}`}
                {progress.rate > 0 ? ` · ${formatBytes(progress.rate, i18n.language)}/s` : ''}
                {progress.eta !== null
                  ? ` · ${t('status.eta', { time: formatDuration(progress.eta, i18n.language) })}`
                  : ''}
              </div>
            ) : null}
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
              {downloading && choice ? (
                <button
                  type="button"
                  onClick={() => void run(() => call('models:cancel', { id: choice }))}
                >
                  {t('firstRun.cancel')}
                </button>
              ) : null}
            </div>
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
