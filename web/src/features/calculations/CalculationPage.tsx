import { Alert, Button, Code, Group, Paper, Progress, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilePreview, previewKind } from '../../components/FilePreview';
import { api, call, downloadFile } from '../../lib/api';
import { formatBytes, formatSeconds, formatTime } from '../../lib/format';
import { FINISHED } from './calculation-events';
import { CalculationUsageBars } from './CalculationUsageBars';
import { ResultTree } from './ResultTree';
import { StatusBadge } from './StatusBadge';
import { useCalculationEvents } from './useCalculationEvents';

export default function CalculationPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const calculation = useQuery({
    queryKey: ['calculations', id],
    queryFn: () => call(api.GET('/api/v1/calculations/{id}', { params: { path: { id } } })),
    // A safety net under the live stream: SSE is best-effort.
    refetchInterval: (query) => (query.state.data && FINISHED.includes(query.state.data.status) ? false : 5000),
  });
  const finished = !!calculation.data && FINISHED.includes(calculation.data.status);
  const live = useCalculationEvents(id, !!calculation.data && !finished, (status) => {
    if (FINISHED.includes(status) || status === 'running')
      void client.invalidateQueries({ queryKey: ['calculations', id] });
  });
  const logs = useQuery({
    queryKey: ['calculations', id, 'logs', finished],
    queryFn: () => call(api.GET('/api/v1/calculations/{id}/logs', { params: { path: { id } } })),
    enabled: !!calculation.data,
  });
  const outputs = useQuery({
    queryKey: ['calculations', id, 'outputs'],
    queryFn: () => call(api.GET('/api/v1/calculations/{id}/outputs', { params: { path: { id } } })),
    enabled: finished,
  });
  const cancel = useMutation({
    mutationFn: () => call(api.POST('/api/v1/calculations/{id}/cancel', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['calculations', id] }),
  });
  const rerun = useMutation({
    mutationFn: () => call(api.POST('/api/v1/calculations/{id}/rerun', { params: { path: { id } } })),
    onSuccess: (created) => void navigate(`/calculations/${created.id}`),
  });
  const logRef = useRef<HTMLDivElement>(null);
  const liveLog = live.log;
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [liveLog, logs.data]);

  if (calculation.error) return <ErrorAlert error={calculation.error} />;
  const calc = calculation.data;
  if (!calc) return <Text c="dimmed">Loading the calculation…</Text>;
  const status = finished ? calc.status : (live.status ?? calc.status);
  const progress = live.progress ?? { fraction: calc.progress ?? 0, message: calc.progressMessage };
  const logText =
    finished || !liveLog
      ? [logs.data?.stdout, logs.data?.stderr && `--- stderr ---\n${logs.data.stderr}`].filter(Boolean).join('\n')
      : `${logs.data?.stdout ?? ''}${liveLog}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{calc.name}</Title>
          <Text size="sm" c="dimmed">
            {calc.tool ? (
              <>
                <Link to={`/tools/${calc.tool}`}>{calc.tool}</Link> {calc.toolVersion}
              </>
            ) : (
              'Ad-hoc code'
            )}{' '}
            · submitted {formatTime(calc.createdAt)}
          </Text>
        </div>
        <Group>
          <StatusBadge status={status} />
          {!finished && (
            <Button color="red" variant="light" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel
            </Button>
          )}
          {finished && (
            <Button variant="light" loading={rerun.isPending} onClick={() => rerun.mutate()}>
              Rerun
            </Button>
          )}
          {finished && calc.tool && (
            <Button variant="default" component={Link} to={`/tools/${calc.tool}?rerun=${calc.id}`}>
              Edit and rerun
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={cancel.error ?? rerun.error} />
      {!finished && (
        <Paper withBorder p="md">
          <Text size="sm" mb={4} aria-live="polite">
            {status === 'running' ? (progress.message ?? 'Running…') : `Waiting in the queue (${status})…`}
          </Text>
          <Progress
            value={Math.round((progress.fraction ?? 0) * 100)}
            animated={status === 'running'}
            striped
            aria-label="Calculation progress"
          />
        </Paper>
      )}
      {finished && calc.errorMessage && (
        <Alert color="red" title={`The calculation ${calc.status.replace('_', ' ')}`} role="alert">
          {calc.errorMessage}
          {calc.exitCode !== null && calc.exitCode !== undefined && <Text size="sm">Exit code {calc.exitCode}</Text>}
          {calc.limitExceeded && <Text size="sm">Limit reached: {calc.limitExceeded}</Text>}
        </Alert>
      )}
      {finished && calc.status === 'completed' && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Result
          </Title>
          <ResultTree value={calc.result} />
        </Paper>
      )}
      {finished && outputs.data && outputs.data.length > 0 && (
        <Stack>
          <Title order={2} size="h4">
            Output files
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {outputs.data.map((file) => (
              <Paper withBorder p="sm" key={file.id}>
                <Group justify="space-between" mb="xs">
                  <Text fw={500}>
                    {file.name}{' '}
                    <Text span size="sm" c="dimmed">
                      ({formatBytes(file.sizeBytes)})
                    </Text>
                  </Text>
                  <Button size="xs" variant="light" onClick={() => void downloadFile(file.id, file.filename)}>
                    Download {file.name}
                  </Button>
                </Group>
                {previewKind(file.contentType, file.filename) && <FilePreview file={file} />}
              </Paper>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      {finished && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Usage
          </Title>
          <CalculationUsageBars calculation={calc} />
          <Text size="xs" c="dimmed" mt="xs">
            Queued for {formatSeconds(calc.queueWaitS)}; finished {formatTime(calc.completedAt)}.
          </Text>
        </Paper>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Log
        </Title>
        <ScrollArea.Autosize mah={320} viewportRef={logRef}>
          <Code block aria-label="Calculation log" data-testid="calculation-log">
            {logText || (finished ? 'No output.' : 'Waiting for output…')}
          </Code>
        </ScrollArea.Autosize>
        {(logs.data?.stdoutTruncated || logs.data?.stderrTruncated) && (
          <Text size="xs" c="dimmed">
            The log was truncated ({formatBytes(logs.data.stdoutBytes)} stdout, {formatBytes(logs.data.stderrBytes)}{' '}
            stderr written).
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
