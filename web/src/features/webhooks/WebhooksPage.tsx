import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readableBadge } from '../calculations/StatusBadge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { DataTable, TableMessageRow } from '../../components/PagedTable';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatTime } from '../../lib/format';
import { WebhookDeliveries } from './WebhookDeliveries';

type Webhook = components['schemas']['WebhookDto'];
type Created = components['schemas']['CreatedWebhookDto'];
export type WebhookEvent = Webhook['events'][number];

export const WEBHOOK_EVENTS: Array<{ value: WebhookEvent; label: string }> = [
  { value: 'calculation.completed', label: 'Calculation completed' },
  { value: 'calculation.failed', label: 'Calculation failed' },
  { value: 'calculation.timed_out', label: 'Calculation timed out' },
  { value: 'calculation.cancelled', label: 'Calculation cancelled' },
  { value: 'batch.completed', label: 'Batch completed' },
  { value: 'usage.threshold', label: 'Budget threshold reached' },
];

export default function WebhooksPage() {
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['calculation.completed', 'calculation.failed']);
  const [created, setCreated] = useState<Created>();
  const [deleting, setDeleting] = useState<Webhook>();
  const [open, setOpen] = useState<Webhook>();
  const refresh = () => void client.invalidateQueries({ queryKey: ['webhooks'] });
  const hooks = useQuery({
    queryKey: ['webhooks'],
    queryFn: () => call(api.GET('/api/v1/webhooks', { params: { query: { limit: 100 } } })),
  });
  const create = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/webhooks', { body: { url: url.trim(), events: events as WebhookEvent[] } })),
    onSuccess: (hook) => {
      // The secret lives in component state only, until the dialog closes.
      setCreated(hook);
      setUrl('');
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      call(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setDeleting(undefined);
      refresh();
    },
  });

  return (
    <Stack>
      <Title order={1}>Webhooks</Title>
      <Text c="dimmed">
        Retort POSTs an event to your endpoint when a calculation ends or a budget threshold is reached, signed the
        Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature), and retries for a day when it fails.
      </Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Stack>
            <TextInput
              label="Endpoint URL"
              placeholder="https://ci.example.org/hooks/retort"
              type="url"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              required
            />
            <Checkbox.Group label="Events" value={events} onChange={setEvents} required>
              <Group mt="xs" wrap="wrap">
                {WEBHOOK_EVENTS.map((event) => (
                  <Checkbox key={event.value} value={event.value} label={event.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <div>
              <Button type="submit" loading={create.isPending} disabled={events.length === 0}>
                Add webhook
              </Button>
            </div>
            <ErrorAlert error={create.error} />
          </Stack>
        </form>
      </Paper>
      <ErrorAlert error={hooks.error ?? toggle.error} />
      <DataTable
        label="Webhooks"
        minWidth={760}
        columns={['URL', 'Events', 'State', 'Created', <span className="visually-hidden">Actions</span>]}
      >
        {hooks.data?.items.map((hook) => (
          <Table.Tr key={hook.id}>
            <Table.Td style={{ wordBreak: 'break-all' }}>{hook.url}</Table.Td>
            <Table.Td>
              <Text size="sm">{hook.events.join(', ')}</Text>
            </Table.Td>
            <Table.Td>
              <Stack gap={4}>
                <Switch
                  checked={hook.enabled}
                  onChange={(event) => toggle.mutate({ id: hook.id, enabled: event.currentTarget.checked })}
                  label={hook.enabled ? 'Enabled' : 'Disabled'}
                  aria-label={`Enabled: ${hook.url}`}
                />
                {hook.failingSince && (
                  <Badge {...readableBadge('orange')}>failing since {formatTime(hook.failingSince)}</Badge>
                )}
                {!hook.enabled && hook.disabledAt && (
                  <Text size="xs" c="dimmed">
                    disabled {formatTime(hook.disabledAt)}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>{formatTime(hook.createdAt)}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setOpen(hook)}
                  aria-label={`Deliveries of ${hook.url}`}
                >
                  Deliveries
                </Button>
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  onClick={() => setDeleting(hook)}
                  aria-label={`Delete ${hook.url}`}
                >
                  Delete
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
        {hooks.isSuccess && hooks.data.items.length === 0 && (
          <TableMessageRow colSpan={5} py="md">
            No webhooks yet.
          </TableMessageRow>
        )}
      </DataTable>
      {open && <WebhookDeliveries webhook={open} onClose={() => setOpen(undefined)} />}
      <SecretOnceModal
        secret={created?.secret}
        title="Your webhook's signing secret"
        warning={
          <>
            This is the only time the secret is shown. Copy it now and give it to the receiver at {created?.url}: it
            verifies each delivery&apos;s webhook-signature with it.
          </>
        }
        copyLabel="Copy secret"
        testId="webhook-secret"
        onClose={() => setCreated(undefined)}
      />
      <Modal opened={!!deleting} onClose={() => setDeleting(undefined)} title="Delete this webhook?">
        <Stack>
          <Text style={{ wordBreak: 'break-all' }}>
            Nothing more is sent to {deleting?.url}, and its delivery log goes with it.
          </Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(undefined)}>
              Keep it
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting.id)}>
              Delete webhook
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
