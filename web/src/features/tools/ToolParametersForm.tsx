import Form from '@rjsf/mantine';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020';
import type { ReactNode } from 'react';
import type { Problem } from '../../lib/problem';

// Tool schemas are JSON Schema draft 2020-12, as the API validates them.
const validator = customizeValidator({ AjvClass: Ajv2020 as never });

export type Parameters = Record<string, unknown>;

/** The API's 422 field errors under `parameters.` as errors next to the form's own fields. */
export function parameterErrors(problem: Problem | undefined): ErrorSchema | undefined {
  const fields = problem?.errors?.filter(
    (error) => error.path === 'parameters' || error.path.startsWith('parameters.'),
  );
  if (!fields?.length) return undefined;
  const root: Record<string, unknown> = {};
  for (const { path, message } of fields) {
    let node = root;
    for (const segment of path.split('.').slice(1)) {
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    }
    ((node.__errors ??= []) as string[]).push(message);
  }
  return root as ErrorSchema;
}

/**
 * A form generated from a tool version's parameters schema: defaults filled in, enums as selects,
 * nested objects and arrays, descriptions as help text, errors inline (its own and the API's).
 */
export function ToolParametersForm({
  schema,
  initialData,
  onChange,
  onSubmit,
  apiProblem,
  children,
}: {
  schema: RJSFSchema;
  /** Starting values (the form keeps its own state from then on; remount it with a key to reset). */
  initialData?: Parameters;
  onChange?: (data: Parameters) => void;
  onSubmit: (data: Parameters) => void;
  apiProblem?: Problem;
  children?: ReactNode;
}) {
  return (
    <Form
      schema={schema}
      validator={validator}
      formData={initialData}
      onChange={(event) => onChange?.((event.formData ?? {}) as Parameters)}
      onSubmit={(event) => onSubmit((event.formData ?? {}) as Parameters)}
      extraErrors={parameterErrors(apiProblem)}
      showErrorList={false}
      noHtml5Validate
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'populateAllDefaults' }}
    >
      {children}
    </Form>
  );
}
