import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMe } from '../../app/Layout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import { formatBytes, formatTime } from '../../lib/format';

export default function ProfilePage() {
  const me = useMe();
  const stats = useQuery({ queryKey: ['me', 'stats'], queryFn: () => call(api.GET('/api/v1/users/me/stats')) });
  return (
    <Stack>
      <Title order={1}>Profile</Title>
      <ErrorAlert error={me.error ?? stats.error} />
      {me.data && (
        <Paper withBorder p="md">
          <Table withRowBorders={false} aria-label="Profile">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">Username</Table.Th>
                <Table.Td>{me.data.username}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Name</Table.Th>
                <Table.Td>{me.data.displayName ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Email</Table.Th>
                <Table.Td>{me.data.email ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Roles</Table.Th>
                <Table.Td>
                  <Group gap={4}>
                    {me.data.roles.map((role) => (
                      <Badge key={role} variant="light">
                        {role}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Member since</Table.Th>
                <Table.Td>{formatTime(me.data.createdAt)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Your profile comes from your institution&apos;s account (Keycloak).
          </Text>
        </Paper>
      )}
      {stats.data && (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stat label="Files" value={String(stats.data.totalFiles)} />
          <Stat
            label="Storage used"
            value={`${formatBytes(stats.data.storedBytes)} of ${formatBytes(stats.data.quotaBytes)}`}
          />
          <Stat label="Calculations" value={String(stats.data.totalCalculations)} />
          <Stat label="Completed" value={String(stats.data.completedCalculations)} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Paper>
  );
}
