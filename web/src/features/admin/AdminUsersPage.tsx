import { Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readableBadge } from '../calculations/StatusBadge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DataTable, PageButtons, useCursorPages, useFilterState } from '../../components/PagedTable';
import { api, call } from '../../lib/api';
import { formatTime } from '../../lib/format';
import { UserLimitsModal } from './UserLimitsModal';

export default function AdminUsersPage() {
  const client = useQueryClient();
  const pages = useCursorPages();
  const [search, setSearch] = useFilterState('', pages);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const { cursor } = pages;
  const [editing, setEditing] = useState<{ userId: string; username: string }>();
  const users = useQuery({
    queryKey: ['admin', 'users', { debounced, cursor }],
    queryFn: () =>
      call(
        api.GET('/api/v1/admin/users', { params: { query: { search: debounced || undefined, cursor, limit: 25 } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const recent = useQuery({
    queryKey: ['admin', 'recent'],
    queryFn: () => call(api.GET('/api/v1/admin/calculations/recent', { params: { query: { limit: 10 } } })),
  });
  const sync = useMutation({
    mutationFn: () => call(api.POST('/api/v1/admin/users/sync')),
    onSuccess: (summary) => {
      notifications.show({
        color: 'teal',
        message: `Synced ${summary.total} users: ${summary.created} new, ${summary.updated} updated, ${summary.deactivatedMissing} deactivated.`,
      });
      void client.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Users</Title>
        <Button onClick={() => sync.mutate()} loading={sync.isPending} variant="light">
          Sync from Keycloak now
        </Button>
      </Group>
      <ErrorAlert error={sync.error} />
      <TextInput
        label="Search users"
        placeholder="username, email or name"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        w={{ base: '100%', xs: 320 }}
      />
      <ErrorAlert error={users.error} />
      <DataTable
        label="Users"
        minWidth={600}
        columns={[
          'Username',
          'Name',
          'Email',
          'Status',
          'Last login',
          <span className="visually-hidden">Actions</span>,
        ]}
      >
        {users.data?.items.map((user) => (
          <Table.Tr key={user.id}>
            <Table.Td>{user.username}</Table.Td>
            <Table.Td>{user.displayName ?? '—'}</Table.Td>
            <Table.Td>{user.email ?? '—'}</Table.Td>
            <Table.Td>
              <Badge {...readableBadge(user.isActive ? 'teal' : 'gray')}>{user.isActive ? 'active' : 'inactive'}</Badge>
            </Table.Td>
            <Table.Td>{formatTime(user.lastLogin)}</Table.Td>
            <Table.Td>
              <Button
                size="xs"
                variant="light"
                onClick={() => setEditing({ userId: user.id, username: user.username })}
                aria-label={`Limits of ${user.username}`}
              >
                Limits
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <PageButtons pages={pages} nextCursor={users.data?.nextCursor} />
      {editing && <UserLimitsModal {...editing} onClose={() => setEditing(undefined)} />}
      <Title order={2} size="h3">
        Everyone&apos;s recent calculations
      </Title>
      <ErrorAlert error={recent.error} />
      <DataTable label="Recent calculations" minWidth={500}>
        {recent.data?.items.map((calc) => (
          <Table.Tr key={calc.id}>
            <Table.Td>{calc.name}</Table.Td>
            <Table.Td>{calc.username}</Table.Td>
            <Table.Td>{calc.status}</Table.Td>
            <Table.Td>{formatTime(calc.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
        {recent.isSuccess && recent.data.items.length === 0 && (
          <Table.Tr>
            <Table.Td>
              <Text c="dimmed">None yet.</Text>
            </Table.Td>
          </Table.Tr>
        )}
      </DataTable>
    </Stack>
  );
}
