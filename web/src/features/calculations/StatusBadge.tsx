import { Badge } from '@mantine/core';

const colours: Record<string, string> = {
  pending: 'gray',
  queued: 'gray',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  cancelled: 'orange',
  timed_out: 'red',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={colours[status] ?? 'gray'} variant="light" data-testid="calculation-status">
      {status.replace('_', ' ')}
    </Badge>
  );
}
