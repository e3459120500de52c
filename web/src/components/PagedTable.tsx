import { Button, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';

/** Cursor paging with a way back: the stack of cursors of the pages seen so far. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    hasPrevious: cursors.length > 1,
    /** Back to the first page, e.g. when a filter changes. */
    reset: () => setCursors([undefined]),
    previous: () => setCursors((all) => all.slice(0, -1)),
    next: (cursor: string | undefined) => setCursors((all) => [...all, cursor]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** The state of one filter of a paged list: setting it goes back to the first page. */
export function useFilterState<T>(initial: T, pages: CursorPages): [T, (value: T) => void] {
  const [value, setValue] = useState(initial);
  return [
    value,
    (next) => {
      setValue(next);
      pages.reset();
    },
  ];
}

/** The "Previous" and "Next" buttons under a paged list. */
export function PageButtons({ pages, nextCursor }: { pages: CursorPages; nextCursor: string | null | undefined }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" disabled={!pages.hasPrevious} onClick={pages.previous}>
        Previous
      </Button>
      <Button variant="default" disabled={!nextCursor} onClick={() => pages.next(nextCursor ?? undefined)}>
        Next
      </Button>
    </Group>
  );
}

/** A bordered, horizontally scrolling table with a header row of `columns`, `children` its body rows. */
export function DataTable({
  label,
  minWidth,
  columns,
  highlightOnHover,
  children,
}: {
  label: string;
  minWidth: number;
  columns?: ReactNode[];
  highlightOnHover?: boolean;
  children: ReactNode;
}) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table highlightOnHover={highlightOnHover} aria-label={label}>
          {columns && (
            <Table.Thead>
              <Table.Tr>
                {columns.map((column, index) => (
                  <Table.Th key={index}>{column}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
          )}
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** One dimmed, centred line across a table: "nothing matches", "loading…". */
export function TableMessageRow({ colSpan, py, children }: { colSpan: number; py?: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" ta="center" py={py}>
          {children}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** A day filter (`YYYY-MM-DD`, read in the user's time zone). */
export function DayFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextInput
      label={label}
      type="date"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      w={170}
    />
  );
}
