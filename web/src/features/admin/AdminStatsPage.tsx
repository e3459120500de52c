import { Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatFigure } from '../../components/StatFigure';
import { DataTable, TableMessageRow } from '../../components/PagedTable';
import { StatusBadge } from '../calculations/StatusBadge';
import { api, call } from '../../lib/api';
import { formatBytes, formatSeconds } from '../../lib/format';
import { formatCoreSeconds } from '../usage/usage-format';

export default function AdminStatsPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const stats = useQuery({
    queryKey: ['admin', 'stats', { from, to }],
    queryFn: () =>
      call(api.GET('/api/v1/admin/stats', { params: { query: { from: from || undefined, to: to || undefined } } })),
    placeholderData: keepPreviousData,
  });
  const data = stats.data;
  const total = data?.byStatus.reduce((sum, row) => sum + row.count, 0) ?? 0;

  return (
    <Stack>
      <Title order={1}>Statistics</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Compute from (UTC day)"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput label="Compute to (UTC day)" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        {data && (
          <Text size="sm" c="dimmed">
            Compute figures for {data.from} to {data.to}; calculations and storage all time.
          </Text>
        )}
      </Group>
      <ErrorAlert error={stats.error} />
      {data && (
        <>
          <Title order={2} size="h3">
            Compute
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <StatFigure label="Calculations" value={String(data.compute.calculations)} />
            <StatFigure label="Users computing" value={String(data.compute.users)} />
            <StatFigure label="Reserved compute" value={formatCoreSeconds(data.compute.reservedCoreSeconds)} />
            <StatFigure label="CPU time" value={formatSeconds(data.compute.cpuSeconds)} />
            <StatFigure label="Wall time" value={formatSeconds(data.compute.wallSeconds)} />
            <StatFigure label="Output written" value={formatBytes(data.compute.outputBytes)} />
          </SimpleGrid>
          <Title order={2} size="h3">
            Storage
          </Title>
          <SimpleGrid cols={{ base: 3 }}>
            <StatFigure label="Bytes held" value={formatBytes(data.storage.bytes)} />
            <StatFigure label="Files" value={String(data.storage.files)} />
            <StatFigure label="Users holding files" value={String(data.storage.users)} />
          </SimpleGrid>
        </>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <Title order={2} size="h3">
            Calculations by status
          </Title>
          <DataTable label="Calculations by status" minWidth={300} columns={['Status', 'Calculations', 'Share']}>
            {data?.byStatus.map((row) => (
              <Table.Tr key={row.status}>
                <Table.Td>
                  <StatusBadge status={row.status} />
                </Table.Td>
                <Table.Td>{row.count}</Table.Td>
                <Table.Td>{total > 0 ? `${Math.round((100 * row.count) / total)} %` : '—'}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.byStatus.length === 0 && (
              <TableMessageRow colSpan={3} py="md">
                No calculations yet.
              </TableMessageRow>
            )}
          </DataTable>
        </Stack>
        <Stack gap="xs">
          <Title order={2} size="h3">
            Calculations by tool
          </Title>
          <DataTable
            label="Calculations by tool"
            minWidth={420}
            columns={['Tool', 'Calculations', 'Completed', 'Failed', 'Reserved compute']}
          >
            {data?.byTool.map((row) => (
              <Table.Tr key={row.tool}>
                <Table.Td>{row.tool}</Table.Td>
                <Table.Td>{row.calculations}</Table.Td>
                <Table.Td>{row.completed}</Table.Td>
                <Table.Td>{row.failed}</Table.Td>
                <Table.Td>{formatCoreSeconds(row.reservedCoreSeconds)}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.byTool.length === 0 && (
              <TableMessageRow colSpan={5} py="md">
                No calculations yet.
              </TableMessageRow>
            )}
          </DataTable>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
