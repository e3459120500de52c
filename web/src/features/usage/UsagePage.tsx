import {
  Alert,
  Badge,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatFigure } from '../../components/StatFigure';
import { DataTable, TableMessageRow } from '../../components/PagedTable';
import { readableBadge } from '../calculations/StatusBadge';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatBytes, formatSeconds, formatTime } from '../../lib/format';
import { budgetBar, formatCoreSeconds, sparklinePoints } from './usage-format';

type Budget = components['schemas']['BudgetStatusDto'];

/** Today as a UTC day (`YYYY-MM-DD`): the API's days are UTC days. */
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function monthStart(): string {
  return `${utcDay(new Date()).slice(0, 7)}-01`;
}

export default function UsagePage() {
  const [granularity, setGranularity] = useState<'day' | 'month'>('day');
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(() => utcDay(new Date()));
  const report = useQuery({
    queryKey: ['usage', { from, to, granularity }],
    queryFn: () =>
      call(
        api.GET('/api/v1/users/me/usage', {
          params: { query: { from: from || undefined, to: to || undefined, granularity } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const data = report.data;

  return (
    <Stack>
      <Title order={1}>Usage</Title>
      <Text c="dimmed">
        What your calculations used. Budgets count reserved core-seconds: the CPUs a calculation asked for times the
        time its code ran. Days and months are UTC.
      </Text>
      <ErrorAlert error={report.error} />
      {data && !data.usageEnabled && (
        <Alert color="red" title="Computing suspended">
          An administrator has suspended your computing: new calculations are refused.
        </Alert>
      )}
      {data && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {data.budgets.map((budget) => (
            <BudgetCard key={budget.period} budget={budget} />
          ))}
        </SimpleGrid>
      )}
      <Paper withBorder p="md">
        <Group align="flex-end" wrap="wrap">
          <TextInput label="From" type="date" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
          <TextInput label="To" type="date" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
          <SegmentedControl
            aria-label="Granularity"
            value={granularity}
            onChange={(value) => setGranularity(value as 'day' | 'month')}
            data={[
              { value: 'day', label: 'By day' },
              { value: 'month', label: 'By month' },
            ]}
          />
        </Group>
      </Paper>
      {data && (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <StatFigure label="Calculations" value={String(data.totals.calculations)} />
          <StatFigure label="Reserved compute" value={formatCoreSeconds(data.totals.reservedCoreSeconds)} />
          <StatFigure label="CPU time" value={formatSeconds(data.totals.cpuSeconds)} />
          <StatFigure label="Output stored" value={formatBytes(data.totals.outputBytes)} />
        </SimpleGrid>
      )}
      {data && data.series.length > 1 && (
        <Paper withBorder p="md">
          <Text size="sm" mb="xs">
            Reserved compute per {data.granularity}
          </Text>
          <Sparkline
            values={data.series.map((point) => point.reservedCoreSeconds)}
            label={`Reserved core-seconds per ${data.granularity}, ${data.from} to ${data.to}`}
          />
        </Paper>
      )}
      <DataTable
        label="Usage series"
        minWidth={640}
        columns={[
          data?.granularity === 'month' ? 'Month' : 'Day',
          'Calculations',
          'Reserved compute',
          'CPU time',
          'Wall time',
          'Output stored',
        ]}
      >
        {data?.series
          .slice()
          .reverse()
          .map((point) => (
            <Table.Tr key={point.period}>
              <Table.Td>{point.period}</Table.Td>
              <Table.Td>{point.calculations}</Table.Td>
              <Table.Td>{formatCoreSeconds(point.reservedCoreSeconds)}</Table.Td>
              <Table.Td>{formatSeconds(point.cpuSeconds)}</Table.Td>
              <Table.Td>{formatSeconds(point.wallSeconds)}</Table.Td>
              <Table.Td>{formatBytes(point.outputBytes)}</Table.Td>
            </Table.Tr>
          ))}
        {data && data.series.length === 0 && (
          <TableMessageRow colSpan={6} py="md">
            No usage in this range.
          </TableMessageRow>
        )}
      </DataTable>
      <Title order={2} size="h3">
        Alerts reached
      </Title>
      <DataTable label="Alerts reached" minWidth={500} columns={['When', 'Budget', 'Threshold', 'Spent of budget']}>
        {data?.alerts.map((alert) => (
          <Table.Tr key={`${alert.budget}-${alert.periodStart}-${alert.threshold}`}>
            <Table.Td>{formatTime(alert.createdAt)}</Table.Td>
            <Table.Td>
              {alert.budget} (from {alert.periodStart})
            </Table.Td>
            <Table.Td>
              <Badge {...readableBadge(alert.threshold >= 100 ? 'red' : alert.threshold >= 90 ? 'orange' : 'yellow')}>
                {alert.threshold} %
              </Badge>
            </Table.Td>
            <Table.Td>
              {formatCoreSeconds(alert.spentCoreSeconds)} of {formatCoreSeconds(alert.budgetCoreSeconds)}
            </Table.Td>
          </Table.Tr>
        ))}
        {data && data.alerts.length === 0 && (
          <TableMessageRow colSpan={4} py="md">
            No budget threshold reached in this range.
          </TableMessageRow>
        )}
      </DataTable>
    </Stack>
  );
}

export function BudgetCard({ budget }: { budget: Budget }) {
  const bar = budgetBar(budget);
  const title = budget.period === 'daily' ? "Today's budget" : "This month's budget";
  return (
    <Paper withBorder p="md" data-testid={`budget-${budget.period}`}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed">
            resets {formatTime(budget.resetsAt)}
          </Text>
        </Group>
        <Progress value={bar.percent} color={bar.color} size="lg" aria-label={`${title}: ${bar.text}`} />
        <Text size="sm">{bar.text}</Text>
      </Stack>
    </Paper>
  );
}

function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 600;
  const height = 60;
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 4}`}
      width="100%"
      height={height + 4}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <polyline
        points={sparklinePoints(values, width, height)}
        fill="none"
        stroke="var(--mantine-color-blue-6)"
        strokeWidth="2"
        vectorEffect="non-scaling-stroke"
        transform="translate(0 2)"
      />
    </svg>
  );
}
