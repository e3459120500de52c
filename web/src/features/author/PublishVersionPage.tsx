import {
  Alert,
  Button,
  Grid,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RJSFSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { CodeField, JsonTextarea } from '../calculations/CodeFields';
import { ToolParametersForm } from '../tools/ToolParametersForm';

type Limits = components['schemas']['LimitsDto'];
type ToolVersion = components['schemas']['ToolVersionDto'];

const DEFAULT_CODE = `def run(params):
    return {"greeting": f"Hello, {params['name']}!"}
`;
const DEFAULT_SCHEMA = JSON.stringify(
  {
    type: 'object',
    properties: { name: { type: 'string', default: 'world', description: 'Who to greet' } },
    required: ['name'],
  },
  null,
  2,
);

function nextPatch(version: string | undefined): string {
  const [major, minor, patch] = (version ?? '').split('.').map((part) => Number.parseInt(part, 10));
  return [major, minor, patch].some(Number.isNaN) ? '1.0.0' : `${major}.${minor}.${patch + 1}`;
}

function parseJson<T>(text: string): { value?: T; error?: string } {
  try {
    return { value: JSON.parse(text) as T };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export default function PublishVersionPage() {
  const { name = '' } = useParams();
  const tool = useQuery({
    queryKey: ['tools', name],
    queryFn: () => call(api.GET('/api/v1/tools/{name}', { params: { path: { name } } })),
  });
  return (
    <Stack>
      <Title order={1}>Publish a version of {tool.data?.displayName ?? name}</Title>
      <ErrorAlert error={tool.error} />
      {tool.isPending && <Text c="dimmed">Loading the tool…</Text>}
      {tool.data && (
        <PublishVersionForm key={tool.data.latestVersion?.id ?? 'first'} name={name} latest={tool.data.latestVersion} />
      )}
    </Stack>
  );
}

/** Starts from the latest version (with the next patch number), or from a small example. */
function PublishVersionForm({ name, latest }: { name: string; latest: ToolVersion | null }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [version, setVersion] = useState(() => nextPatch(latest?.version));
  const [image, setImage] = useState(latest?.image ?? 'retort/sandbox-python-scientific:1.0.0');
  const [code, setCode] = useState(latest?.code ?? DEFAULT_CODE);
  const [schemaText, setSchemaText] = useState(
    latest ? JSON.stringify(latest.parametersSchema, null, 2) : DEFAULT_SCHEMA,
  );
  const [inputsText, setInputsText] = useState(JSON.stringify(latest?.inputs ?? [], null, 2));
  const [outputsText, setOutputsText] = useState(JSON.stringify(latest?.outputs ?? [], null, 2));
  const [limits, setLimits] = useState<Limits>(() =>
    latest
      ? {
          memoryMb: latest.limits.memoryMb,
          cpus: latest.limits.cpus,
          timeoutS: latest.limits.timeoutS,
          maxOutputBytes: latest.limits.maxOutputBytes,
        }
      : { memoryMb: 256, cpus: 1, timeoutS: 60, maxOutputBytes: 10 * 1024 * 1024 },
  );
  const [changelog, setChangelog] = useState('');

  const schema = useMemo(() => parseJson<RJSFSchema>(schemaText), [schemaText]);
  const inputs = useMemo(() => parseJson<components['schemas']['ToolInputDto'][]>(inputsText), [inputsText]);
  const outputs = useMemo(() => parseJson<components['schemas']['ToolOutputDto'][]>(outputsText), [outputsText]);

  const publish = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/tools/{name}/versions', {
          params: { path: { name } },
          body: {
            version,
            image,
            code,
            parametersSchema: schema.value as Record<string, never>,
            inputs: inputs.value ?? [],
            outputs: outputs.value ?? [],
            limits,
            network: false,
            changelog: changelog || undefined,
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['tools'] });
      void navigate(`/tools/${name}`);
    },
  });
  const valid = !schema.error && !inputs.error && !outputs.error;
  const limit = (key: keyof Limits, label: string, step = 1) => (
    <NumberInput
      label={label}
      value={limits[key] ?? ''}
      min={0}
      step={step}
      decimalScale={step < 1 ? 2 : 0}
      onChange={(value) => setLimits((all) => ({ ...all, [key]: typeof value === 'number' ? value : undefined }))}
      required={key !== 'diskMb'}
    />
  );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) publish.mutate();
      }}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Version"
            description="Semantic version, unique per tool"
            value={version}
            onChange={(event) => setVersion(event.currentTarget.value)}
            required
          />
          <TextInput label="Image" value={image} onChange={(event) => setImage(event.currentTarget.value)} required />
        </SimpleGrid>
        <CodeField
          caption="Code (main.py, defines run(params))"
          label="Tool code"
          value={code}
          onChange={setCode}
          minHeight="200px"
        />
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <JsonTextarea
              label="Parameters schema (JSON Schema 2020-12)"
              value={schemaText}
              onChange={(event) => setSchemaText(event.currentTarget.value)}
              minRows={10}
              error={schema.error}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder p="sm" aria-label="Form preview">
              <Text size="sm" fw={500} mb="xs">
                Live preview of the generated form
              </Text>
              {schema.value ? (
                <ToolParametersForm key={schemaText} schema={schema.value} onSubmit={() => undefined}>
                  <></>
                </ToolParametersForm>
              ) : (
                <Alert color="gray">Fix the schema&apos;s JSON to see the form.</Alert>
              )}
            </Paper>
          </Grid.Col>
        </Grid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <JsonTextarea
            label="Inputs (JSON: [{name, description, contentTypes, required}])"
            value={inputsText}
            onChange={(event) => setInputsText(event.currentTarget.value)}
            minRows={3}
            error={inputs.error}
          />
          <JsonTextarea
            label="Outputs (JSON: [{name, description, contentType}])"
            value={outputsText}
            onChange={(event) => setOutputsText(event.currentTarget.value)}
            minRows={3}
            error={outputs.error}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {limit('memoryMb', 'Memory (MiB)')}
          {limit('cpus', 'CPUs', 0.25)}
          {limit('timeoutS', 'Time limit (s)')}
          {limit('maxOutputBytes', 'Output bytes')}
          {limit('diskMb', 'Disk (MiB)')}
        </SimpleGrid>
        <Textarea
          label="Changelog"
          value={changelog}
          onChange={(event) => setChangelog(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <ErrorAlert error={publish.error} title="The version was not published" />
        <div>
          <Button type="submit" loading={publish.isPending} disabled={!valid}>
            Publish version
          </Button>
        </div>
      </Stack>
    </form>
  );
}
