import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useState } from 'react';
import { accessToken } from '../../lib/auth';
import { describeError } from '../../lib/problem';
import { formatBytes } from '../../lib/format';
import { uploadAnyFile, type FileDto } from './upload-file';

interface UploadRow {
  key: string;
  name: string;
  size: number;
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  error?: string;
}

/** Drop (or pick) several files: each uploads on its own with its own progress bar. */
export function FileUploadDropzone({
  onUploaded,
  upload = uploadAnyFile,
}: {
  onUploaded: (file: FileDto) => void;
  upload?: typeof uploadAnyFile;
}) {
  const [rows, setRows] = useState<UploadRow[]>([]);
  const update = (key: string, patch: Partial<UploadRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const start = (files: File[]) => {
    const added = files.map((file) => ({
      file,
      row: {
        key: `${file.name}-${Date.now()}-${Math.random()}`,
        name: file.name,
        size: file.size,
        progress: 0,
        status: 'uploading' as const,
      },
    }));
    setRows((current) => [...added.map((item) => item.row), ...current]);
    for (const { file, row } of added) {
      void (async () => {
        try {
          const created = await upload(file, {
            token: await accessToken(),
            onProgress: (fraction) => update(row.key, { progress: fraction }),
          });
          update(row.key, { status: 'done', progress: 1 });
          onUploaded(created);
        } catch (error) {
          update(row.key, { status: 'failed', error: describeError(error) });
        }
      })();
    }
  };

  return (
    <Stack gap="xs">
      <Dropzone onDrop={start} multiple aria-label="Upload files">
        <Stack align="center" gap={4} py="md" style={{ pointerEvents: 'none' }}>
          <Text fw={500}>Drop files here or click to choose</Text>
          <Text size="sm" c="dimmed">
            Several at once; each shows its progress.
          </Text>
        </Stack>
      </Dropzone>
      {rows.length > 0 && (
        <Stack gap={6} aria-label="Uploads">
          {rows.map((row) => (
            <div key={row.key}>
              <Group justify="space-between" gap="xs">
                <Text size="sm" truncate>
                  {row.name}{' '}
                  <Text span c="dimmed">
                    ({formatBytes(row.size)})
                  </Text>
                </Text>
                <Text size="xs" c={row.status === 'failed' ? 'red' : 'dimmed'}>
                  {row.status === 'uploading'
                    ? `${Math.round(row.progress * 100)} %`
                    : row.status === 'done'
                      ? 'Uploaded'
                      : 'Failed'}
                </Text>
              </Group>
              <Progress
                value={row.progress * 100}
                color={row.status === 'failed' ? 'red' : row.status === 'done' ? 'teal' : undefined}
                aria-label={`Upload of ${row.name}`}
              />
              {row.error && (
                <Text size="xs" c="red">
                  {row.error}
                </Text>
              )}
            </div>
          ))}
          {rows.every((row) => row.status !== 'uploading') && (
            <Button variant="subtle" size="xs" onClick={() => setRows([])} style={{ alignSelf: 'flex-start' }}>
              Clear list
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}
