import type { ToolInputSpec } from '../tools/tool-version.entity';
import { InputFile, InputLookup, resolveInputs } from './resolve-inputs';

const csv: InputFile = { id: 'f-csv', filename: 'data.csv', contentType: 'text/csv' };
const png: InputFile = { id: 'f-png', filename: 'plot.png', contentType: 'image/png' };
const odd: InputFile = { id: 'f-odd', filename: '.hidden', contentType: 'text/plain' };
const other: InputFile = { id: 'f-other', filename: 'data.csv', contentType: 'text/csv' };

const input = (file: InputFile | null, as?: string): InputLookup<InputFile> => ({
  fileId: file?.id ?? 'missing',
  as,
  file,
});
const spec = (name: string, contentTypes: string[] = [], required = true): ToolInputSpec => ({
  name,
  contentTypes,
  required,
});

type Case = [string, InputLookup<InputFile>[], ToolInputSpec[] | null, { names?: string[]; errors?: object[] }];

describe(resolveInputs.name, () => {
  it.each<Case>([
    // Ad-hoc code: no declared inputs.
    ['ad hoc: the file keeps its own name', [input(csv)], null, { names: ['data.csv'] }],
    ['ad hoc: `as` renames it', [input(csv, 'in.csv')], null, { names: ['in.csv'] }],
    ['ad hoc: no inputs at all', [], null, { names: [] }],
    [
      'ad hoc: a name unusable in /work/inputs needs `as`',
      [input(odd)],
      null,
      { errors: [{ path: 'inputs.0.as', message: 'the file name cannot be used in /work/inputs; give `as`' }] },
    ],
    [
      'ad hoc: two files of the same name',
      [input(csv), input(other)],
      null,
      { errors: [{ path: 'inputs.1.as', message: 'two inputs are named data.csv' }] },
    ],
    // Either kind.
    [
      'a file the caller cannot read',
      [input(null)],
      null,
      { errors: [{ path: 'inputs.0.fileId', message: 'no such file, or not readable by you' }] },
    ],
    [
      'the same file twice',
      [input(csv, 'a.csv'), input(csv, 'b.csv')],
      null,
      { errors: [{ path: 'inputs.1.fileId', message: 'this file is already an input; give each file once' }] },
    ],
    // A tool with declared inputs.
    ['tool: the only input needs no `as`', [input(csv)], [spec('table', ['text/csv'])], { names: ['table'] }],
    [
      'tool: `as` picks among several',
      [input(png, 'image'), input(csv, 'table')],
      [spec('table', ['text/csv']), spec('image', ['image/*'])],
      { names: ['image', 'table'] },
    ],
    [
      'tool: without `as` among several',
      [input(csv)],
      [spec('table'), spec('image', [], false)],
      { errors: [{ path: 'inputs.0.as', message: "must name one of the tool's inputs: table, image" }] },
    ],
    [
      'tool: a tool that takes no inputs',
      [input(csv)],
      [],
      { errors: [{ path: 'inputs.0.as', message: "must name one of the tool's inputs: (none)" }] },
    ],
    [
      'tool: a content type the input does not accept',
      [input(png, 'table')],
      [spec('table', ['text/csv', 'application/json'])],
      {
        errors: [
          {
            path: 'inputs.0.fileId',
            message: 'image/png is not accepted for table (accepted: text/csv, application/json)',
          },
        ],
      },
    ],
    ['tool: an empty list accepts any type', [input(png, 'table')], [spec('table', [])], { names: ['table'] }],
    [
      'tool: a required input not given',
      [input(csv, 'table')],
      [spec('table'), spec('image'), spec('notes')],
      { errors: [{ path: 'inputs', message: 'the tool needs the input image' }] },
    ],
    [
      'tool: an optional input may be left out',
      [input(csv, 'table')],
      [spec('table'), spec('image', [], false)],
      { names: ['table'] },
    ],
    [
      'tool: a missing required input is not reported on top of another error',
      [input(null)],
      [spec('table')],
      { errors: [{ path: 'inputs.0.fileId', message: 'no such file, or not readable by you' }] },
    ],
  ])('%s', (_, lookups, declared, expected) => {
    const sut = resolveInputs(lookups, declared);
    if (expected.errors) {
      expect(sut.errors).toEqual(expected.errors);
    } else {
      expect(sut.errors).toEqual([]);
      expect(sut.resolved.map((entry) => entry.name)).toEqual(expected.names);
    }
  });

  it('returns the files themselves with their names', () => {
    const sut = resolveInputs([input(csv, 'x.csv')], null);
    expect(sut.resolved).toEqual([{ file: csv, name: 'x.csv' }]);
  });
});
