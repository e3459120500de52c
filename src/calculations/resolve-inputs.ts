import { matchesAny } from '../common/allow-list';
import { FieldError } from '../common/problem-details';
import { sanitizeFilename } from '../files/file-names';
import { SANDBOX_FILE_NAME } from '../sandbox/sandbox-file-name';
import type { ToolInputSpec } from '../tools/tool-version.entity';

/** What resolution needs of a file the caller may read. */
export interface InputFile {
  id: string;
  filename: string;
  contentType: string;
}

/** One requested input: the file it names (null when there is none the caller may read) and `as`. */
export interface InputLookup<F extends InputFile> {
  fileId: string;
  as?: string;
  file: F | null;
}

/**
 * The name each input file gets under /work/inputs. For a tool (`declared`), `as` names one of its
 * inputs (the only one, when it has one), whose content types must accept the file, and every required
 * input must be given; for ad-hoc code (`declared` null), the file's own name unless `as` says
 * otherwise, as long as it is a plain file name. Each file and each name once.
 */
export function resolveInputs<F extends InputFile>(
  lookups: InputLookup<F>[],
  declared: ToolInputSpec[] | null,
): { resolved: { file: F; name: string }[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const resolved: { file: F; name: string }[] = [];
  for (const [index, input] of lookups.entries()) {
    const file = input.file;
    if (!file) {
      errors.push({ path: `inputs.${index}.fileId`, message: 'no such file, or not readable by you' });
      continue;
    }
    // A calculation records each input file once (calculation_files' key), so the same file twice is refused.
    if (resolved.some((entry) => entry.file.id === file.id)) {
      errors.push({ path: `inputs.${index}.fileId`, message: 'this file is already an input; give each file once' });
      continue;
    }
    let name = input.as;
    if (declared) {
      if (!name && declared.length === 1) name = declared[0].name;
      const spec = declared.find((entry) => entry.name === name);
      if (!spec) {
        errors.push({
          path: `inputs.${index}.as`,
          message: `must name one of the tool's inputs: ${declared.map((entry) => entry.name).join(', ') || '(none)'}`,
        });
        continue;
      }
      // An empty list accepts any type; `type/*` accepts a family.
      if (spec.contentTypes.length > 0 && !matchesAny(file.contentType, spec.contentTypes)) {
        errors.push({
          path: `inputs.${index}.fileId`,
          message: `${file.contentType} is not accepted for ${spec.name} (accepted: ${spec.contentTypes.join(', ')})`,
        });
        continue;
      }
    } else {
      name ??= sanitizeFilename(file.filename);
      if (!SANDBOX_FILE_NAME.test(name)) {
        errors.push({ path: `inputs.${index}.as`, message: 'the file name cannot be used in /work/inputs; give `as`' });
        continue;
      }
    }
    if (resolved.some((entry) => entry.name === name)) {
      errors.push({ path: `inputs.${index}.as`, message: `two inputs are named ${name}` });
      continue;
    }
    resolved.push({ file, name: name as string });
  }
  for (const spec of declared ?? []) {
    // Only the first missing one is named, and only when nothing else was wrong.
    if (spec.required && !resolved.some((entry) => entry.name === spec.name) && errors.length === 0) {
      errors.push({ path: 'inputs', message: `the tool needs the input ${spec.name}` });
    }
  }
  return { resolved, errors };
}
