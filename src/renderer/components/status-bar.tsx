/**
 * @file The bottom status bar: the inference worker (state, runtime, execution provider in
 * use), every running job with progress, rate and time left, pause/resume, problem files.
 */
import { useEffect, useRef, useState } from 'react';
import type { AppInfo, ChannelValue } from '../../shared/contract';
import { useTranslation } from 'react-i18next';
import type { WorkerState } from '../../shared/worker-status';
import { assertNever } from '../../shared/assert-never';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import type { AppInfoState } from '../hooks/use-app-info';
import { useEvents } from '../hooks/use-events';
import { formatDuration, formatNumber } from '../i18n/format';
import { ActionError } from './action-error';

interface Job {
  job: string;
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
}

function workerKey(state: WorkerState) {
  switch (state) {
    case 'starting':
      return 'status.starting';
    case 'ready':
      return 'status.ready';
    case 'restarting':
      return 'status.restarting';
    case 'stopped':
      return 'status.stopped';
    default:
      return assertNever(state, 'worker state');
  }
}

export function StatusBar({ info, worker, error }: AppInfoState) {
  const { t, i18n } = useTranslation();
  const [jobs, setJobs] = useState<Record<string, Job>>({});
  const [paused, setPaused] = useState(false);
  const [problems, setProblems] = useState<ChannelValue<'library:problems'>>([]);
  const [showProblems, setShowProblems] = useState(false);
  /** How many photos each stage has done, of how many ("searchable: N of M"). */
  const [stages, setStages] = useState<AppInfo['stages']>([]);
  const lastStages = useRef(0);
  const jobsAction = useAction();
  const refreshStages = () => {
    lastStages.current = Date.now();
    call('app:info')
      .then((value) => {
        setStages(value.stages);
        setPaused(value.paused);
      })
      .catch(() => undefined);
  };
  useEffect(() => {
    void Promise.resolve().then(refreshStages);
  }, []);
  const refreshProblems = () => {
    call('library:problems')
      .then(setProblems)
      .catch(() => undefined);
  };
  useEffect(() => {
    void Promise.resolve().then(refreshProblems);
  }, []);
  useEvents((event) => {
    if (event.type !== 'job:progress') return;
    if (event.total > 0 && event.done >= event.total) refreshProblems();
    // Counting a library's stages is a few queries: at most every two seconds, and at the end.
    const finished = event.total > 0 && event.done >= event.total;
    if (finished || Date.now() - lastStages.current > 2000) refreshStages();
    setJobs((all) => {
      const rest = Object.fromEntries(Object.entries(all).filter(([job]) => job !== event.job));
      return event.total > 0 && event.done >= event.total ? rest : { ...rest, [event.job]: event };
    });
  });
  const provider = info?.inference?.executionProvider;
  const searchable = stages.find((stage) => stage.name === 'embed');
  return (
    <footer className="status-bar">
      <div
        role="status"
        aria-label={t('status.worker')}
        className={`worker worker-${worker?.state ?? 'unknown'}`}
      >
        <span className="dot" aria-hidden="true" />
        {worker ? t(workerKey(worker.state)) : t('status.connecting')}
        {provider ? ` · ${t('status.on', { provider: provider.toUpperCase() })}` : ''}
        {worker?.onnxruntimeVersion ? ` · onnxruntime ${worker.onnxruntimeVersion}` : ''}
        {worker && worker.executionProviders.length > 0
          ? ` · providers: ${worker.executionProviders.join(', ')}`
          : ''}
        {worker?.state === 'restarting' && worker.lastError ? ` · ${worker.lastError}` : ''}
        {worker && worker.restarts > 0
          ? ` · ${t('status.restarted', { count: worker.restarts })}`
          : ''}
      </div>
      <ul className="jobs" aria-label={t('status.jobs')}>
        {Object.values(jobs).map((job) => {
          const kind = job.job.startsWith('download:') ? 'download' : job.job;
          const known = ['scan', 'ingest', 'embed', 'tag', 'download'].includes(kind);
          return (
            <li key={job.job}>
              <span>{known ? t(`status.job.${kind}`) : job.job}</span>{' '}
              <progress
                max={Math.max(1, job.total)}
                value={job.done}
                aria-label={known ? t(`status.job.${kind}`) : job.job}
              />{' '}
              <span className="muted">
                {`${formatNumber(job.done, i18n.language)} / ${formatNumber(job.total, i18n.language)}`}
                {job.rate > 0
                  ? ` · ${t('status.rate', { rate: formatNumber(job.rate, i18n.language, 1) })}`
                  : ''}
                {job.etaSeconds !== null
                  ? ` · ${t('status.eta', { time: formatDuration(job.etaSeconds, i18n.language) })}`
                  : ''}
              </span>
            </li>
          );
        })}
      </ul>
      {searchable && searchable.done < searchable.total ? (
        <div className="searchable" role="status">
          {t('status.searchable', {
            done: formatNumber(searchable.done, i18n.language),
            total: formatNumber(searchable.total, i18n.language),
          })}
        </div>
      ) : null}
      {Object.keys(jobs).length > 0 ? (
        <button
          type="button"
          disabled={jobsAction.pending}
          onClick={() => {
            void jobsAction.run(async () => {
              setPaused((await call(paused ? 'jobs:resume' : 'jobs:pause')).paused);
            });
          }}
        >
          {paused ? t('status.resume') : t('status.pause')}
        </button>
      ) : null}
      {problems.length > 0 ? (
        <div className="problems">
          <button
            type="button"
            aria-expanded={showProblems}
            onClick={() => {
              setShowProblems(!showProblems);
            }}
          >
            {t('status.problems', { count: problems.length })}
          </button>
          {showProblems ? (
            <section className="problems-panel" aria-label={t('status.problemsTitle')}>
              <h2>{t('status.problemsTitle')}</h2>
              <ul>
                {problems.map((p) => (
                  <li key={p.path}>
                    <span className="path">{p.path}</span>
                    <span className="muted"> — {p.reason}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}
      <ActionError error={jobsAction.error} />
      {error ? (
        <div role="alert" className="error">
          {error}
        </div>
      ) : null}
      {info ? (
        <div className="library-facts" title={info.dataDir}>
          sqlite-vec {info.database.sqliteVecVersion} · Fotoglot {info.version}
        </div>
      ) : null}
    </footer>
  );
}
