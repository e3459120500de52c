import { Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import { formatTime } from '../../lib/format';

export default function AdminAuditPage() {
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filters] = useDebouncedValue({ action: action.trim(), targetType: targetType.trim(), from, to }, 300);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const reset = () => setCursors([undefined]);
  const events = useQuery({
    queryKey: ['admin', 'audit', filters, cursor],
    queryFn: () =>
      call(
        api.GET('/api/v1/admin/audit', {
          params: {
            query: {
              action: filters.action || undefined,
              targetType: filters.targetType || undefined,
              from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
              to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
              cursor,
              limit: 50,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Action"
          placeholder="e.g. file.delete"
          value={action}
          onChange={(event) => {
            setAction(event.currentTarget.value);
            reset();
          }}
          w={200}
        />
        <TextInput
          label="Target type"
          placeholder="e.g. file"
          value={targetType}
          onChange={(event) => {
            setTargetType(event.currentTarget.value);
            reset();
          }}
          w={160}
        />
        <TextInput
          label="From"
          type="date"
          value={from}
          onChange={(event) => {
            setFrom(event.currentTarget.value);
            reset();
          }}
          w={170}
        />
        <TextInput
          label="To"
          type="date"
          value={to}
          onChange={(event) => {
            setTo(event.currentTarget.value);
            reset();
          }}
          w={170}
        />
      </Group>
      <ErrorAlert error={events.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Audit events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data?.items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{formatTime(event.createdAt)}</Table.Td>
                  <Table.Td>{event.action}</Table.Td>
                  <Table.Td>
                    {event.targetType}{' '}
                    <Text span size="xs" c="dimmed">
                      {event.targetId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{event.actorUserId ?? 'system'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{JSON.stringify(event.metadata)}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
              {events.isSuccess && events.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center">
                      No events match.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
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
          disabled={!events.data?.nextCursor}
          onClick={() => setCursors((all) => [...all, events.data?.nextCursor ?? undefined])}
        >
          Next
        </Button>
      </Group>
    </Stack>
  );
}
