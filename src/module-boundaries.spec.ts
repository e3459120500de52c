import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

// The folders that own tables and business rules; the rest (common, config, database, queue,
// sandbox, storage, health, metrics) are infrastructure the domain builds on.
const DOMAIN = [
  'audit',
  'auth',
  'batches',
  'calculations',
  'files',
  'idempotency',
  'notifications',
  'tools',
  'usage',
  'users',
  'webhooks',
];
// Side effects a domain service reaches only through an adapter.
const FORBIDDEN_IN_SERVICES = ['ioredis', 'express'];

interface Import {
  file: string;
  specifier: string;
  /** `import type` (or every name type-only): no code runs, no repository can be built from it. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.filter(ts.isImportDeclaration).map((declaration) => {
    const clause = declaration.importClause;
    const bindings = clause?.namedBindings;
    const typeOnly =
      clause?.isTypeOnly === true ||
      (clause !== undefined &&
        !clause.name &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly));
    return { file, specifier: (declaration.moduleSpecifier as ts.StringLiteral).text, typeOnly };
  });
}

const SRC = __dirname;
const folderOf = (path: string) => relative(SRC, path).split(sep)[0];
const target = (from: Import) => resolve(dirname(from.file), from.specifier);

/** Domain folder → domain folders it imports, with one example import per edge. */
function domainGraph(imports: Import[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>(DOMAIN.map((folder) => [folder, new Map()]));
  for (const each of imports.filter((entry) => entry.specifier.startsWith('.'))) {
    const [from, to] = [folderOf(each.file), folderOf(target(each))];
    if (from !== to && DOMAIN.includes(from) && DOMAIN.includes(to) && !graph.get(from)?.has(to)) {
      graph.get(from)?.set(to, `${relative(SRC, each.file)} imports ${each.specifier}`);
    }
  }
  return graph;
}

/** One cycle of the graph, as its path of folders, or null. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): string[] | null => {
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    if (state.get(node) === 'done') return null;
    state.set(node, 'open');
    for (const next of graph.get(node)?.keys() ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return null;
}

describe('module boundaries', () => {
  const imports = sourceFiles(SRC).flatMap(importsOf);

  it('has no import cycle between domain folders', () => {
    const graph = domainGraph(imports);
    const cycle = findCycle(graph);
    const explained = cycle?.slice(1).map((to, index) => graph.get(cycle[index])?.get(to));
    expect(explained ?? []).toEqual([]);
  });

  it('keeps ioredis and express out of domain services', () => {
    const offending = imports.filter(
      (entry) =>
        DOMAIN.includes(folderOf(entry.file)) &&
        entry.file.endsWith('.service.ts') &&
        FORBIDDEN_IN_SERVICES.includes(entry.specifier),
    );
    expect(offending.map((entry) => `${relative(SRC, entry.file)} imports ${entry.specifier}`)).toEqual([]);
  });

  it('lets a domain service use only its own module’s entities (others’ as types at most)', () => {
    const offending = imports.filter(
      (entry) =>
        DOMAIN.includes(folderOf(entry.file)) &&
        entry.file.endsWith('.service.ts') &&
        entry.specifier.endsWith('.entity') &&
        !entry.typeOnly &&
        folderOf(target(entry)) !== folderOf(entry.file),
    );
    expect(offending.map((entry) => `${relative(SRC, entry.file)} imports ${entry.specifier}`)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', new Map([['b', 'a imports b']])],
      ['b', new Map([['a', 'b imports a']])],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'a']);
    expect(findCycle(new Map([['a', new Map([['b', '']])]]))).toBeNull();
  });
});
