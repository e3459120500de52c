import { useEffect, useEffectEvent, useState } from 'react';
import { accessToken } from '../../lib/auth';
import { followCalculation, type CalculationEvent } from './calculation-events';

const LOG_CAP = 200_000;

export interface LiveState {
  status?: string;
  progress?: { fraction: number; message: string | null };
  log: string;
}

/** The live view of a calculation while it runs: status, progress and the log tail from SSE. */
export function useCalculationEvents(
  id: string,
  enabled: boolean,
  onStatus: (status: string) => void,
  follow: typeof followCalculation = followCalculation,
): LiveState {
  const [state, setState] = useState<LiveState>({ log: '' });
  const statusChanged = useEffectEvent(onStatus);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const onEvent = (event: CalculationEvent) => {
      if (event.type === 'status') {
        setState((previous) => ({ ...previous, status: event.status }));
        statusChanged(event.status);
      } else if (event.type === 'progress') {
        setState((previous) => ({ ...previous, progress: { fraction: event.fraction, message: event.message } }));
      } else if (event.type === 'log') {
        setState((previous) => ({ ...previous, log: (previous.log + event.text).slice(-LOG_CAP) }));
      }
    };
    // Errors end the live view; the page's polling of the calculation carries on.
    follow(id, { token: accessToken, onEvent, signal: controller.signal }).catch(() => undefined);
    return () => controller.abort();
  }, [id, enabled, follow]);

  return state;
}
