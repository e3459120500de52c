import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AuthProblems } from '../auth/auth.problems';
import { BatchProblems } from '../batches/batches.problems';
import { CalculationProblems } from '../calculations/calculation.problems';
import { FileProblems } from '../files/file.problems';
import { HealthProblems } from '../health/health.problems';
import { IdempotencyProblems } from '../idempotency/idempotency.problems';
import { ToolProblems } from '../tools/tool.problems';
import { UserProblems } from '../users/user.problems';
import { UsageProblems } from '../usage/usage.problems';
import { WebhookProblems } from '../webhooks/webhooks.problems';
import { HttpProblems } from './http.problems';
import { ProblemType } from './problem-details';
import { ProblemException } from './problem.exception';

const CATALOGUES: Record<string, Record<string, ProblemType>> = {
  HttpProblems,
  AuthProblems,
  BatchProblems,
  CalculationProblems,
  FileProblems,
  HealthProblems,
  IdempotencyProblems,
  ToolProblems,
  UserProblems,
  UsageProblems,
  WebhookProblems,
};
const ENTRIES = Object.entries(CATALOGUES).flatMap(([catalogue, types]) =>
  Object.entries(types).map(([key, type]) => ({ catalogue, key, ...type })),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('problem type catalogues', () => {
  it('names each problem type once across every module', () => {
    const slugs = ENTRIES.map((entry) => entry.slug);
    expect(slugs.filter((slug, index) => slugs.indexOf(slug) !== index)).toEqual([]);
  });

  it.each(ENTRIES)('$catalogue.$key: a kebab-case slug, its key in camelCase, an error status, a title', (entry) => {
    expect(entry.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(entry.key).toBe(entry.slug.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()));
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    expect(entry.title.length).toBeGreaterThan(0);
  });

  it('puts a catalogued type on the wire as before: urn type, the status’s own title', () => {
    const sut = ProblemException.of(ToolProblems.toolExists, 'A tool named "x" already exists.', { name: 'x' });
    expect(sut.getStatus()).toBe(409);
    expect(sut.getResponse()).toEqual({
      type: 'urn:retort:problem:tool-exists',
      title: 'Conflict',
      status: 409,
      detail: 'A tool named "x" already exists.',
      name: 'x',
    });
  });

  it('leaves no problem written inline with a literal status and slug', () => {
    const inline = /new ProblemException\(\s*\d{3}\s*,|super\(\s*\d{3}\s*,\s*'/;
    const offending = sourceFiles(__dirname + '/..')
      .filter((file) => inline.test(readFileSync(file, 'utf8')))
      .map((file) => relative(join(__dirname, '..'), file));
    expect(offending).toEqual([]);
  });
});
