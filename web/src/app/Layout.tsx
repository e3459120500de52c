import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { api, call } from '../lib/api';
import { ApiError } from '../lib/problem';
import { NotificationsBell } from '../features/notifications/NotificationsBell';
import { useAuth } from './auth-context';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/api/v1/users/me')) });
}

const links = [
  { to: '/files', label: 'Files' },
  { to: '/tools', label: 'Tools' },
  { to: '/calculations', label: 'Calculations' },
  { to: '/calculations/new-code', label: 'Run code' },
  { to: '/usage', label: 'Usage' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/profile', label: 'Profile' },
];

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { roles, signOut, markDeactivated, user } = useAuth();
  const me = useMe();
  const location = useLocation();
  useEffect(close, [location.pathname, close]);
  useEffect(() => {
    if (me.error instanceof ApiError && me.error.status === 403) markDeactivated();
  }, [me.error, markDeactivated]);
  const isAuthor = roles.includes('tool-author') || roles.includes('admin');
  const isAdmin = roles.includes('admin');

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h3">
              Retort
            </Title>
          </Group>
          <Group wrap="nowrap" gap="sm">
            <NotificationsBell />
            <Text size="sm" visibleFrom="xs" data-testid="signed-in-user">
              {me.data?.displayName ?? me.data?.username ?? user?.profile.preferred_username}
            </Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {links.map((link) => (
          <NavLink key={link.to} component={RouterLink} to={link.to} end label={link.label} />
        ))}
        {isAuthor && <NavLink component={RouterLink} to="/author/new-tool" label="New tool" />}
        {isAdmin && (
          <>
            <NavLink component={RouterLink} to="/admin/users" label="Admin: users" />
            <NavLink component={RouterLink} to="/admin/audit" label="Admin: audit log" />
            <NavLink component={RouterLink} to="/admin/stats" label="Admin: statistics" />
            <NavLink component={RouterLink} to="/admin/usage" label="Admin: usage" />
          </>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
