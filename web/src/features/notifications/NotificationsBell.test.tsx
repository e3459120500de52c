import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GET, ok, POST } from '../../test/api-mock';
import { renderWithProviders } from '../../test/render';
import { NotificationsBell, notificationLink, unreadLabel } from './NotificationsBell';

vi.mock('../../lib/api', () => import('../../test/api-mock'));

function page(readIds: string[]) {
  const items = [
    { id: 'n1', kind: 'usage.threshold', title: 'You have used 90 % of your daily compute budget' },
    { id: 'n2', kind: 'webhook.disabled', title: 'Webhook https://x.example disabled' },
  ].map((item) => ({
    ...item,
    data: {},
    createdAt: '2026-11-30T10:00:00Z',
    readAt: readIds.includes(item.id) ? '2026-11-30T11:00:00Z' : null,
  }));
  return { items, nextCursor: null, unread: items.filter((item) => !item.readAt).length };
}

describe('NotificationsBell', () => {
  let read: string[];
  beforeEach(() => {
    read = [];
    GET.mockReset().mockImplementation(() => ok(page(read)));
    POST.mockReset().mockImplementation((path: string, options?: { params: { path: { id: string } } }) => {
      if (path.endsWith('/{id}/read')) read.push(options!.params.path.id);
      else read = ['n1', 'n2'];
      return ok({});
    });
  });

  it('shows the unread count, marks one read, then all', async () => {
    renderWithProviders(
      <MemoryRouter>
        <NotificationsBell />
      </MemoryRouter>,
    );
    const bell = await screen.findByRole('button', { name: 'Notifications: 2 unread' });
    expect(GET).toHaveBeenCalledWith('/api/v1/users/me/notifications', { params: { query: { limit: 10 } } });
    fireEvent.click(bell);
    fireEvent.click(await screen.findByRole('button', { name: /Mark read: You have used 90 %/ }));
    await waitFor(() =>
      expect(POST).toHaveBeenCalledWith('/api/v1/users/me/notifications/{id}/read', { params: { path: { id: 'n1' } } }),
    );
    expect(await screen.findByRole('button', { name: 'Notifications: 1 unread' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Mark read: You have used/ })).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    expect(POST).toHaveBeenLastCalledWith('/api/v1/users/me/notifications/read');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mark all read' })).toBeDisabled());
  });

  it('links each kind to its page and caps the badge', () => {
    expect(notificationLink({ kind: 'usage.threshold' })).toBe('/usage');
    expect(notificationLink({ kind: 'webhook.disabled' })).toBe('/webhooks');
    expect(unreadLabel(7)).toBe('7');
    expect(unreadLabel(150)).toBe('99+');
  });
});
