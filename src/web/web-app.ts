import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication, Logger, NotFoundException } from '@nestjs/common';
import { static as serveStatic } from 'express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the API owns: never answered with the web app; Nest's routing answers them. */
const API_PATHS = /^\/(api|docs|docs-json|health|metrics|web-config\.json)(\/|$)/;
/** A last path segment with an extension names a file: a missing one is a 404, not the app. */
const FILE_LIKE = /\/[^/]*\.[^/]*$/;

/**
 * Serves the built web app (web/dist) at `/`: its files, and index.html for any other GET that is not
 * an API path, so client-side routes survive a reload. Everything else outside the API paths is a 404
 * problem (with or without a web app: an API-only deployment simply has no directory). Call before
 * app.init(): this middleware runs ahead of the API's routes.
 */
export function serveWebApp(app: INestApplication, distDir: string): void {
  const index = join(distDir, 'index.html');
  // Looked up until found, so a build made after start-up is served too (dev, CI); then remembered.
  let built = false;
  const hasBuild = (): boolean => (built ||= existsSync(index));
  new Logger('WebApp').log(
    hasBuild() ? `serving the web app from ${distDir}` : `no web app in ${distDir} (yet): serving the API only`,
  );
  const assets = serveStatic(distDir, {
    index: false,
    redirect: false,
    setHeaders: (res: Response, path: string) => {
      // Vite puts a content hash in every file under assets/: they never change.
      const immutable = path.startsWith(join(distDir, 'assets'));
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Never for the API's paths: looking for a file on disk cost every API request a stat() (the
  // bench's profile of GET /calculations: 6 % of the API's time).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path)) next();
    else assets(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path)) {
      next();
      return;
    }
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && !FILE_LIKE.test(req.path);
    if (!isPage || !hasBuild()) {
      // Handed to Nest's exception layer, which answers problem+json.
      next(new NotFoundException(`Cannot ${req.method} ${req.path}`));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (error?: Error) => error && next(error));
  });
}
