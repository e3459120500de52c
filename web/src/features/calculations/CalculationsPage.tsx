import { Button, Group, Paper, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatSeconds, formatTime } from '../../lib/format';
import { StatusBadge } from './StatusBadge';

type Status = components['schemas']['CalculationDto']['status'];
const STATUSES: Status[] = ['pending', 'queued', 'running', 'completed', 'failed', 'cancelled', 'timed_out'];

export default function CalculationsPage() {
  const [status, setStatus] = useState<Status | null>(null);
  const [tool, setTool] = useState('');
  const [toolFilter] = useDebouncedValue(tool.trim(), 300);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const reset = () => setCursors([undefined]);
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
              from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
              to: to ? new Date(`${to}T23:59:59.999`).toISOString() : undefined,
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
          onChange={(value) => {
            setStatus(value as Status | null);
            reset();
          }}
          w={160}
        />
        <TextInput
          label="Tool"
          placeholder="tool name"
          value={tool}
          onChange={(event) => {
            setTool(event.currentTarget.value);
            reset();
          }}
          w={180}
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
      <ErrorAlert error={calculations.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover aria-label="Calculations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Tool</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Submitted</Table.Th>
                <Table.Th>Run time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {calculations.data?.items.map((calc) => (
                <Table.Tr key={calc.id}>
                  <Table.Td>
                    <Link to={`/calculations/${calc.id}`}>{calc.name}</Link>
                  </Table.Td>
                  <Table.Td>{calc.tool ? `${calc.tool} ${calc.toolVersion ?? ''}` : 'code'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={calc.status} />
                    {calc.status === 'running' && (
                      <Progress
                        value={(calc.progress ?? 0) * 100}
                        size="xs"
                        mt={4}
                        aria-label={`Progress of ${calc.name}`}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>{formatTime(calc.createdAt)}</Table.Td>
                  <Table.Td>{formatSeconds(calc.executionTimeS)}</Table.Td>
                </Table.Tr>
              ))}
              {calculations.isSuccess && calculations.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="md">
                      No calculation matches. Run a tool to start one.
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
          disabled={!calculations.data?.nextCursor}
          onClick={() => setCursors((all) => [...all, calculations.data?.nextCursor ?? undefined])}
        >
          Next
        </Button>
      </Group>
    </Stack>
  );
}
