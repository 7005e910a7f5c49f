/** @file Subscribes a component to `app:events` for as long as it is mounted. */
import { useEffect, useRef } from 'react';
import type { AppEvent } from '../../shared/events';
import { api } from '../api/api';

export function useEvents(listener: (event: AppEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      api['app:events']((event) => {
        latest.current(event);
      }),
    [],
  );
}
