import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import type { components } from '../../lib/api-schema';
import { bodyFromForm, confirmationText, formFromOverrides, LIMIT_FIELDS, type LimitsForm } from './limits-form';

type Limits = components['schemas']['UserLimitsDto'];

/** An administrator edits one user's limits, the kill switch included, and confirms before saving. */
export function UserLimitsModal({
  userId,
  username,
  onClose,
}: {
  userId: string;
  username: string;
  onClose: () => void;
}) {
  const limits = useQuery({
    queryKey: ['admin', 'limits', userId],
    queryFn: () => call(api.GET('/api/v1/admin/users/{id}/limits', { params: { path: { id: userId } } })),
    staleTime: 0,
  });
  return (
    <Modal opened onClose={onClose} title={`Limits of ${username}`} size="lg">
      <ErrorAlert error={limits.error} />
      {limits.isPending && <Loader aria-label="Loading limits" />}
      {limits.data && <LimitsEditor limits={limits.data} username={username} onDone={onClose} />}
    </Modal>
  );
}

function LimitsEditor({ limits, username, onDone }: { limits: Limits; username: string; onDone: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState<LimitsForm>(() => formFromOverrides(limits.overrides));
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/admin/users/{id}/limits', {
          params: { path: { id: limits.userId } },
          body: bodyFromForm(form),
        }),
      ),
    onSuccess: (saved) => {
      const cancelled = saved.cancelled
        ? ` ${saved.cancelled.cancelled} cancelled, ${saved.cancelled.stopping} being stopped.`
        : '';
      notifications.show({ color: 'teal', message: `Limits of ${username} saved.${cancelled}` });
      void client.invalidateQueries({ queryKey: ['admin'] });
      onDone();
    },
    onError: () => setConfirming(false),
  });
  const effective = limits.effective;

  if (confirming) {
    return (
      <Stack>
        <Text>{confirmationText(form, limits.overrides.usageEnabled, username)}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Back
          </Button>
          <Button color={form.usageEnabled ? undefined : 'red'} loading={save.isPending} onClick={() => save.mutate()}>
            {form.usageEnabled ? 'Save limits' : 'Suspend computing'}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setConfirming(true);
      }}
    >
      <Stack>
        <ErrorAlert error={save.error} />
        <Switch
          label="Computing enabled"
          description="Off: the kill switch, new submissions are refused"
          checked={form.usageEnabled}
          onChange={(event) => {
            const usageEnabled = event.currentTarget.checked;
            setForm((previous) => ({
              ...previous,
              usageEnabled,
              cancelRunning: usageEnabled ? false : previous.cancelRunning,
            }));
          }}
        />
        {!form.usageEnabled && (
          <Alert color="red">
            <Checkbox
              label="Also cancel their queued calculations and stop the running ones"
              checked={form.cancelRunning}
              onChange={(event) => {
                const cancelRunning = event.currentTarget.checked;
                setForm((previous) => ({ ...previous, cancelRunning }));
              }}
            />
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          Leave a field empty for the default (shown greyed).
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {LIMIT_FIELDS.map(({ key, label }) => (
            <TextInput
              key={key}
              label={label}
              inputMode="numeric"
              placeholder={effective[key] === null ? 'unlimited' : String(effective[key])}
              value={form.values[key]}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setForm((previous) => ({ ...previous, values: { ...previous.values, [key]: text } }));
              }}
            />
          ))}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit">Save…</Button>
        </Group>
      </Stack>
    </form>
  );
}
