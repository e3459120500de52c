import { Button, Group, Stack, Table, TextInput, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DataTable, PageButtons, TableMessageRow, useCursorPages, useFilterState } from '../../components/PagedTable';
import { api, authorizedBlob, call, saveBlob } from '../../lib/api';
import type { components, operations } from '../../lib/api-schema';
import { formatBytes, formatSeconds } from '../../lib/format';
import { formatCoreSeconds } from '../usage/usage-format';
import { UserLimitsModal } from './UserLimitsModal';

type Query = NonNullable<operations['AdminUsageController_perUser']['parameters']['query']>;
export type UsageSort = NonNullable<Query['sort']>;
type Order = NonNullable<Query['order']>;
type UsagePage = components['schemas']['UserUsagePageDto'];

/** The API's default direction: names ascending, figures descending (the biggest spender first). */
export function defaultOrder(sort: UsageSort): Order {
  return sort === 'username' || sort === 'userId' ? 'asc' : 'desc';
}

/** A header click: the same column flips the direction, another column starts at its default. */
export function nextSort(
  current: { sort: UsageSort; order: Order },
  clicked: UsageSort,
): { sort: UsageSort; order: Order } {
  if (current.sort === clicked) return { sort: clicked, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort: clicked, order: defaultOrder(clicked) };
}

/** The CSV export's path: the same range and order as the table, fetched with the token in a header. */
export function csvPath(query: { from: string; to: string; sort: UsageSort; order: Order }): string {
  const params = new URLSearchParams({ format: 'csv', sort: query.sort, order: query.order });
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  return `/api/v1/admin/usage?${params.toString()}`;
}

const COLUMNS: Array<{ sort: UsageSort; label: string }> = [
  { sort: 'username', label: 'User' },
  { sort: 'calculations', label: 'Calculations' },
  { sort: 'coreSeconds', label: 'Reserved compute' },
  { sort: 'cpuSeconds', label: 'CPU time' },
  { sort: 'wallSeconds', label: 'Wall time' },
  { sort: 'gbSeconds', label: 'Memory (GiB·s)' },
  { sort: 'outputBytes', label: 'Output' },
];

export default function AdminUsagePage() {
  const pages = useCursorPages();
  const [from, setFrom] = useFilterState('', pages);
  const [to, setTo] = useFilterState('', pages);
  const [ordering, setOrdering] = useFilterState<{ sort: UsageSort; order: Order }>(
    { sort: 'coreSeconds', order: 'desc' },
    pages,
  );
  const [editing, setEditing] = useState<{ userId: string; username: string }>();
  const { cursor } = pages;
  const usage = useQuery({
    queryKey: ['admin', 'usage', { from, to, ordering, cursor }],
    // format=json: the route also answers text/csv, which the generated type includes.
    queryFn: async () =>
      (await call(
        api.GET('/api/v1/admin/usage', {
          params: {
            query: { from: from || undefined, to: to || undefined, ...ordering, cursor, limit: 25, format: 'json' },
          },
        }),
      )) as UsagePage,
    placeholderData: keepPreviousData,
  });
  const csv = useMutation({
    mutationFn: async () => {
      const blob = await authorizedBlob(csvPath({ from, to, ...ordering }));
      saveBlob(blob, `retort-usage-${usage.data?.from ?? from}-${usage.data?.to ?? to}.csv`);
    },
  });

  return (
    <Stack>
      <Title order={1}>Usage by user</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="From (UTC day)" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To (UTC day)" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button variant="light" loading={csv.isPending} onClick={() => csv.mutate()}>
          Download CSV
        </Button>
      </Group>
      <ErrorAlert error={usage.error ?? csv.error} />
      <DataTable
        label="Usage by user"
        minWidth={760}
        columns={[
          ...COLUMNS.map((column) => {
            const active = ordering.sort === column.sort;
            return (
              <UnstyledButton
                key={column.sort}
                onClick={() => setOrdering(nextSort(ordering, column.sort))}
                aria-label={`Sort by ${column.label}${active ? (ordering.order === 'asc' ? ', ascending' : ', descending') : ''}`}
                fw={active ? 700 : 500}
                fz="sm"
              >
                {column.label}
                {active ? (ordering.order === 'asc' ? ' ▲' : ' ▼') : ''}
              </UnstyledButton>
            );
          }),
          <span className="visually-hidden">Actions</span>,
        ]}
      >
        {usage.data?.items.map((row) => (
          <Table.Tr key={row.userId}>
            <Table.Td>{row.username}</Table.Td>
            <Table.Td>{row.calculations}</Table.Td>
            <Table.Td>{formatCoreSeconds(row.reservedCoreSeconds)}</Table.Td>
            <Table.Td>{formatSeconds(row.cpuSeconds)}</Table.Td>
            <Table.Td>{formatSeconds(row.wallSeconds)}</Table.Td>
            <Table.Td>{row.reservedGbSeconds.toFixed(1)}</Table.Td>
            <Table.Td>{formatBytes(row.outputBytes)}</Table.Td>
            <Table.Td>
              <Button
                size="xs"
                variant="light"
                onClick={() => setEditing({ userId: row.userId, username: row.username })}
                aria-label={`Limits of ${row.username}`}
              >
                Limits
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
        {usage.isSuccess && usage.data.items.length === 0 && (
          <TableMessageRow colSpan={8} py="md">
            Nobody used compute in this range.
          </TableMessageRow>
        )}
      </DataTable>
      <PageButtons pages={pages} nextCursor={usage.data?.nextCursor} />
      {editing && <UserLimitsModal {...editing} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}
