import { Paper, Text } from '@mantine/core';

/** One labelled figure in a grid of key numbers. */
export function StatFigure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Paper>
  );
}
