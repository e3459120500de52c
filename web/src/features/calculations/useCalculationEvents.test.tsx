import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CalculationEvent, followCalculation } from './calculation-events';
import { useCalculationEvents } from './useCalculationEvents';

vi.mock('../../lib/auth', () => ({ accessToken: () => Promise.resolve('t') }));

describe('useCalculationEvents', () => {
  it('turns the stream into live status, progress and a log tail, and stops following on unmount', async () => {
    let emit!: (event: CalculationEvent) => void;
    let signal!: AbortSignal;
    const follow = vi.fn<typeof followCalculation>((_id, options) => {
      emit = options.onEvent;
      signal = options.signal;
      return new Promise(() => undefined);
    });
    const onStatus = vi.fn();
    const { result, unmount } = renderHook(() => useCalculationEvents('c1', true, onStatus, follow));
    await waitFor(() => expect(follow).toHaveBeenCalledWith('c1', expect.anything()));
    act(() => {
      emit({ type: 'status', status: 'running' });
      emit({ type: 'progress', fraction: 0.4, message: 'fitting' });
      emit({ type: 'log', stream: 'stdout', text: 'a\n' });
      emit({ type: 'log', stream: 'stderr', text: 'b\n' });
    });
    expect(result.current.status).toBe('running');
    expect(result.current.progress).toEqual({ fraction: 0.4, message: 'fitting' });
    expect(result.current.log).toBe('a\nb\n');
    expect(onStatus).toHaveBeenCalledWith('running');
    unmount();
    expect(signal.aborted).toBe(true);
  });

  it('does not connect for a finished calculation', () => {
    const follow = vi.fn<typeof followCalculation>();
    renderHook(() => useCalculationEvents('c2', false, () => undefined, follow));
    expect(follow).not.toHaveBeenCalled();
  });
});
