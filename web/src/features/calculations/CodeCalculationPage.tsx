import { Button, Group, MultiSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import { CodeField, JsonTextarea } from './CodeFields';
import { useReadableFiles } from '../tools/InputFilePicker';

const EXAMPLE = `import time

def run(params):
    """Called with the parameters; files are under /work/inputs, write outputs to /work/outputs."""
    n = params.get("n", 5)
    for i in range(n):
        print(f"step {i + 1} of {n}", flush=True)
        time.sleep(1)
    return {"steps": n}
`;

export default function CodeCalculationPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('My code');
  const [code, setCode] = useState(EXAMPLE);
  const [parameters, setParameters] = useState('{\n  "n": 5\n}');
  const [inputs, setInputs] = useState<string[]>([]);
  const files = useReadableFiles();
  const [jsonError, setJsonError] = useState<string>();
  const submit = useMutation({
    mutationFn: (params: Record<string, unknown>) =>
      call(
        api.POST('/api/v1/calculations', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { name, code, parameters: params, inputs: inputs.map((fileId) => ({ fileId })) },
        }),
      ),
    onSuccess: (calculation) => void navigate(`/calculations/${calculation.id}`),
  });

  return (
    <Stack>
      <Title order={1}>Run your own code</Title>
      <Text c="dimmed">
        Python with the scientific image&apos;s packages, in a sandbox without network. Define <code>run(params)</code>{' '}
        and return a JSON value.
      </Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            let params: Record<string, unknown>;
            try {
              params = (parameters.trim() ? JSON.parse(parameters) : {}) as Record<string, unknown>;
              setJsonError(undefined);
            } catch (error) {
              setJsonError(`Parameters are not valid JSON: ${(error as Error).message}`);
              return;
            }
            submit.mutate(params);
          }}
        >
          <Stack>
            <TextInput
              label="Calculation name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
            />
            <CodeField caption="Code (main.py)" label="Python code" value={code} onChange={setCode} />
            <JsonTextarea
              label="Parameters (JSON)"
              value={parameters}
              onChange={(event) => setParameters(event.currentTarget.value)}
              minRows={3}
              error={jsonError}
            />
            <MultiSelect
              label="Input files"
              description="Copied to /work/inputs under their names"
              data={(files.data ?? []).map((file) => ({ value: file.id, label: file.filename }))}
              value={inputs}
              onChange={setInputs}
              searchable
            />
            <ErrorAlert error={submit.error} title="The calculation was not started" />
            <Group>
              <Button type="submit" loading={submit.isPending}>
                Run code
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
