/** @file Live app info for the frame: `app:info` once, then worker status, disk-full and face-model changes from `app:events`. */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import type { WorkerStatus } from '../../shared/worker-status';
import { api } from '../api/api';

export interface AppInfoState {
  info: AppInfo | null;
  worker: WorkerStatus | null;
  error: string | null;
}

/** Keeps whichever worker snapshot is newer: the call's answer and the stream's events may cross. */
function newer(a: WorkerStatus | null, b: WorkerStatus): WorkerStatus {
  return a && a.changedAt > b.changedAt ? a : b;
}

export function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ info: null, worker: null, error: null });
  useEffect(() => {
    let alive = true;
    // Subscribe before asking, so no change between the two is lost.
    const off = api['app:events']((event) => {
      if (event.type === 'worker:status') {
        setState((s) => ({ ...s, worker: newer(s.worker, event.status) }));
      } else if (event.type === 'library:diskFull') {
        setState((s) => (s.info ? { ...s, info: { ...s.info, diskFull: event.full } } : s));
      } else if (event.type === 'faces:models') {
        setState((s) => (s.info ? { ...s, info: { ...s.info, faceModels: event.problem } } : s));
      }
    });
    void api['app:info']().then((result) => {
      if (!alive) return;
      if (result.ok) {
        setState((s) => ({
          ...s,
          info: result.value,
          worker: newer(s.worker, result.value.worker),
          error: null,
        }));
      } else {
        setState((s) => ({ ...s, error: result.error.message }));
      }
    });
    return () => {
      alive = false;
      off();
    };
  }, []);
  return state;
}
