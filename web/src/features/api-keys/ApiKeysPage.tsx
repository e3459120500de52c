import { Badge, Button, Code, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readableBadge } from '../calculations/StatusBadge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { DataTable, TableMessageRow } from '../../components/PagedTable';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatTime } from '../../lib/format';

type ApiKey = components['schemas']['ApiKeyDto'];

export default function ApiKeysPage() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<components['schemas']['CreatedApiKeyDto']>();
  const [revoking, setRevoking] = useState<ApiKey>();
  const keys = useQuery({
    queryKey: ['api-keys'],
    queryFn: () => call(api.GET('/api/v1/api-keys', { params: { query: { limit: 100 } } })),
  });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/api-keys', {
          body: { name, expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined },
        }),
      ),
    onSuccess: (key) => {
      // The secret lives in component state only, until the dialog closes.
      setCreated(key);
      setName('');
      setExpires('');
      void client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setRevoking(undefined);
      void client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });

  return (
    <Stack>
      <Title order={1}>API keys</Title>
      <Text c="dimmed">For scripts and the Python client: send the key in the X-API-Key header.</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label="Key name"
              placeholder="e.g. laptop notebook"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              w={{ base: '100%', xs: 260 }}
            />
            <TextInput
              label="Expires on (optional)"
              type="date"
              value={expires}
              onChange={(event) => setExpires(event.currentTarget.value)}
              w={200}
            />
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
        </form>
      </Paper>
      <ErrorAlert error={keys.error} />
      <DataTable
        label="API keys"
        minWidth={600}
        columns={[
          'Name',
          'Prefix',
          'Created',
          'Last used',
          'Expires',
          <span className="visually-hidden">Actions</span>,
        ]}
      >
        {keys.data?.items.map((key) => (
          <Table.Tr key={key.id}>
            <Table.Td>{key.name}</Table.Td>
            <Table.Td>
              <Code>{key.prefix}</Code>
            </Table.Td>
            <Table.Td>{formatTime(key.createdAt)}</Table.Td>
            <Table.Td>{formatTime(key.lastUsedAt)}</Table.Td>
            <Table.Td>{key.expiresAt ? formatTime(key.expiresAt) : 'never'}</Table.Td>
            <Table.Td>
              {key.revokedAt ? (
                <Badge {...readableBadge('gray')}>revoked</Badge>
              ) : (
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  onClick={() => setRevoking(key)}
                  aria-label={`Revoke ${key.name}`}
                >
                  Revoke
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
        {keys.isSuccess && keys.data.items.length === 0 && (
          <TableMessageRow colSpan={6} py="md">
            No API keys yet.
          </TableMessageRow>
        )}
      </DataTable>
      <SecretOnceModal
        secret={created?.key}
        title="Your new API key"
        warning="This is the only time the key is shown. Copy it now and keep it somewhere safe."
        copyLabel="Copy key"
        testId="api-key-secret"
        onClose={() => setCreated(undefined)}
      />
      <Modal opened={!!revoking} onClose={() => setRevoking(undefined)} title={`Revoke ${revoking?.name ?? ''}?`}>
        <Stack>
          <Text>Programs using this key stop working at once. This cannot be undone.</Text>
          <ErrorAlert error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(undefined)}>
              Keep it
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.id)}>
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
