import { Alert, Code, Image, Loader, ScrollArea, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import Papa from 'papaparse';
import { useEffect, useMemo } from 'react';
import { fileBlob } from '../lib/api';
import { ErrorAlert } from './ErrorAlert';

const TEXT_LIMIT = 64 * 1024;
const CSV_ROWS = 20;

export function previewKind(contentType: string, filename: string): 'image' | 'csv' | 'json' | 'text' | null {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type === 'text/csv' || filename.toLowerCase().endsWith('.csv')) return 'csv';
  if (type === 'application/json' || filename.toLowerCase().endsWith('.json')) return 'json';
  if (type.startsWith('text/')) return 'text';
  return null;
}

/** An image inline, a CSV's first rows as a table, or the start of a text/JSON file. */
export function FilePreview({
  file,
}: {
  file: { id: string; filename: string; contentType: string; sizeBytes: number };
}) {
  const kind = previewKind(file.contentType, file.filename);
  const blob = useQuery({
    queryKey: ['file-blob', file.id],
    queryFn: () => fileBlob(file.id),
    enabled: kind !== null,
    staleTime: Infinity,
  });
  const imageUrl = useMemo(
    () => (kind === 'image' && blob.data ? URL.createObjectURL(blob.data) : undefined),
    [kind, blob.data],
  );
  useEffect(
    () => () => {
      if (imageUrl) URL.revokeObjectURL(imageUrl);
    },
    [imageUrl],
  );
  const text = useQuery({
    queryKey: ['file-text', file.id],
    queryFn: () => blob.data!.slice(0, TEXT_LIMIT).text(),
    enabled: kind !== null && kind !== 'image' && !!blob.data,
    staleTime: Infinity,
  });

  if (kind === null) return <Text c="dimmed">No preview for {file.contentType}; download it instead.</Text>;
  if (blob.error) return <ErrorAlert error={blob.error} />;
  if (kind === 'image')
    return imageUrl ? (
      <Image src={imageUrl} alt={file.filename} fit="contain" mah={480} />
    ) : (
      <Loader aria-label="Loading preview" />
    );
  if (text.data === undefined) return <Loader aria-label="Loading preview" />;
  if (kind === 'csv') return <CsvTable text={text.data} />;
  let shown = text.data;
  if (kind === 'json' && file.sizeBytes <= TEXT_LIMIT) {
    try {
      shown = JSON.stringify(JSON.parse(text.data), null, 2);
    } catch {
      // show it as it is
    }
  }
  return (
    <ScrollArea.Autosize mah={480}>
      <Code block>{shown}</Code>
      {file.sizeBytes > TEXT_LIMIT && (
        <Text size="xs" c="dimmed">
          First 64 KiB shown.
        </Text>
      )}
    </ScrollArea.Autosize>
  );
}

function CsvTable({ text }: { text: string }) {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, preview: CSV_ROWS + 1 });
  const [header, ...rows] = parsed.data;
  if (!header) return <Alert color="gray">The file is empty.</Alert>;
  return (
    <ScrollArea>
      <Table striped withTableBorder aria-label="CSV preview">
        <Table.Thead>
          <Table.Tr>
            {header.map((cell, index) => (
              <Table.Th key={index}>{cell}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={index}>
              {row.map((cell, column) => (
                <Table.Td key={column}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        First {rows.length} rows.
      </Text>
    </ScrollArea>
  );
}
