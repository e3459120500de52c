import { python } from '@codemirror/lang-python';
import CodeMirror from '@uiw/react-codemirror';

/** CodeMirror 6 with Python highlighting; loaded on demand (it is the heaviest part of the app). */
export default function CodeEditor({
  value,
  onChange,
  label,
  minHeight = '240px',
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  minHeight?: string;
}) {
  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      extensions={[python()]}
      minHeight={minHeight}
      aria-label={label}
      basicSetup={{ tabSize: 4 }}
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
    />
  );
}
