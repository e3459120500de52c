import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProblemException } from './problem.exception';
import { HttpProblems } from './http.problems';

/** The parts of Express's router (v2) this relies on: its layers, their route and their matcher. */
interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean | undefined>; all(handler: RequestHandler): unknown };
  match(path: string): unknown;
}
export interface RouterLike {
  stack: RouterLayer[];
}

/**
 * The methods the routes registered for `path` serve (GET implies HEAD), sorted; empty for an
 * unknown path. Route layers that take `method` itself are skipped: had a resource served it, no
 * route would have been missed, so those are Nest's middleware and not-found catch-alls.
 */
export function allowedMethods(router: RouterLike, path: string, method: string): string[] {
  const handles = (methods: Record<string, boolean | undefined>, name: string): boolean =>
    !!methods._all || !!methods[name] || (name === 'head' && !!methods.get);
  const allowed = new Set<string>();
  for (const layer of router.stack) {
    const methods = layer.route?.methods;
    if (!methods || handles(methods, method.toLowerCase())) continue;
    let matched: unknown;
    try {
      matched = layer.match(path);
    } catch {
      continue; // an undecodable path: routing answers 400 for it
    }
    if (!matched) continue;
    for (const [name, enabled] of Object.entries(methods)) if (enabled) allowed.add(name.toUpperCase());
    if (methods.get) allowed.add('HEAD');
  }
  return [...allowed].sort();
}

function problem405(method: string, path: string, allow: string): ProblemException {
  return ProblemException.of(
    HttpProblems.methodNotAllowed,
    `${method} is not served at ${path}; this resource allows ${allow}.`,
  ).withHeader('Allow', allow);
}

/** OPTIONS gets 204 with `Allow`; any other method 405 problem+json with `Allow`. */
function answer(allow: string, req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'OPTIONS') {
    res.setHeader('Allow', allow);
    res.status(204).end();
    return;
  }
  next(problem405(req.method, req.path, allow));
}

/**
 * Runs only for requests no route took: a known path asked with a method it does not serve gets
 * 405 with `Allow` (OPTIONS gets 204 with `Allow`); an unknown path goes on to the 404 handler.
 */
export function methodNotAllowed(router: RouterLike): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const allowed = allowedMethods(router, req.path, req.method);
    if (allowed.length === 0) return next();
    answer(allowed.join(', '), req, res, next);
  };
}

const STANDARD_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'options'];
const isResource = (layer: RouterLayer): boolean =>
  !!layer.route && !layer.route.methods._all && !STANDARD_METHODS.every((method) => layer.route?.methods[method]);
const isLiteral = (layer: RouterLayer): boolean =>
  typeof layer.route?.path === 'string' && !/[:*{}()]/.test(layer.route.path);

/**
 * As OpenAPI matches paths, a literal path wins over a templated one: `GET /files/uploads` is a
 * method the literal `/files/uploads` (POST) does not serve, not a lookup of the file "uploads". So
 * resource routes are reordered, literal ones first (middleware layers keep their places), and the
 * last route of each literal path answers the methods none of its routes serves.
 */
export function preferLiteralRoutes(router: RouterLike): void {
  const positions = router.stack.flatMap((layer, index) => (isResource(layer) ? [index] : []));
  const routes = positions.map((index) => router.stack[index]);
  const literal = routes.filter(isLiteral);
  const ordered = [...literal, ...routes.filter((layer) => !isLiteral(layer))];
  positions.forEach((position, index) => (router.stack[position] = ordered[index]));

  // Non-strict routing: `/metrics/` and `/metrics` are one resource.
  const byPath = new Map<string, RouterLayer[]>();
  for (const layer of literal) {
    const path = (layer.route?.path as string).replace(/(?<=.)\/+$/, '');
    byPath.set(path, [...(byPath.get(path) ?? []), layer]);
  }
  for (const layers of byPath.values()) {
    const allowed = new Set<string>();
    for (const layer of layers) {
      for (const [name, enabled] of Object.entries(layer.route?.methods ?? {}))
        if (enabled) allowed.add(name.toUpperCase());
      if (layer.route?.methods.get) allowed.add('HEAD');
    }
    const allow = [...allowed].sort().join(', ');
    // Some of these routes are Nest middleware that call next(): a served method passes on.
    layers.at(-1)?.route?.all((req, res, next) => (allowed.has(req.method) ? next() : answer(allow, req, res, next)));
  }
}

/**
 * Once every route is registered (Nest registers its not-found handler right after them, during
 * init()), puts literal routes first and the 405 check right before the not-found handler: the
 * check then costs nothing for requests a route serves. Call before init().
 */
export function installMethodNotAllowed(app: INestApplication): void {
  const adapter = app.getHttpAdapter();
  if (!adapter.setNotFoundHandler)
    throw new Error('This HTTP adapter has no not-found handler to put the 405 check before');
  const setNotFoundHandler = adapter.setNotFoundHandler.bind(adapter) as (...args: unknown[]) => unknown;
  adapter.setNotFoundHandler = (...args: unknown[]) => {
    const router = (adapter.getInstance() as { router: RouterLike }).router;
    preferLiteralRoutes(router);
    adapter.use(methodNotAllowed(router));
    return setNotFoundHandler(...args);
  };
}
