import { Group, Progress, Stack, Text } from '@mantine/core';
import type { components } from '../../lib/api-schema';
import { formatBytes, formatSeconds } from '../../lib/format';

type Calculation = components['schemas']['CalculationDto'];

function UsageBar({ label, used, limit, text }: { label: string; used: number; limit: number; text: string }) {
  const percent = limit > 0 ? Math.min(100, (100 * used) / limit) : 0;
  return (
    <div>
      <Group justify="space-between">
        <Text size="sm">{label}</Text>
        <Text size="sm" c="dimmed">
          {text}
        </Text>
      </Group>
      <Progress
        value={percent}
        color={percent > 90 ? 'red' : percent > 70 ? 'yellow' : 'teal'}
        aria-label={`${label}: ${text}`}
      />
    </div>
  );
}

/** Measured usage next to the limits the calculation ran with. */
export function CalculationUsageBars({ calculation }: { calculation: Calculation }) {
  const { limits } = calculation;
  const wall = calculation.executionTimeS ?? 0;
  const memory = calculation.peakMemoryBytes ?? 0;
  const cpu = calculation.cpuTimeS ?? 0;
  return (
    <Stack gap="xs" aria-label="Resource usage">
      <UsageBar
        label="Wall time"
        used={wall}
        limit={limits.timeoutS}
        text={`${formatSeconds(wall)} of ${limits.timeoutS} s`}
      />
      <UsageBar
        label="Peak memory"
        used={memory}
        limit={limits.memoryMb * 1024 * 1024}
        text={`${formatBytes(memory)} of ${limits.memoryMb} MiB`}
      />
      <UsageBar
        label="CPU time"
        used={cpu}
        limit={limits.timeoutS * limits.cpus}
        text={`${formatSeconds(cpu)} (${limits.cpus} CPU${limits.cpus === 1 ? '' : 's'})`}
      />
    </Stack>
  );
}
