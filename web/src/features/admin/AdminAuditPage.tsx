import { Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  DataTable,
  DayFilter,
  PageButtons,
  TableMessageRow,
  useCursorPages,
  useFilterState,
} from '../../components/PagedTable';
import { api, call } from '../../lib/api';
import { dayEnd, dayStart, formatTime } from '../../lib/format';

export default function AdminAuditPage() {
  const pages = useCursorPages();
  const [action, setAction] = useFilterState('', pages);
  const [targetType, setTargetType] = useFilterState('', pages);
  const [from, setFrom] = useFilterState('', pages);
  const [to, setTo] = useFilterState('', pages);
  const [filters] = useDebouncedValue({ action: action.trim(), targetType: targetType.trim(), from, to }, 300);
  const { cursor } = pages;
  const events = useQuery({
    queryKey: ['admin', 'audit', filters, cursor],
    queryFn: () =>
      call(
        api.GET('/api/v1/admin/audit', {
          params: {
            query: {
              action: filters.action || undefined,
              targetType: filters.targetType || undefined,
              from: dayStart(filters.from),
              to: dayEnd(filters.to),
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
          onChange={(event) => setAction(event.currentTarget.value)}
          w={200}
        />
        <TextInput
          label="Target type"
          placeholder="e.g. file"
          value={targetType}
          onChange={(event) => setTargetType(event.currentTarget.value)}
          w={160}
        />
        <DayFilter label="From" value={from} onChange={setFrom} />
        <DayFilter label="To" value={to} onChange={setTo} />
      </Group>
      <ErrorAlert error={events.error} />
      <DataTable label="Audit events" minWidth={720} columns={['When', 'Action', 'Target', 'Actor', 'Details']}>
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
          <TableMessageRow colSpan={5}>No events match.</TableMessageRow>
        )}
      </DataTable>
      <PageButtons pages={pages} nextCursor={events.data?.nextCursor} />
    </Stack>
  );
}
