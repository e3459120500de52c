import { useEffect, useRef, useState } from 'react';
import { accessToken } from '../../lib/auth';
import { followCalculation, type CalculationEvent } from './calculation-events';

const LOG_CAP = 200_000;

export interface LiveState {
  status?: string;
  progress?: { fraction: number; message: string | null };
  log: string;
  connected: boolean;
}

/** The live view of a calculation while it runs: status, progress and the log tail from SSE. */
export function useCalculationEvents(
  id: string,
  enabled: boolean,
  onStatus: (status: string) => void,
  follow: typeof followCalculation = followCalculation,
): LiveState {
  const [state, setState] = useState<LiveState>({ log: '', connected: false });
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, connected: true }));
    const onEvent = (event: CalculationEvent) => {
      if (event.type === 'status') {
        setState((previous) => ({ ...previous, status: event.status }));
        onStatusRef.current(event.status);
      } else if (event.type === 'progress') {
        setState((previous) => ({ ...previous, progress: { fraction: event.fraction, message: event.message } }));
      } else if (event.type === 'log') {
        setState((previous) => ({ ...previous, log: (previous.log + event.text).slice(-LOG_CAP) }));
      }
    };
    follow(id, { token: accessToken, onEvent, signal: controller.signal })
      .catch(() => undefined)
      .finally(() => setState((previous) => ({ ...previous, connected: false })));
    return () => controller.abort();
  }, [id, enabled, follow]);

  return state;
}
