import { EventStreamContentType, fetchEventSource } from '@microsoft/fetch-event-source';

export type CalculationEvent =
  | { type: 'status'; status: string; errorMessage?: string | null }
  | { type: 'progress'; fraction: number; message: string | null }
  | { type: 'log'; stream: 'stdout' | 'stderr'; text: string };

export const FINISHED = ['completed', 'failed', 'cancelled', 'timed_out'];

class FatalStreamError extends Error {}

/**
 * Follows a calculation's Server-Sent Events with fetch, so the bearer token travels in a header (an
 * EventSource could only put it in the URL). Reconnects on network errors until the calculation has
 * finished or `signal` aborts; stops on a 4xx.
 */
export async function followCalculation(
  id: string,
  options: {
    token: () => Promise<string | undefined>;
    onEvent: (event: CalculationEvent) => void;
    signal: AbortSignal;
    fetch?: typeof fetch;
  },
): Promise<void> {
  const controller = new AbortController();
  options.signal.addEventListener('abort', () => controller.abort());
  const token = await options.token();
  await fetchEventSource(`/api/v1/calculations/${encodeURIComponent(id)}/events`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
    openWhenHidden: true,
    fetch: options.fetch,
    async onopen(response) {
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && type.startsWith(EventStreamContentType)) return;
      throw new FatalStreamError(`the event stream answered ${response.status}`);
    },
    onmessage(message) {
      // Whatever was already buffered behind the final status is not for us.
      if (!message.data || controller.signal.aborted) return;
      let event: CalculationEvent;
      try {
        event = JSON.parse(message.data) as CalculationEvent;
      } catch {
        return;
      }
      options.onEvent(event);
      if (event.type === 'status' && FINISHED.includes(event.status)) controller.abort();
    },
    onclose() {
      // The server closes the stream once the calculation has finished.
      controller.abort();
    },
    onerror(error) {
      if (error instanceof FatalStreamError) throw error;
      return 2000; // retry in 2 s
    },
  }).catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
}
