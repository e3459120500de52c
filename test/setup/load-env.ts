// Test processes take their configuration from .env.example (the same defaults scripts/services.sh
// uses), unless the environment already says otherwise, so that `npm test` needs no .env file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';

export function loadTestEnvironment(): void {
  process.env.NODE_ENV ??= 'test';
  process.env.LOG_LEVEL ??= 'warn';
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
  }
}

loadTestEnvironment();
