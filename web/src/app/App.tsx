import { Button, Center, Container, Loader, MantineProvider, Paper, Stack, Text, Title } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { ApiError } from '../lib/problem';
import { AuthProvider, useAuth } from './auth-context';
import { AppRoutes } from './routes';
import { theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      staleTime: 10_000,
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function Gate() {
  const { state, signIn, signOut, error } = useAuth();
  switch (state) {
    case 'loading':
      return (
        <Center h="100vh">
          <Loader aria-label="Loading" />
        </Center>
      );
    case 'signed-in':
      return (
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      );
    case 'signed-out':
      return (
        <Notice title="Retort" action={<Button onClick={() => void signIn()}>Sign in</Button>}>
          Run scientific tools on your data in a sandbox: upload files, fill in a tool&apos;s form, watch the
          calculation live and look at its results. Sign in with your institution&apos;s account.
        </Notice>
      );
    case 'expired':
      return (
        <Notice title="Your session has expired" action={<Button onClick={() => void signIn()}>Sign in again</Button>}>
          For your security you were signed out after a period without activity. Sign in again to continue where you
          were.
        </Notice>
      );
    case 'deactivated':
      return (
        <Notice
          title="Your account is deactivated"
          action={
            <Button variant="default" onClick={() => void signOut()}>
              Sign out
            </Button>
          }
        >
          Retort refused your account (403). Contact an administrator to have it reactivated.
        </Notice>
      );
    default:
      return (
        <Notice
          title="Retort is not reachable"
          action={<Button onClick={() => window.location.reload()}>Retry</Button>}
        >
          {error ?? 'The sign-in settings could not be loaded.'}
        </Notice>
      );
  }
}

function Notice({ title, children, action }: { title: string; children: React.ReactNode; action: React.ReactNode }) {
  return (
    <Container size="xs" py="xl" component="main">
      <Paper withBorder p="xl" radius="md">
        <Stack>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text>{children}</Text>
          <div>{action}</div>
        </Stack>
      </Paper>
    </Container>
  );
}
