import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** A secret the API shows once (an API key, a webhook's signing secret), with a warning and a copy button. */
export function SecretOnceModal({
  secret,
  title,
  warning,
  copyLabel,
  testId,
  onClose,
}: {
  /** Undefined: the modal is closed. */
  secret: string | undefined;
  title: string;
  warning: ReactNode;
  copyLabel: string;
  testId: string;
  onClose: () => void;
}) {
  return (
    <Modal opened={secret !== undefined} onClose={onClose} title={title} size="lg">
      {secret !== undefined && (
        <Stack>
          <Alert color="yellow">{warning}</Alert>
          <Code block data-testid={testId}>
            {secret}
          </Code>
          <Group justify="space-between">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? 'Copied' : copyLabel}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
