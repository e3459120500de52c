import { Injectable } from '@nestjs/common';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FieldError } from '../common/problem-details';
import { ValidationProblem } from '../common/problem.exception';

const MAX_CACHED_VALIDATORS = 500;

/** Turns ajv's errors into field errors under `prefix` (e.g. `parameters.section.width`). */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix: string): FieldError[] {
  return (errors ?? []).map((error) => {
    const segments = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
    const path = [prefix, ...segments].filter(Boolean).join('.');
    return { path, message: error.message ?? 'is invalid' };
  });
}

/**
 * JSON Schema (draft 2020-12) for tool parameters: checks that an author's schema is a valid schema,
 * and validates calculation parameters against it, applying its defaults. Compiled validators are
 * cached by tool version: a published version never changes.
 */
@Injectable()
export class ParametersValidator {
  // useDefaults fills in `default`s; strict off so that annotations such as `x-unit` are allowed.
  private readonly ajv = addFormats(new Ajv2020({ allErrors: true, useDefaults: true, strict: false }));
  private readonly cache = new Map<string, ValidateFunction>();

  /** Field errors (under `parametersSchema`) for a schema that cannot be used; empty when it can. */
  checkSchema(schema: Record<string, unknown>): FieldError[] {
    if (!this.ajv.validateSchema(schema)) return toFieldErrors(this.ajv.errors, 'parametersSchema');
    if (schema.type !== 'object') {
      return [
        {
          path: 'parametersSchema.type',
          message: 'the root schema must be "type": "object" (parameters are an object)',
        },
      ];
    }
    try {
      this.ajv.compile(schema);
    } catch (error) {
      return [{ path: 'parametersSchema', message: (error as Error).message }];
    }
    return [];
  }

  /**
   * The parameters with the schema's defaults applied, or a 422 listing every problem under
   * `parameters.…`. The input is not modified.
   */
  validate(cacheKey: string, schema: Record<string, unknown>, parameters: unknown): Record<string, unknown> {
    const validate = this.compiled(cacheKey, schema);
    const copy = structuredClone(parameters ?? {}) as Record<string, unknown>;
    if (!validate(copy)) {
      throw new ValidationProblem(
        toFieldErrors(validate.errors, 'parameters'),
        'The parameters do not match the tool’s schema; see errors[] for each field.',
      );
    }
    return copy;
  }

  private compiled(cacheKey: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(schema);
      if (this.cache.size >= MAX_CACHED_VALIDATORS) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(cacheKey, validate);
    }
    return validate;
  }
}
