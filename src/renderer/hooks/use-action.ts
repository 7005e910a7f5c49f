/**
 * @file `useAction()`: how the renderer runs what the user asked for (see [Note: User actions]).
 *
 * [Note: User actions]
 * Every click or submit that calls the core goes through an action: `run(work)` runs the call
 * (or a few in a row), `pending` says whether one is still running, and a failure becomes
 * `error` (`{ code, message }`, the core's own when it answered `{ ok: false }`), shown with
 * `<ActionError>` where the action was started. Starting again clears the last error. `run`
 * never rejects: it resolves to the work's value, or to undefined when the work failed, so
 * nothing is lost to an unhandled rejection and no component writes its own catch.
 * With `latestOnly`, a run that a newer one overtook counts for nothing: its value and its
 * error are dropped (search as the user types).
 */
import { useCallback, useRef, useState } from 'react';
import type { AppError } from '../../shared/result';
import { toAppError } from '../api/call';

export interface Action {
  /** Runs `work`; resolves to its value, or undefined when it failed (or, with `latestOnly`, was overtaken). */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  /** Whether a run has not finished yet. */
  pending: boolean;
  /** How the last run failed; null after a success or while a new run is going. */
  error: AppError | null;
  /** Forgets the error (the user moved on). */
  dismiss: () => void;
}

export function useAction({ latestOnly = false }: { latestOnly?: boolean } = {}): Action {
  const [running, setRunning] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const latest = useRef(0);

  const run = useCallback(
    async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      const mine = ++latest.current;
      const current = () => !latestOnly || mine === latest.current;
      setError(null);
      setRunning((n) => n + 1);
      try {
        const value = await work();
        return current() ? value : undefined;
      } catch (e) {
        if (current()) setError(toAppError(e));
        return undefined;
      } finally {
        setRunning((n) => n - 1);
      }
    },
    [latestOnly],
  );
  const dismiss = useCallback(() => {
    setError(null);
  }, []);

  return { run, pending: running > 0, error, dismiss };
}
