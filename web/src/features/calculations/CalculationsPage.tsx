import { Button, Group, Progress, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
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
import type { components } from '../../lib/api-schema';
import { dayEnd, dayStart, formatSeconds, formatTime } from '../../lib/format';
import { StatusBadge } from './StatusBadge';

type Status = components['schemas']['CalculationDto']['status'];
const STATUSES: Status[] = ['pending', 'queued', 'running', 'completed', 'failed', 'cancelled', 'timed_out'];

export default function CalculationsPage() {
  const pages = useCursorPages();
  const [status, setStatus] = useFilterState<Status | null>(null, pages);
  const [tool, setTool] = useFilterState('', pages);
  const [toolFilter] = useDebouncedValue(tool.trim(), 300);
  const [from, setFrom] = useFilterState('', pages);
  const [to, setTo] = useFilterState('', pages);
  const { cursor } = pages;
  const calculations = useQuery({
    queryKey: ['calculations', 'list', { status, toolFilter, from, to, cursor }],
    queryFn: () =>
      call(
        api.GET('/api/v1/calculations', {
          params: {
            query: {
              status: status ?? undefined,
              tool: toolFilter || undefined,
              // Days in the user's time zone.
              from: dayStart(from),
              to: dayEnd(to),
              cursor,
              limit: 20,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Calculations</Title>
        <Group>
          <Button component={Link} to="/tools" variant="light">
            Run a tool
          </Button>
          <Button component={Link} to="/calculations/new-code" variant="default">
            Run code
          </Button>
        </Group>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Status"
          placeholder="Any"
          clearable
          data={STATUSES.map((value) => ({ value, label: value.replace('_', ' ') }))}
          value={status}
          onChange={(value) => setStatus(value as Status | null)}
          w={160}
        />
        <TextInput
          label="Tool"
          placeholder="tool name"
          value={tool}
          onChange={(event) => setTool(event.currentTarget.value)}
          w={180}
        />
        <DayFilter label="From" value={from} onChange={setFrom} />
        <DayFilter label="To" value={to} onChange={setTo} />
      </Group>
      <ErrorAlert error={calculations.error} />
      <DataTable
        label="Calculations"
        minWidth={640}
        highlightOnHover
        columns={['Name', 'Tool', 'Status', 'Submitted', 'Run time']}
      >
        {calculations.data?.items.map((calc) => (
          <Table.Tr key={calc.id}>
            <Table.Td>
              <Link to={`/calculations/${calc.id}`}>{calc.name}</Link>
            </Table.Td>
            <Table.Td>{calc.tool ? `${calc.tool} ${calc.toolVersion ?? ''}` : 'code'}</Table.Td>
            <Table.Td>
              <StatusBadge status={calc.status} />
              {calc.status === 'running' && (
                <Progress value={(calc.progress ?? 0) * 100} size="xs" mt={4} aria-label={`Progress of ${calc.name}`} />
              )}
            </Table.Td>
            <Table.Td>{formatTime(calc.createdAt)}</Table.Td>
            <Table.Td>{formatSeconds(calc.executionTimeS)}</Table.Td>
          </Table.Tr>
        ))}
        {calculations.isSuccess && calculations.data.items.length === 0 && (
          <TableMessageRow colSpan={5} py="md">
            No calculation matches. Run a tool to start one.
          </TableMessageRow>
        )}
      </DataTable>
      <PageButtons pages={pages} nextCursor={calculations.data?.nextCursor} />
    </Stack>
  );
}
