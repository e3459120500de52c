import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProblemException } from './problem.exception';

/** The parts of Express's router (v2) this relies on: its layers, their route and their matcher. */
interface RouterLayer {
  route?: { methods: Record<string, boolean | undefined> };
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

/**
 * Runs only for requests no route took: a known path asked with a method it does not serve gets
 * 405 with `Allow` (OPTIONS gets 204 with `Allow`); an unknown path goes on to the 404 handler.
 */
export function methodNotAllowed(router: RouterLike): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const allowed = allowedMethods(router, req.path, req.method);
    if (allowed.length === 0) return next();
    const allow = allowed.join(', ');
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    next(
      new ProblemException(
        405,
        'method-not-allowed',
        `${req.method} is not served at ${req.path}; this resource allows ${allow}.`,
      ).withHeader('Allow', allow),
    );
  };
}

/**
 * Puts the 405 check right before Nest's not-found handler, which Nest registers after every route
 * during init(): the check then costs nothing for requests a route serves. Call before init().
 */
export function installMethodNotAllowed(app: INestApplication): void {
  const adapter = app.getHttpAdapter();
  if (!adapter.setNotFoundHandler)
    throw new Error('This HTTP adapter has no not-found handler to put the 405 check before');
  const setNotFoundHandler = adapter.setNotFoundHandler.bind(adapter) as (...args: unknown[]) => unknown;
  adapter.setNotFoundHandler = (...args: unknown[]) => {
    const router = (adapter.getInstance() as { router: RouterLike }).router;
    adapter.use(methodNotAllowed(router));
    return setNotFoundHandler(...args);
  };
}
