/** @file The bottom status bar: inference worker state and execution providers, library facts. */
import type { AppInfoState } from '../hooks/use-app-info';
import type { WorkerState } from '../../shared/worker-status';
import { assertNever } from '../../shared/assert-never';

function workerLabel(state: WorkerState): string {
  switch (state) {
    case 'starting':
      return 'Inference starting…';
    case 'ready':
      return 'Inference ready';
    case 'restarting':
      return 'Inference restarting…';
    case 'stopped':
      return 'Inference stopped';
    default:
      return assertNever(state, 'worker state');
  }
}

export function StatusBar({ info, worker, error }: AppInfoState) {
  return (
    <footer className="status-bar">
      <div
        role="status"
        aria-label="Inference worker"
        className={`worker worker-${worker?.state ?? 'unknown'}`}
      >
        <span className="dot" aria-hidden="true" />
        {worker ? workerLabel(worker.state) : 'Connecting…'}
        {worker?.onnxruntimeVersion ? ` · onnxruntime ${worker.onnxruntimeVersion}` : ''}
        {worker && worker.executionProviders.length > 0
          ? ` · providers: ${worker.executionProviders.join(', ')}`
          : ''}
        {worker?.state === 'restarting' && worker.lastError ? ` · ${worker.lastError}` : ''}
        {worker && worker.restarts > 0 ? ` · restarted ${String(worker.restarts)}×` : ''}
      </div>
      {error ? (
        <div role="alert" className="error">
          {error}
        </div>
      ) : null}
      {info ? (
        <div className="library-facts" title={info.dataDir}>
          Library schema {info.database.schemaVersion} · sqlite-vec {info.database.sqliteVecVersion}{' '}
          · Fotoglot {info.version}
        </div>
      ) : null}
    </footer>
  );
}
