import { Loader, Text, Textarea, type TextareaProps } from '@mantine/core';
import { lazy, Suspense } from 'react';

// CodeMirror is large: its chunk loads when a code field first shows.
const CodeEditor = lazy(() => import('./CodeEditor'));

/** A Python code editor under a caption, loaded on demand. */
export function CodeField({
  caption,
  label,
  value,
  onChange,
  minHeight,
}: {
  caption: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  minHeight?: string;
}) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {caption}
      </Text>
      <Suspense fallback={<Loader size="sm" aria-label="Loading the editor" />}>
        <CodeEditor value={value} onChange={onChange} label={label} minHeight={minHeight} />
      </Suspense>
    </div>
  );
}

/** A growing monospace text area for JSON. */
export function JsonTextarea(props: Omit<TextareaProps, 'autosize' | 'ff'>) {
  return <Textarea autosize ff="monospace" {...props} />;
}
