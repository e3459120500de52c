import { INestApplication } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';

/**
 * A validator of problem+json bodies against the Problem schema the app's /docs-json documents, closed
 * (`additionalProperties: false`): a member the schema does not state, or states with another type,
 * fails it.
 */
export async function documentedProblem(app: INestApplication): Promise<ValidateFunction> {
  const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as {
    components: { schemas: Record<string, object> };
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const closed = { ...structuredClone(document.components.schemas.Problem), additionalProperties: false };
  return ajv.compile({ ...closed, components: document.components });
}

/** `{ valid: true, errors: null }` when `body` is a Problem as documented; the errors otherwise. */
export function checkProblem(validate: ValidateFunction, body: unknown): { valid: boolean; errors: unknown } {
  return { valid: validate(body), errors: validate.errors ?? null };
}
