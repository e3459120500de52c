import { Button, Paper, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, call } from '../../lib/api';
import { ApiError } from '../../lib/problem';

export default function NewToolPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/tools', { body: { name, displayName: displayName || undefined, description, tags } })),
    onSuccess: async (tool) => {
      await client.invalidateQueries({ queryKey: ['tools'] });
      void navigate(`/tools/${tool.name}/publish`);
    },
  });
  const fieldError = (path: string) =>
    create.error instanceof ApiError
      ? create.error.problem.errors?.find((error) => error.path === path)?.message
      : undefined;
  return (
    <Stack maw={720}>
      <Title order={1}>New tool</Title>
      <Text c="dimmed">Create the tool, then publish its first version (code, parameters schema, limits).</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Stack>
            <TextInput
              label="Name"
              description="Lower-case letters, digits and dashes; part of URLs"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              error={fieldError('name')}
            />
            <TextInput
              label="Display name"
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
              error={fieldError('displayName')}
            />
            <Textarea
              label="Description"
              value={description}
              onChange={(event) => setDescription(event.currentTarget.value)}
              autosize
              minRows={3}
              error={fieldError('description')}
            />
            <TagsInput label="Tags" value={tags} onChange={setTags} error={fieldError('tags')} />
            <ErrorAlert error={create.error} title="The tool was not created" />
            <div>
              <Button type="submit" loading={create.isPending}>
                Create tool
              </Button>
            </div>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
