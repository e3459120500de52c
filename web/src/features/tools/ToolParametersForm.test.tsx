import type { RJSFSchema } from '@rjsf/utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../lib/problem';
import { renderWithProviders } from '../../test/render';
import { parameterErrors, ToolParametersForm, type Parameters } from './ToolParametersForm';

const schema: RJSFSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['column'],
  properties: {
    column: { type: 'string', default: 'y', minLength: 1, description: 'Name of the y column' },
    method: { type: 'string', enum: ['ols', 'huber'], default: 'ols' },
    samples: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
    plot: {
      type: 'object',
      properties: { title: { type: 'string', default: 'Fit' }, dpi: { type: 'integer', default: 100 } },
    },
    weights: { type: 'array', items: { type: 'number' } },
  },
};

function Harness({ onSubmit, apiProblem }: { onSubmit: (data: Parameters) => void; apiProblem?: Problem }) {
  return (
    <ToolParametersForm schema={schema} onSubmit={onSubmit} apiProblem={apiProblem}>
      <button type="submit">Run</button>
    </ToolParametersForm>
  );
}

describe('ToolParametersForm', () => {
  it('generates fields from the schema with defaults, enums as selects, nested objects, arrays and help text', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    expect(await screen.findByRole('textbox', { name: /column/ })).toHaveValue('y');
    expect(screen.getByText('Name of the y column')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /title/ })).toHaveValue('Fit');
    expect(screen.getByRole('combobox', { name: /method/ })).toHaveValue('ols');
    expect(screen.getByText('weights')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0][0]).toMatchObject({
      column: 'y',
      method: 'ols',
      samples: 3,
      plot: { title: 'Fit', dpi: 100 },
    });
  });

  it('shows the schema errors inline and does not submit', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    await userEvent.clear(await screen.findByRole('textbox', { name: /column/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      (await screen.findAllByText(/must have required property|must NOT have fewer than 1 characters/))[0],
    ).toBeVisible();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('puts the API’s 422 field errors next to their fields', async () => {
    const problem: Problem = {
      type: 'urn:retort:problem:validation',
      title: 'Unprocessable Content',
      status: 422,
      errors: [{ path: 'parameters.column', message: 'must not contain a slash' }],
    };
    renderWithProviders(<Harness onSubmit={() => undefined} apiProblem={problem} />);
    expect((await screen.findAllByText('must not contain a slash'))[0]).toBeVisible();
  });

  it('maps only the parameters’ field errors', () => {
    expect(
      parameterErrors({
        type: 'x',
        title: 'x',
        status: 422,
        errors: [
          { path: 'name', message: 'too long' },
          { path: 'parameters.a.b', message: 'bad' },
        ],
      }),
    ).toEqual({ a: { b: { __errors: ['bad'] } } });
  });
});
