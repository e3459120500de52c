import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readableBadge } from '../calculations/StatusBadge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import { formatTime } from '../../lib/format';

export default function AdminUsersPage() {
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
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
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setCursors([undefined]);
        }}
        w={{ base: '100%', xs: 320 }}
      />
      <ErrorAlert error={users.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={600}>
          <Table aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Username</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last login</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data?.items.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>{user.username}</Table.Td>
                  <Table.Td>{user.displayName ?? '—'}</Table.Td>
                  <Table.Td>{user.email ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge {...readableBadge(user.isActive ? 'teal' : 'gray')}>
                      {user.isActive ? 'active' : 'inactive'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatTime(user.lastLogin)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Group justify="flex-end">
        <Button variant="default" disabled={cursors.length <= 1} onClick={() => setCursors((all) => all.slice(0, -1))}>
          Previous
        </Button>
        <Button
          variant="default"
          disabled={!users.data?.nextCursor}
          onClick={() => setCursors((all) => [...all, users.data?.nextCursor ?? undefined])}
        >
          Next
        </Button>
      </Group>
      <Title order={2} size="h3">
        Everyone&apos;s recent calculations
      </Title>
      <ErrorAlert error={recent.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={500}>
          <Table aria-label="Recent calculations">
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
