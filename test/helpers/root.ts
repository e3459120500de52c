import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from test/helpers or from its compiled copy in dist/test/helpers (benchmarks). */
export const ROOT = existsSync(join(__dirname, '..', '..', 'package.json'))
  ? join(__dirname, '..', '..')
  : join(__dirname, '..', '..', '..');
