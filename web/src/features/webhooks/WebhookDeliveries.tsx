import { Badge, Button, Code, Drawer, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { readableBadge } from '../calculations/StatusBadge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DataTable, PageButtons, TableMessageRow, useCursorPages } from '../../components/PagedTable';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { formatTime } from '../../lib/format';

type Webhook = components['schemas']['WebhookDto'];
type Delivery = components['schemas']['WebhookDeliveryDto'];

const statusColor: Record<Delivery['status'], string> = { pending: 'blue', delivered: 'teal', failed: 'red' };

/** The receiver's last answer in a few words: status, latency, or the error. */
export function lastAnswer(delivery: Pick<Delivery, 'responseStatus' | 'latencyMs' | 'error'>): string {
  const parts: string[] = [];
  if (delivery.responseStatus !== null) parts.push(`HTTP ${delivery.responseStatus}`);
  if (delivery.latencyMs !== null) parts.push(`${delivery.latencyMs} ms`);
  if (delivery.error) parts.push(delivery.error);
  return parts.length > 0 ? parts.join(' · ') : 'no answer yet';
}

/** A webhook's delivery log in a drawer: status, attempts, last answer, redeliver. */
export function WebhookDeliveries({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const client = useQueryClient();
  const pages = useCursorPages();
  const { cursor } = pages;
  const key = ['webhooks', webhook.id, 'deliveries'];
  const deliveries = useQuery({
    queryKey: [...key, { cursor }],
    queryFn: () =>
      call(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id: webhook.id }, query: { cursor, limit: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
    // Pending deliveries move on by themselves.
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.status === 'pending') ? 5_000 : false),
  });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) =>
      call(
        api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { id: webhook.id, deliveryId } },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });

  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={`Deliveries to ${webhook.url}`}>
      <Stack>
        <ErrorAlert error={deliveries.error ?? redeliver.error} />
        <DataTable
          label="Deliveries"
          minWidth={640}
          columns={[
            'Sent',
            'Event',
            'Status',
            'Attempts',
            'Last answer',
            <span className="visually-hidden">Actions</span>,
          ]}
        >
          {deliveries.data?.items.map((delivery) => (
            <Table.Tr key={delivery.id}>
              <Table.Td>{formatTime(delivery.createdAt)}</Table.Td>
              <Table.Td>
                <Code>{delivery.event}</Code>
              </Table.Td>
              <Table.Td>
                <Badge {...readableBadge(statusColor[delivery.status])}>{delivery.status}</Badge>
              </Table.Td>
              <Table.Td>{delivery.attempts}</Table.Td>
              <Table.Td>
                <Text size="sm">{lastAnswer(delivery)}</Text>
                {delivery.responseExcerpt && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {delivery.responseExcerpt}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  loading={redeliver.isPending && redeliver.variables === delivery.id}
                  onClick={() => redeliver.mutate(delivery.id)}
                  aria-label={`Redeliver ${delivery.id}`}
                >
                  Redeliver
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
          {deliveries.isSuccess && deliveries.data.items.length === 0 && (
            <TableMessageRow colSpan={6} py="md">
              Nothing sent yet.
            </TableMessageRow>
          )}
        </DataTable>
        <PageButtons pages={pages} nextCursor={deliveries.data?.nextCursor} />
      </Stack>
    </Drawer>
  );
}
