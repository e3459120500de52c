import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and numbers in one form (-0 is 0; 1.0 and 1 are
 * the same JSON number already): two requests that mean the same parameters give the same text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return JSON.stringify(Object.is(value, -0) ? 0 : value);
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export interface ReuseIdentity {
  image: string;
  code: string;
  parameters: Record<string, unknown>;
  /** Each input as the code sees it: its name under /work/inputs and its content's sha256. */
  inputs: { name: string; sha256: string }[];
}

/** What identifies a calculation's work: the same key means the same image, code, parameters and inputs. */
export function reuseKey(identity: ReuseIdentity): string {
  const inputs = [...identity.inputs]
    .map((input) => ({ name: input.name, sha256: input.sha256 }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const text = canonicalJson({
    v: 1,
    image: identity.image,
    code: createHash('sha256').update(identity.code).digest('hex'),
    parameters: identity.parameters,
    inputs,
  });
  return createHash('sha256').update(text).digest('hex');
}
