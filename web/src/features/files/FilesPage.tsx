import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilePreview } from '../../components/FilePreview';
import { DataTable, PageButtons, TableMessageRow, useCursorPages, useFilterState } from '../../components/PagedTable';
import { api, call, downloadFile } from '../../lib/api';
import { formatBytes, formatTime } from '../../lib/format';
import { ApiError, describeError } from '../../lib/problem';
import { FileUploadDropzone } from './FileUploadDropzone';
import type { FileDto } from './upload-file';

const PAGE = 20;
type Sort = 'newest' | 'name' | 'size';

export default function FilesPage() {
  const isAdmin = useAuth().roles.includes('admin');
  const client = useQueryClient();
  const pages = useCursorPages();
  const [search, setSearch] = useFilterState('', pages);
  const [name] = useDebouncedValue(search.trim(), 300);
  const [scope, setScope] = useFilterState<'mine' | 'public' | 'all'>('mine', pages);
  const [sort, setSort] = useState<Sort>('newest');
  const { cursor } = pages;
  const [preview, setPreview] = useState<FileDto>();
  const [editing, setEditing] = useState<FileDto>();
  const [deleting, setDeleting] = useState<FileDto>();

  const files = useQuery({
    queryKey: ['files', { name, scope, cursor }],
    queryFn: () =>
      call(api.GET('/api/v1/files', { params: { query: { limit: PAGE, cursor, scope, name: name || undefined } } })),
    placeholderData: keepPreviousData,
  });
  const stats = useQuery({ queryKey: ['me', 'stats'], queryFn: () => call(api.GET('/api/v1/users/me/stats')) });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['files'] });
    void client.invalidateQueries({ queryKey: ['me', 'stats'] });
  };

  const sorted = useMemo(() => {
    const items = [...(files.data?.items ?? [])];
    if (sort === 'name') items.sort((a, b) => a.filename.localeCompare(b.filename));
    if (sort === 'size') items.sort((a, b) => b.sizeBytes - a.sizeBytes);
    return items;
  }, [files.data, sort]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Files</Title>
        {stats.data && (
          <Stack gap={2} w={{ base: '100%', xs: 280 }}>
            <Text size="sm">
              Storage: {formatBytes(stats.data.storedBytes)} of {formatBytes(stats.data.quotaBytes)}
            </Text>
            <Progress
              value={(100 * stats.data.storedBytes) / Math.max(stats.data.quotaBytes, 1)}
              aria-label="Storage used of your quota"
            />
          </Stack>
        )}
      </Group>
      <FileUploadDropzone
        onUploaded={(file) => {
          notifications.show({ message: `${file.filename} uploaded`, color: 'teal' });
          refresh();
        }}
      />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search by name"
          placeholder="e.g. measurements"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="scope-label">
            Show
          </Text>
          <SegmentedControl
            aria-labelledby="scope-label"
            value={scope}
            onChange={(value) => setScope(value as typeof scope)}
            data={[
              { value: 'mine', label: 'Mine' },
              { value: 'public', label: 'Public' },
              ...(isAdmin ? [{ value: 'all', label: 'Everyone’s (admin)' }] : []),
            ]}
          />
        </Stack>
        <Select
          label="Sort this page by"
          value={sort}
          onChange={(value) => setSort((value as Sort) ?? 'newest')}
          data={[
            { value: 'newest', label: 'Newest first' },
            { value: 'name', label: 'Name' },
            { value: 'size', label: 'Size (largest first)' },
          ]}
          allowDeselect={false}
          w={200}
        />
      </Group>
      <ErrorAlert error={files.error} />
      <DataTable
        label="Files"
        minWidth={640}
        highlightOnHover
        columns={['Name', 'Type', 'Size', 'Uploaded', <span className="visually-hidden">Actions</span>]}
      >
        {sorted.map((file) => (
          <Table.Tr key={file.id}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {file.filename}{' '}
                {file.isPublic && (
                  <Badge size="xs" variant="light">
                    public
                  </Badge>
                )}
              </Text>
              {file.description && (
                <Text size="xs" c="dimmed">
                  {file.description}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{file.contentType}</Table.Td>
            <Table.Td>{formatBytes(file.sizeBytes)}</Table.Td>
            <Table.Td>{formatTime(file.uploadedAt)}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap" justify="flex-end">
                <Button size="xs" variant="light" onClick={() => setPreview(file)}>
                  Preview
                </Button>
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon variant="subtle" aria-label={`More actions for ${file.filename}`}>
                      ⋯
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item
                      onClick={() =>
                        void downloadFile(file.id, file.filename).catch((error: unknown) =>
                          notifications.show({ color: 'red', message: describeError(error) }),
                        )
                      }
                    >
                      Download
                    </Menu.Item>
                    <Menu.Item onClick={() => setEditing(file)}>Edit details</Menu.Item>
                    <Menu.Item color="red" onClick={() => setDeleting(file)}>
                      Delete
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
        {files.isSuccess && sorted.length === 0 && (
          <TableMessageRow colSpan={5} py="md">
            {name ? `No file matches “${name}”.` : 'No files yet: drop some above.'}
          </TableMessageRow>
        )}
        {files.isPending && (
          <TableMessageRow colSpan={5} py="md">
            Loading files…
          </TableMessageRow>
        )}
      </DataTable>
      <PageButtons pages={pages} nextCursor={files.data?.nextCursor} />
      <Modal opened={!!preview} onClose={() => setPreview(undefined)} title={preview?.filename} size="xl">
        {preview && <FilePreview file={preview} />}
      </Modal>
      {editing && <EditFileModal file={editing} onClose={() => setEditing(undefined)} onSaved={refresh} />}
      {deleting && <DeleteFileModal file={deleting} onClose={() => setDeleting(undefined)} onDeleted={refresh} />}
    </Stack>
  );
}

function EditFileModal({ file, onClose, onSaved }: { file: FileDto; onClose: () => void; onSaved: () => void }) {
  const [filename, setFilename] = useState(file.filename);
  const [description, setDescription] = useState(file.description ?? '');
  const [isPublic, setIsPublic] = useState(file.isPublic);
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/files/{id}', {
          params: { path: { id: file.id } },
          body: { filename, description: description.trim() === '' ? null : description, isPublic },
        }),
      ),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${file.filename}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            value={filename}
            onChange={(event) => setFilename(event.currentTarget.value)}
            required
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Switch
            label="Public: every signed-in user can read it"
            checked={isPublic}
            onChange={(event) => setIsPublic(event.currentTarget.checked)}
          />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteFileModal({ file, onClose, onDeleted }: { file: FileDto; onClose: () => void; onDeleted: () => void }) {
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/files/{id}', { params: { path: { id: file.id } } })),
    onSuccess: () => {
      onDeleted();
      onClose();
    },
  });
  const inUse = remove.error instanceof ApiError && remove.error.status === 409;
  return (
    <Modal opened onClose={onClose} title={`Delete ${file.filename}?`}>
      <Stack>
        <Text>The file is removed for good; calculations that already finished keep their results.</Text>
        {inUse ? <ErrorAlert title="This file is in use" error={remove.error} /> : <ErrorAlert error={remove.error} />}
        {inUse && (
          <Text size="sm">
            A calculation that has not finished yet reads this file. Wait until it ends (or cancel it on the
            Calculations page), then delete the file.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
