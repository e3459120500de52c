import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `rtk_<id>_<secret>`: `rtk_` makes them recognisable (secret scanners, logs),
 * `<id>` (12 characters) finds the row, `<secret>` is 32 random bytes. Only SHA-256(secret) is stored:
 * the secret has 256 bits of entropy, so a slow password hash would add nothing but latency.
 */
export const API_KEY_PREFIX = 'rtk_';
const FORMAT = /^rtk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  prefix: string;
  secretHash: string;
  key: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  // 248 = 4 × 62: rejecting bytes ≥ 248 keeps every character equally likely.
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && id.length < length) id += ALPHANUMERIC[byte % 62];
    }
  }
  return id;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomId(12);
  const secret = randomBytes(32).toString('base64url');
  return { prefix: `${API_KEY_PREFIX}${id}`, secretHash: hashSecret(secret), key: `${API_KEY_PREFIX}${id}_${secret}` };
}

/** Splits a presented key into its prefix and secret; null when it is not shaped like one of ours. */
export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = FORMAT.exec(key);
  return match ? { prefix: `${API_KEY_PREFIX}${match[1]}`, secret: match[2] } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
