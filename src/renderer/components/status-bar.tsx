/**
 * @file The bottom status bar, in words for people: what search runs on ("Searching with:
 * <model> on CPU"), every running job with its whole-library count, rate and time left,
 * pause/resume, and the files that could not be read. One line at any width: parts shrink
 * with an ellipsis (their full text in a tooltip), nothing wraps. Versions live in Settings →
 * About (about-section.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import type { AppInfo, ChannelValue } from '../../shared/contract';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { WorkerStatus } from '../../shared/worker-status';
import { assertNever } from '../../shared/assert-never';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import type { AppInfoState } from '../hooks/use-app-info';
import { useEvents } from '../hooks/use-events';
import { formatBytes, formatDuration, formatNumber } from '../i18n/format';
import { ActionError } from './action-error';
import { tLtr } from './ltr';
import {
  jobEnded,
  modelName,
  overallCounts,
  processorOf,
  type JobProgress,
} from '../../shared/job-progress';

type Inference = AppInfo['inference'];

/** What search is doing, in a sentence. */
function searchWords(t: TFunction, worker: WorkerStatus | null, inference: Inference): string {
  if (!worker) return t('status.connecting');
  switch (worker.state) {
    case 'starting':
      return t('status.search.starting');
    case 'ready':
      return inference
        ? t('status.searchingWith', {
            model: modelName(inference.model),
            processor: t(`status.processor.${processorOf(inference.executionProvider)}`),
          })
        : t('status.search.ready');
    case 'restarting':
      return t('status.search.restarting');
    case 'stopped':
      return t('status.search.stopped');
    default:
      return assertNever(worker.state, 'worker state');
  }
}

export function StatusBar({ info, worker, error }: AppInfoState) {
  const { t, i18n } = useTranslation();
  const [jobs, setJobs] = useState<Record<string, JobProgress>>({});
  const [paused, setPaused] = useState(false);
  const [problems, setProblems] = useState<ChannelValue<'library:problems'>>([]);
  const [showProblems, setShowProblems] = useState(false);
  /** How many photos each stage has done, of how many ("searchable: N of M"). */
  const [stages, setStages] = useState<AppInfo['stages']>([]);
  /** What the active model runs on, once loaded (refreshed with the stages). */
  const [inference, setInference] = useState<Inference>(info?.inference ?? null);
  /** The active model's self-test in the user's language ([Note: Self-test verdict]). */
  const [selfTest, setSelfTest] = useState<AppInfo['selfTest']>(info?.selfTest ?? null);
  const problemsRef = useRef<HTMLDivElement>(null);
  const problemsButton = useRef<HTMLButtonElement>(null);
  const lastStages = useRef(0);
  const jobsAction = useAction();
  const refreshStages = () => {
    lastStages.current = Date.now();
    call('app:info')
      .then((value) => {
        setStages(value.stages);
        setPaused(value.paused);
        setInference(value.inference);
        setSelfTest(value.selfTest);
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
  /** A stage refresh due after the two-second spacing, so the last change is always counted. */
  const trailing = useRef<number | null>(null);
  const refreshStagesSoon = () => {
    const wait = 2000 - (Date.now() - lastStages.current);
    if (wait <= 0) refreshStages();
    else
      trailing.current ??= window.setTimeout(() => {
        trailing.current = null;
        refreshStages();
      }, wait);
  };
  useEffect(
    () => () => {
      if (trailing.current !== null) window.clearTimeout(trailing.current);
    },
    [],
  );
  useEvents((event) => {
    // A folder removed or restored changes the problems and every stage's count.
    if (event.type === 'library:changed') {
      refreshProblems();
      refreshStagesSoon();
      return;
    }
    if (event.type !== 'job:progress') return;
    const finished = jobEnded(event);
    if (finished) refreshProblems();
    // Counting a library's stages is a few queries: at most every two seconds, and at the end.
    if (finished) refreshStages();
    else refreshStagesSoon();
    // A job with nothing left is over, "0 / 0" included: it leaves the bar.
    setJobs((all) => {
      const rest = Object.fromEntries(Object.entries(all).filter(([job]) => job !== event.job));
      return jobEnded(event) ? rest : { ...rest, [event.job]: event };
    });
  });
  // The model loads on first use (a search, new photos): until it has, ask now and then what
  // it runs on, so "Searching with: <model> on CPU" appears without waiting for a job.
  const modelKnown = inference !== null;
  const workerReady = worker?.state === 'ready';
  useEffect(() => {
    if (modelKnown || !workerReady) return;
    const timer = window.setInterval(refreshStages, 5000);
    return () => {
      window.clearInterval(timer);
    };
  }, [modelKnown, workerReady]);
  // The problems popover closes with Esc (focus back on its button) and a click outside it.
  useEffect(() => {
    if (!showProblems) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setShowProblems(false);
      problemsButton.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!problemsRef.current?.contains(event.target as Node)) setShowProblems(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [showProblems]);
  const searchable = stages.find((stage) => stage.name === 'embed');
  const lang = i18n.language;
  const words = searchWords(t, worker, inference);
  // The same sentence with the model's id isolated (see [Note: Paths in right-to-left text]).
  const shownWords =
    worker?.state === 'ready' && inference
      ? tLtr(
          t,
          'status.searchingWith',
          {
            model: modelName(inference.model),
            processor: t(`status.processor.${processorOf(inference.executionProvider)}`),
          },
          ['model'],
        )
      : words;
  // Why people are not found (the file names isolated, see [Note: Paths in right-to-left text]).
  const faceModelsWords = info?.faceModels
    ? tLtr(
        t,
        `status.faceModels.${info.faceModels.reason}`,
        { files: info.faceModels.files.join(', ') },
        ['files'],
      )
    : null;
  const restarted =
    worker && worker.restarts > 0 ? ` · ${t('status.restarted', { count: worker.restarts })}` : '';
  return (
    <footer className="status-bar">
      <div
        role="status"
        aria-label={t('status.searchLabel')}
        className={`worker worker-${worker?.state ?? 'unknown'}`}
        title={[words + restarted, worker?.lastError ?? ''].filter(Boolean).join('\n')}
      >
        <span className="dot" aria-hidden="true" />
        {shownWords}
        {restarted}
      </div>
      <ul className="jobs" aria-label={t('status.jobs')}>
        {Object.values(jobs).map((job) => {
          const kind = job.job.startsWith('download:') ? 'download' : job.job;
          const known = [
            'scan',
            'ingest',
            'embed',
            'tag',
            'faces',
            'places',
            'text',
            'download',
          ].includes(kind);
          const label = known ? t(`status.job.${kind}`) : job.job;
          const { done, total } = overallCounts(job, stages);
          // A download counts bytes: "41.9 MB of 367 MB", not 41,943,040 of 367,001,600.
          const amount = (n: number) =>
            kind === 'download' ? formatBytes(n, lang) : formatNumber(n, lang);
          const count = t('status.count', { done: amount(done), total: amount(total) });
          const pace = [
            job.rate > 0
              ? t('status.rate', {
                  rate:
                    kind === 'download'
                      ? formatBytes(job.rate, lang)
                      : formatNumber(job.rate, lang, 1),
                })
              : '',
            job.etaSeconds !== null
              ? t('status.eta', { time: formatDuration(job.etaSeconds, lang) })
              : '',
          ].filter(Boolean);
          return (
            <li key={job.job} title={[`${label} ${count}`, ...pace].join(' · ')}>
              <span className="job-label">{label}</span>
              <progress max={Math.max(1, total)} value={done} aria-label={label} />
              <span className="job-count">{count}</span>
              {pace.length > 0 ? <span className="muted job-pace">{pace.at(-1)}</span> : null}
            </li>
          );
        })}
      </ul>
      {faceModelsWords && info?.faceModels ? (
        // See [Note: Faces stage]: the stage waits; the user learns why and what to do.
        <div
          className="face-models-problem"
          role="status"
          title={`${t(`status.faceModels.${info.faceModels.reason}`, { files: info.faceModels.files.join(', ') })}\n${info.faceModels.detail}`}
        >
          {faceModelsWords}
        </div>
      ) : null}
      {selfTest?.state === 'failed' ? (
        <div className="self-test-flag warning" role="status">
          {tLtr(
            t,
            'status.selfTestFailed',
            {
              model: modelName(selfTest.model),
              language:
                new Intl.DisplayNames([lang], { type: 'language' }).of(selfTest.language) ??
                selfTest.language,
            },
            ['model'],
          )}
        </div>
      ) : null}
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
        <div className="problems" ref={problemsRef}>
          <button
            type="button"
            ref={problemsButton}
            aria-expanded={showProblems}
            onClick={() => {
              setShowProblems(!showProblems);
            }}
          >
            {t('status.problems', { count: problems.length })}
          </button>
          {showProblems ? (
            <section className="problems-panel" role="dialog" aria-labelledby="problems-title">
              <header>
                <h2 id="problems-title">{t('status.problemsTitle')}</h2>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('status.close')}
                  onClick={() => {
                    setShowProblems(false);
                    problemsButton.current?.focus();
                  }}
                >
                  ✕
                </button>
              </header>
              <ul>
                {problems.map((p) => (
                  <li key={p.path}>
                    <bdi className="path" dir="ltr">
                      {p.path}
                    </bdi>
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
    </footer>
  );
}
