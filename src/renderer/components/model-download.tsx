/**
 * @file Downloading a search model from the UI: `useModelDownloads()` starts and cancels
 * downloads and follows their progress on the event stream (`job:progress` of job
 * `download:<id>`), and says how one ended in words for this UI — the core's messages serve
 * every host, so an unreachable server and a cancel get advice the UI can follow here (see
 * [Note: Download messages]).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, toAppError } from '../api/call';
import { useEvents } from '../hooks/use-events';
import { tLtr } from './ltr';
import { formatBytes, formatDuration } from '../i18n/format';

export interface DownloadProgress {
  done: number;
  total: number;
  rate: number;
  eta: number | null;
}

/** How the last download ended when it did not install the model. */
export interface DownloadOutcome {
  id: string;
  kind: 'cancelled' | 'offline' | 'failed';
  /** The core's own words, shown for `failed`. */
  message: string;
}

export interface ModelDownloads {
  /** Downloads this window started or saw progress of, by model id. */
  progress: Readonly<Record<string, DownloadProgress>>;
  /** Resolves true once `id` is installed, false when it was not (see `outcome`). */
  install: (id: string) => Promise<boolean>;
  cancel: (id: string) => void;
  outcome: DownloadOutcome | null;
}

const downloadJob = /^download:(.+)$/;

/** `onSettled` runs after every download, installed or not (reload the list). */
export function useModelDownloads(onSettled: () => void): ModelDownloads {
  const [progress, setProgress] = useState<Record<string, DownloadProgress>>({});
  const [outcome, setOutcome] = useState<DownloadOutcome | null>(null);

  useEvents((event) => {
    if (event.type !== 'job:progress') return;
    const id = downloadJob.exec(event.job)?.[1];
    if (!id) return;
    setProgress((p) => ({
      ...p,
      [id]: { done: event.done, total: event.total, rate: event.rate, eta: event.etaSeconds },
    }));
  });

  const install = useCallback(
    async (id: string) => {
      setOutcome(null);
      setProgress((p) => ({ ...p, [id]: p[id] ?? { done: 0, total: 0, rate: 0, eta: null } }));
      try {
        await call('models:install', { id });
        return true;
      } catch (error) {
        const { code, message } = toAppError(error);
        setOutcome({
          id,
          kind: code === 'cancelled' ? 'cancelled' : code === 'offline' ? 'offline' : 'failed',
          message,
        });
        return false;
      } finally {
        setProgress(({ [id]: _, ...rest }) => rest);
        onSettled();
      }
    },
    [onSettled],
  );

  const cancel = useCallback((id: string) => {
    void call('models:cancel', { id }).catch(() => undefined);
  }, []);

  return { progress, install, cancel, outcome };
}

/** A running download: bar, bytes, rate, time left, and Cancel. */
export function DownloadBar({
  name,
  progress,
  onCancel,
}: {
  name: string;
  progress: DownloadProgress | undefined;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const bytes = (n: number) => formatBytes(n, i18n.language);
  return (
    <div className="download-bar" role="status" aria-label={t('models.downloading', { name })}>
      <progress
        max={Math.max(1, progress?.total ?? 1)}
        {...(progress && progress.total > 0 ? { value: progress.done } : {})}
        aria-label={t('models.downloading', { name })}
      />
      <span className="muted">
        {progress && progress.total > 0
          ? t('models.progress', { done: bytes(progress.done), total: bytes(progress.total) })
          : t('models.starting')}
        {progress && progress.rate > 0 ? ` · ${bytes(progress.rate)}/s` : ''}
        {progress?.eta != null
          ? ` · ${t('status.eta', { time: formatDuration(progress.eta, i18n.language) })}`
          : ''}
      </span>
      <button type="button" onClick={onCancel}>
        {t('models.cancel')}
      </button>
    </div>
  );
}

/** Why the last download did not install, and what the user can do. */
export function DownloadOutcomeNote({ outcome }: { outcome: DownloadOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  if (outcome.kind === 'cancelled')
    return (
      <p role="status" className="muted">
        {tLtr(t, 'models.cancelled', { name: outcome.id }, ['name'])}
      </p>
    );
  return (
    <p role="alert" className="action-error" data-code={outcome.kind}>
      {outcome.kind === 'offline'
        ? t('models.error.offline')
        : t('models.error.failed', { message: outcome.message })}
    </p>
  );
}
