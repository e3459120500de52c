import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageButtons, useCursorPages, useFilterState } from '../../components/PagedTable';
import { api, call } from '../../lib/api';

export default function ToolsPage() {
  const pages = useCursorPages();
  const [search, setSearch] = useFilterState('', pages);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [tag, setTag] = useState<string>();
  const { cursor } = pages;
  const { roles } = useAuth();
  const tools = useQuery({
    queryKey: ['tools', { search: debounced, tag, cursor }],
    queryFn: () =>
      call(api.GET('/api/v1/tools', { params: { query: { search: debounced || undefined, tag, cursor, limit: 24 } } })),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Tools</Title>
        {(roles.includes('tool-author') || roles.includes('admin')) && (
          <Button component={Link} to="/author/new-tool" variant="light">
            New tool
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search tools"
          placeholder="name, description or tag"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', xs: 320 }}
        />
        {tag && (
          <Button variant="subtle" onClick={() => setTag(undefined)}>
            Tag “{tag}” ✕
          </Button>
        )}
      </Group>
      <ErrorAlert error={tools.error} />
      {tools.isPending && <Text c="dimmed">Loading the catalogue…</Text>}
      {tools.isSuccess && tools.data.items.length === 0 && <Text c="dimmed">No tool matches.</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {tools.data?.items.map((tool) => (
          <Card key={tool.id} withBorder padding="md">
            <Stack gap="xs" h="100%">
              <Text fw={600} component={Link} to={`/tools/${tool.name}`} c="indigo.8">
                {tool.displayName}
              </Text>
              <Text size="xs" c="dimmed">
                {tool.name}
              </Text>
              <Text size="sm" lineClamp={3}>
                {tool.description || 'No description.'}
              </Text>
              <Group gap={4} mt="auto">
                {tool.tags.map((name) => (
                  <Badge
                    key={name}
                    variant="light"
                    component="button"
                    style={{ cursor: 'pointer' }}
                    onClick={() => {
                      setTag(name);
                      pages.reset();
                    }}
                  >
                    {name}
                  </Badge>
                ))}
              </Group>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <PageButtons pages={pages} nextCursor={tools.data?.nextCursor} />
    </Stack>
  );
}
