import { Code, Table, Text } from '@mantine/core';

/** A JSON value as nested tables: objects by key, arrays by index, scalars as text. */
export function ResultTree({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined)
    return (
      <Text span c="dimmed">
        null
      </Text>
    );
  if (typeof value !== 'object')
    return (
      <Text span ff="monospace" size="sm">
        {String(value)}
      </Text>
    );
  if (depth > 4) return <Code>{JSON.stringify(value)}</Code>;
  const entries = Array.isArray(value)
    ? value.length > 50 || value.every((item) => typeof item !== 'object' || item === null)
      ? null
      : value.map((item, index) => [String(index), item] as const)
    : Object.entries(value as Record<string, unknown>);
  if (!entries) return <Code>{JSON.stringify(value)}</Code>;
  return (
    <Table withTableBorder withColumnBorders fz="sm" aria-label={depth === 0 ? 'Result' : undefined}>
      <Table.Tbody>
        {entries.map(([key, item]) => (
          <Table.Tr key={key}>
            <Table.Th scope="row" w="30%">
              {key}
            </Table.Th>
            <Table.Td>
              <ResultTree value={item} depth={depth + 1} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
