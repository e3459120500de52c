import { Alert, List } from '@mantine/core';
import { ApiError, describeError } from '../lib/problem';

/** An API problem as a readable message, with the fields it concerns. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <Alert color="red" title={title ?? problem?.title ?? 'Something went wrong'} role="alert">
      {problem?.detail ?? describeError(error)}
      {problem?.errors && problem.errors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.errors.map((field) => (
            <List.Item key={field.path + field.message}>
              <strong>{field.path}</strong>: {field.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
