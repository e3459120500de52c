import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatTime } from '../../lib/format';

type Notification = components['schemas']['NotificationDto'];

/** How often the bell asks for news: gently, a notification is never urgent to the second. */
export const NOTIFICATIONS_POLL_MS = 30_000;

export const notificationsKey = ['notifications'] as const;

/** Where a notification leads: budgets to the usage page, a disabled endpoint to the webhooks. */
export function notificationLink(notification: Pick<Notification, 'kind'>): string {
  return notification.kind === 'webhook.disabled' ? '/webhooks' : '/usage';
}

/** The badge's text: the count, capped so that it fits. */
export function unreadLabel(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

/** The header's bell: unread count, the latest notifications, mark one or all read. */
export function NotificationsBell() {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: notificationsKey,
    queryFn: () => call(api.GET('/api/v1/users/me/notifications', { params: { query: { limit: 10 } } })),
    refetchInterval: NOTIFICATIONS_POLL_MS,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: notificationsKey });
  const markOne = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/users/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => call(api.POST('/api/v1/users/me/notifications/read')),
    onSuccess: refresh,
  });
  const [opened, setOpened] = useState(false);
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  return (
    <Indicator
      label={unreadLabel(unread)}
      size={18}
      disabled={unread === 0}
      color="red"
      offset={4}
      data-testid="notifications-unread"
    >
      <Popover
        width={360}
        position="bottom-end"
        shadow="md"
        withArrow
        opened={opened}
        onChange={setOpened}
        // The header is fixed: the bell is never scrolled away (and jsdom has no layout to tell).
        hideDetached={false}
      >
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={unread > 0 ? `Notifications: ${unread} unread` : 'Notifications'}
            onClick={() => setOpened((open) => !open)}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-label="Notifications">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>Notifications</Text>
              <Button
                size="compact-xs"
                variant="subtle"
                disabled={unread === 0}
                loading={markAll.isPending}
                onClick={() => markAll.mutate()}
              >
                Mark all read
              </Button>
            </Group>
            <ErrorAlert error={list.error ?? markOne.error ?? markAll.error} />
            {list.isSuccess && items.length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing yet. Budget alerts and webhook problems appear here.
              </Text>
            )}
            <ScrollArea.Autosize mah={360}>
              <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {items.map((notification) => (
                  <li key={notification.id}>
                    <Group
                      justify="space-between"
                      wrap="nowrap"
                      align="flex-start"
                      p={6}
                      bg={notification.readAt ? undefined : 'var(--mantine-color-blue-light)'}
                      style={{ borderRadius: 4 }}
                    >
                      <UnstyledButton
                        component={Link}
                        to={notificationLink(notification)}
                        onClick={() => setOpened(false)}
                        style={{ flex: 1, minWidth: 0 }}
                      >
                        <Text size="sm" fw={notification.readAt ? 400 : 600}>
                          {notification.title}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatTime(notification.createdAt)}
                        </Text>
                      </UnstyledButton>
                      {!notification.readAt && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          style={{ flexShrink: 0 }}
                          onClick={() => markOne.mutate(notification.id)}
                          aria-label={`Mark read: ${notification.title}`}
                        >
                          Read
                        </Button>
                      )}
                    </Group>
                  </li>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
