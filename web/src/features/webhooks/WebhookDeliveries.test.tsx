import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GET, ok, POST } from '../../test/api-mock';
import { renderWithProviders } from '../../test/render';
import { WebhookDeliveries } from './WebhookDeliveries';

vi.mock('../../lib/api', () => import('../../test/api-mock'));

const webhook = {
  id: 'w1',
  url: 'https://ci.example.org/hook',
  events: ['calculation.completed' as const],
  enabled: true,
  createdAt: '2026-11-30T09:00:00Z',
  disabledAt: null,
  failingSince: '2026-11-30T10:00:00Z',
};

const delivery = (status: 'failed' | 'pending', attempts: number) => ({
  id: 'd1',
  event: 'calculation.completed',
  status,
  attempts,
  createdAt: '2026-11-30T10:00:00Z',
  deliveredAt: null,
  responseStatus: status === 'failed' ? 503 : null,
  latencyMs: status === 'failed' ? 120 : null,
  responseExcerpt: status === 'failed' ? 'Service Unavailable' : null,
  error: null,
  payload: {},
  url: null,
});

describe('WebhookDeliveries', () => {
  let current = delivery('failed', 12);
  beforeEach(() => {
    current = delivery('failed', 12);
    GET.mockReset().mockImplementation(() => ok({ items: [current], nextCursor: null }));
    POST.mockReset().mockImplementation(() => {
      current = delivery('pending', 0);
      return ok(current);
    });
  });

  it('shows status, attempts and the last answer, and redelivers', async () => {
    renderWithProviders(<WebhookDeliveries webhook={webhook} onClose={() => {}} />);
    const table = await screen.findByRole('table', { name: 'Deliveries' });
    const row = (await within(table).findByText('HTTP 503 · 120 ms')).closest('tr')!;
    expect(within(row).getByText('failed')).toBeInTheDocument();
    expect(within(row).getByText('12')).toBeInTheDocument();
    expect(within(row).getByText('Service Unavailable')).toBeInTheDocument();
    expect(GET).toHaveBeenCalledWith('/api/v1/webhooks/{id}/deliveries', {
      params: { path: { id: 'w1' }, query: { cursor: undefined, limit: 20 } },
    });

    fireEvent.click(within(row).getByRole('button', { name: 'Redeliver d1' }));
    await waitFor(() =>
      expect(POST).toHaveBeenCalledWith('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
        params: { path: { id: 'w1', deliveryId: 'd1' } },
      }),
    );
    // The log is asked again and shows the queued attempt.
    expect(await within(table).findByText('pending')).toBeInTheDocument();
    expect(within(table).getByText('no answer yet')).toBeInTheDocument();
  });
});
