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

/** A coloured dot beside dark text: WCAG AA contrast whatever the colour (light badges fall short). */
export function readableBadge(color: string) {
  return { color, variant: 'dot' as const };
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge {...readableBadge(colours[status] ?? 'gray')} data-testid="calculation-status">
      {status.replace('_', ' ')}
    </Badge>
  );
}
