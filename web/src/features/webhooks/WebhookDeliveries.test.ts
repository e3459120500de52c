import { describe, expect, it } from 'vitest';
import { lastAnswer } from './WebhookDeliveries';

describe('a delivery last answer', () => {
  it('says status, latency and error, or that nothing came back yet', () => {
    expect(lastAnswer({ responseStatus: 200, latencyMs: 42, error: null })).toBe('HTTP 200 · 42 ms');
    expect(lastAnswer({ responseStatus: null, latencyMs: null, error: 'connect ECONNREFUSED' })).toBe(
      'connect ECONNREFUSED',
    );
    expect(lastAnswer({ responseStatus: null, latencyMs: null, error: null })).toBe('no answer yet');
  });
});
