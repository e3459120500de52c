import { describe, expect, it, vi } from 'vitest';
import { followCalculation, type CalculationEvent } from './calculation-events';

/** A fetch answering one SSE stream with the given chunks. */
function sseFetch(chunks: string[], status = 200) {
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return new Response(body, {
      status,
      headers: { 'Content-Type': status === 200 ? 'text/event-stream' : 'application/problem+json' },
    });
  });
}

const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

describe('followCalculation', () => {
  it('sends the bearer token in a header, relays status, progress and log events, and stops when the calculation ends', async () => {
    const fetch = sseFetch([
      event('status', { status: 'running' }),
      event('progress', { fraction: 0.5, message: 'half way' }),
      event('log', { stream: 'stdout', text: 'step 1\n' }),
      ': keep-alive\n\n',
      event('status', { status: 'completed' }),
      event('log', { stream: 'stdout', text: 'never seen\n' }),
    ]);
    const events: CalculationEvent[] = [];
    await followCalculation('calc-1', {
      token: async () => 'secret-token',
      onEvent: (received) => events.push(received),
      signal: new AbortController().signal,
      fetch,
    });
    expect(events).toEqual([
      { type: 'status', status: 'running' },
      { type: 'progress', fraction: 0.5, message: 'half way' },
      { type: 'log', stream: 'stdout', text: 'step 1\n' },
      { type: 'status', status: 'completed' },
    ]);
    const [url, init] = fetch.mock.calls[0];
    expect(String(url)).toBe('/api/v1/calculations/calc-1/events');
    expect(String(url)).not.toContain('secret-token');
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer secret-token');
  });

  it('gives up on a 4xx instead of retrying', async () => {
    const fetch = sseFetch(['{"status":404}'], 404);
    await expect(
      followCalculation('gone', {
        token: async () => 't',
        onEvent: () => undefined,
        signal: new AbortController().signal,
        fetch,
      }),
    ).rejects.toThrow(/404/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('stops when the page goes away', async () => {
    const controller = new AbortController();
    const fetch = vi.fn(
      (_input: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const following = followCalculation('calc-2', {
      token: async () => 't',
      onEvent: () => undefined,
      signal: controller.signal,
      fetch,
    });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    controller.abort();
    await expect(following).resolves.toBeUndefined();
  });
});
