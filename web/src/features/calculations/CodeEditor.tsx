import { python } from '@codemirror/lang-python';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';

// CodeMirror's default colours, with the few below WCAG AA contrast on white made darker.
const readableHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.meta, color: '#404740' },
    { tag: tags.link, textDecoration: 'underline' },
    { tag: tags.heading, textDecoration: 'underline', fontWeight: 'bold' },
    { tag: tags.emphasis, fontStyle: 'italic' },
    { tag: tags.strong, fontWeight: 'bold' },
    { tag: tags.keyword, color: '#708' },
    { tag: [tags.atom, tags.bool, tags.url, tags.contentSeparator, tags.labelName], color: '#219' },
    { tag: [tags.literal, tags.inserted], color: '#164' },
    { tag: [tags.string, tags.deleted], color: '#a11' },
    { tag: [tags.regexp, tags.escape, tags.special(tags.string)], color: '#a30' },
    { tag: tags.definition(tags.variableName), color: '#00c' },
    { tag: tags.local(tags.variableName), color: '#30a' },
    { tag: [tags.typeName, tags.namespace], color: '#075' },
    { tag: tags.className, color: '#167' },
    { tag: [tags.special(tags.variableName), tags.macroName], color: '#256' },
    { tag: tags.definition(tags.propertyName), color: '#00c' },
    { tag: tags.comment, color: '#850' },
    { tag: tags.invalid, color: '#c00' },
  ]),
);

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
  // The editable element is CodeMirror's content div: it carries the accessible name.
  const named = useMemo(() => EditorView.contentAttributes.of({ 'aria-label': label }), [label]);
  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      extensions={[python(), readableHighlighting, named]}
      minHeight={minHeight}
      basicSetup={{ tabSize: 4, syntaxHighlighting: false }}
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
    />
  );
}
