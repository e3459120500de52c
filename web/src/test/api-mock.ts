import { vi } from 'vitest';

/**
 * A stand-in for `lib/api` in component tests: `vi.mock('../../lib/api', () => import('../../test/api-mock'))`,
 * then program `GET` and `POST` (openapi-fetch's calls: a path, then options) in the test.
 */
export const GET = vi.fn();
export const POST = vi.fn();

export const api = {
  GET: (...args: unknown[]) => GET(...args),
  POST: (...args: unknown[]) => POST(...args),
};

export const call = async (promise: Promise<{ data: unknown }>) => (await promise).data;

/** A successful answer carrying `data`. */
export const ok = (data: unknown) => Promise.resolve({ data, response: new Response(null, { status: 200 }) });
