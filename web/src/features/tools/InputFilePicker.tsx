import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../lib/api';

/** Whether a file's content type is one of the declared ones (`type/*` matches a family; none: any). */
export function acceptsContentType(declared: string[] | undefined, contentType: string): boolean {
  if (!declared || declared.length === 0) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return declared.some((accepted) => {
    const wanted = accepted.toLowerCase();
    return wanted.endsWith('/*') ? type.startsWith(wanted.slice(0, -1)) : type === wanted;
  });
}

/** The caller's files and the public ones (the newest 100 of each), for pickers. */
export function useReadableFiles() {
  return useQuery({
    queryKey: ['files', 'picker'],
    queryFn: async () => {
      const [mine, shared] = await Promise.all(
        (['mine', 'public'] as const).map((scope) =>
          call(api.GET('/api/v1/files', { params: { query: { scope, limit: 100 } } })),
        ),
      );
      const own = new Set(mine.items.map((file) => file.id));
      return [...mine.items, ...shared.items.filter((file) => !own.has(file.id))];
    },
  });
}

/** A picker of the files the caller can read that the input accepts. */
export function InputFilePicker({
  label,
  description,
  contentTypes,
  required,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  contentTypes?: string[];
  required?: boolean;
  value: string | null;
  onChange: (fileId: string | null) => void;
  error?: string;
}) {
  const files = useReadableFiles();
  const options = (files.data ?? [])
    .filter((file) => acceptsContentType(contentTypes, file.contentType))
    .map((file) => ({ value: file.id, label: `${file.filename} (${file.contentType})` }));
  const accepts = contentTypes?.length ? `Accepts ${contentTypes.join(', ')}.` : 'Any file.';
  return (
    <Select
      label={label}
      description={[description, accepts].filter(Boolean).join(' ')}
      placeholder={
        files.isPending
          ? 'Loading your files…'
          : options.length
            ? 'Choose a file'
            : 'No matching file: upload one first'
      }
      data={options}
      value={value}
      onChange={onChange}
      required={required}
      searchable
      clearable={!required}
      error={error}
      nothingFoundMessage="No matching file"
    />
  );
}
