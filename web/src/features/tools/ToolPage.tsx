import {
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RJSFSchema } from '@rjsf/utils';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { useMe } from '../../app/Layout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatBytes, formatTime } from '../../lib/format';
import { ApiError } from '../../lib/problem';
import { InputFilePicker } from './InputFilePicker';
import { ToolParametersForm, type Parameters } from './ToolParametersForm';

type ToolVersion = components['schemas']['ToolVersionDto'];
type RequestedLimits = components['schemas']['RequestedLimitsDto'];
type Calculation = components['schemas']['CalculationDto'];

export default function ToolPage() {
  const { name = '' } = useParams();
  const tool = useQuery({
    queryKey: ['tools', name],
    queryFn: () => call(api.GET('/api/v1/tools/{name}', { params: { path: { name } } })),
  });
  const versions = useQuery({
    queryKey: ['tools', name, 'versions'],
    queryFn: () =>
      call(api.GET('/api/v1/tools/{name}/versions', { params: { path: { name }, query: { limit: 100 } } })),
  });
  // "Edit and rerun": the form starts from an earlier calculation of this tool.
  const [searchParams] = useSearchParams();
  const rerunOf = searchParams.get('rerun');
  const previous = useQuery({
    queryKey: ['calculations', rerunOf],
    queryFn: () => call(api.GET('/api/v1/calculations/{id}', { params: { path: { id: rerunOf! } } })),
    enabled: !!rerunOf,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? previous.data?.toolVersion ?? tool.data?.latestVersion?.version ?? null;
  const client = useQueryClient();
  const deprecate = useMutation({
    mutationFn: (version: string) =>
      call(api.POST('/api/v1/tools/{name}/versions/{version}/deprecate', { params: { path: { name, version } } })),
    onSuccess: (_, deprecated) => {
      // Stay on the version just deprecated (it may have been the latest).
      setSelected(deprecated);
      void client.invalidateQueries({ queryKey: ['tools', name] });
    },
  });
  const version = useQuery({
    queryKey: ['tools', name, 'versions', current],
    queryFn: () =>
      call(api.GET('/api/v1/tools/{name}/versions/{version}', { params: { path: { name, version: current! } } })),
    enabled: !!current,
  });
  const { roles } = useAuth();
  const me = useMe();
  const canPublish = roles.includes('admin') || (!!me.data && me.data.id === tool.data?.authorId);

  if (tool.error) return <ErrorAlert error={tool.error} />;
  if (!tool.data) return <Text c="dimmed">Loading the tool…</Text>;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{tool.data.displayName}</Title>
          <Text c="dimmed" size="sm">
            {tool.data.name}
          </Text>
        </div>
        {canPublish && (
          <Button component={Link} to={`/tools/${name}/publish`} variant="light">
            Publish a version
          </Button>
        )}
      </Group>
      <Text>{tool.data.description || 'No description.'}</Text>
      <Group gap={4}>
        {tool.data.tags.map((tag) => (
          <Badge key={tag} variant="light">
            {tag}
          </Badge>
        ))}
      </Group>
      {!tool.data.latestVersion && <Text c="dimmed">This tool has no usable version yet.</Text>}
      {versions.data && versions.data.items.length > 0 && (
        <Select
          label="Version"
          w={260}
          value={current}
          onChange={setSelected}
          allowDeselect={false}
          data={versions.data.items.map((item) => ({
            value: item.version,
            label: `${item.version}${item.deprecated ? ' (deprecated)' : ''} — ${formatTime(item.createdAt)}`,
          }))}
        />
      )}
      {canPublish && version.data && !version.data.deprecated && (
        <Group>
          <Button
            variant="default"
            color="red"
            size="xs"
            loading={deprecate.isPending}
            onClick={() => deprecate.mutate(version.data.version)}
          >
            Deprecate {version.data.version}
          </Button>
          <Text size="xs" c="dimmed">
            A deprecated version stays readable but starts no new calculation.
          </Text>
        </Group>
      )}
      <ErrorAlert error={version.error ?? deprecate.error ?? previous.error} />
      {version.data && <VersionDetails version={version.data} />}
      {version.data?.deprecated && <Text c="dimmed">This version is deprecated: choose another to run.</Text>}
      {version.data && !version.data.deprecated && (!rerunOf || previous.data) && (
        <RunToolForm
          key={`${version.data.id}-${previous.data?.id ?? ''}`}
          toolName={name}
          version={version.data}
          from={previous.data?.toolVersion === version.data.version ? previous.data : undefined}
        />
      )}
    </Stack>
  );
}

function VersionDetails({ version }: { version: ToolVersion }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <DetailSection title="Inputs">
        {version.inputs.length === 0 && (
          <Text size="sm" c="dimmed">
            No input files.
          </Text>
        )}
        {version.inputs.map((input) => (
          <Text size="sm" key={input.name}>
            <Code>{input.name}</Code> {input.required ? '(required)' : '(optional)'} {input.description}{' '}
            {input.contentTypes?.length ? (
              <Text span c="dimmed">
                — {input.contentTypes.join(', ')}
              </Text>
            ) : null}
          </Text>
        ))}
      </DetailSection>
      <DetailSection title="Outputs">
        {version.outputs.length === 0 && (
          <Text size="sm" c="dimmed">
            No declared output files.
          </Text>
        )}
        {version.outputs.map((output) => (
          <Text size="sm" key={output.name}>
            <Code>{output.name}</Code> {output.description}{' '}
            {output.contentType && (
              <Text span c="dimmed">
                — {output.contentType}
              </Text>
            )}
          </Text>
        ))}
      </DetailSection>
      <DetailSection title="Limits">
        <Table withRowBorders={false} fz="sm">
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>Memory</Table.Td>
              <Table.Td>{version.limits.memoryMb} MiB</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>CPUs</Table.Td>
              <Table.Td>{version.limits.cpus}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>Time</Table.Td>
              <Table.Td>{version.limits.timeoutS} s</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>Output</Table.Td>
              <Table.Td>{formatBytes(version.limits.maxOutputBytes)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {version.changelog && (
          <Text size="sm" mt="xs">
            <strong>Changes:</strong> {version.changelog}
          </Text>
        )}
      </DetailSection>
    </SimpleGrid>
  );
}

/** One titled box of a version's details. */
function DetailSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function RunToolForm({ toolName, version, from }: { toolName: string; version: ToolVersion; from?: Calculation }) {
  const navigate = useNavigate();
  const [name, setName] = useState(from ? `${from.name} (rerun)` : `${toolName} ${new Date().toLocaleString()}`);
  const [inputs, setInputs] = useState<Record<string, string | null>>(() =>
    Object.fromEntries((from?.inputs ?? []).map((input) => [input.name, input.fileId])),
  );
  const [limits, setLimits] = useState<RequestedLimits>({});

  const submit = useMutation({
    mutationFn: (params: Parameters) =>
      call(
        api.POST('/api/v1/calculations', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            name,
            tool: toolName,
            version: version.version,
            parameters: params,
            inputs: Object.entries(inputs)
              .filter((entry): entry is [string, string] => !!entry[1])
              .map(([as, fileId]) => ({ fileId, as })),
            limits: Object.values(limits).some((value) => value !== undefined) ? limits : undefined,
          },
        }),
      ),
    onSuccess: (calculation) => void navigate(`/calculations/${calculation.id}`),
  });
  const problem = submit.error instanceof ApiError ? submit.error.problem : undefined;
  const fieldError = (path: string) => problem?.errors?.find((error) => error.path.startsWith(path))?.message;
  const limitInput = (key: keyof RequestedLimits, label: string, max: number, step = 1) => (
    <NumberInput
      label={label}
      description={`At most ${max}; empty: ${max}`}
      min={step < 1 ? 0.01 : 1}
      max={max}
      step={step}
      decimalScale={step < 1 ? 2 : 0}
      value={limits[key] ?? ''}
      onChange={(value) => setLimits((all) => ({ ...all, [key]: typeof value === 'number' ? value : undefined }))}
      error={fieldError(`limits.${key}`)}
    />
  );

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          Run {version.version}
        </Title>
        <TextInput
          label="Calculation name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          required
          error={fieldError('name')}
        />
        {version.inputs.map((input) => (
          <InputFilePicker
            key={input.name}
            label={`Input: ${input.name}`}
            description={input.description}
            contentTypes={input.contentTypes}
            required={input.required}
            value={inputs[input.name] ?? null}
            onChange={(fileId) => setInputs((all) => ({ ...all, [input.name]: fileId }))}
            error={fieldError('inputs')}
          />
        ))}
        <details>
          <summary>Limits (optional, within the tool&apos;s ceiling)</summary>
          <SimpleGrid cols={{ base: 1, sm: 4 }} mt="xs">
            {limitInput('memoryMb', 'Memory (MiB)', version.limits.memoryMb)}
            {limitInput('cpus', 'CPUs', version.limits.cpus, 0.25)}
            {limitInput('timeoutS', 'Time limit (s)', version.limits.timeoutS)}
            {limitInput('diskMb', 'Disk (MiB)', version.limits.diskMb)}
          </SimpleGrid>
        </details>
        <Title order={3} size="h4">
          Parameters
        </Title>
        <ToolParametersForm
          schema={version.parametersSchema as RJSFSchema}
          key={version.id}
          onSubmit={(params) => submit.mutate(params)}
          apiProblem={problem}
        >
          <Stack mt="md">
            <ErrorAlert error={submit.error} title="The calculation was not started" />
            <Group>
              <Button type="submit" loading={submit.isPending}>
                Run calculation
              </Button>
            </Group>
          </Stack>
        </ToolParametersForm>
      </Stack>
    </Paper>
  );
}
