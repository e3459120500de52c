import express from 'express';
import request from 'supertest';
import { allowedMethods, methodNotAllowed, preferLiteralRoutes, RouterLike } from './method-not-allowed';

describe(methodNotAllowed.name, () => {
  const ok = (_req: express.Request, res: express.Response) => void res.send('ok');
  const app = express();
  app.get('/files', ok);
  app.post('/files', ok);
  app.get('/files/:id', ok);
  app.delete('/files/:id', ok);
  // Declared after the templated route that would otherwise take it.
  app.post('/files/uploads', ok);
  // Like Nest's middleware on an excluded path: a GET route that passes on, before the real one.
  app.get('/metrics/', (_req, _res, next) => next());
  app.get('/metrics', ok);
  // Like Nest's middleware and not-found handlers: every method.
  app.all('/files{/*rest}', (_req, _res, next) => next());
  const router = app.router as unknown as RouterLike;
  preferLiteralRoutes(router);
  const sut = methodNotAllowed(router);
  app.use(sut);
  app.use((_req: express.Request, res: express.Response) => void res.status(404).send('not found'));
  app.use(
    (
      error: { status: number; headers: Record<string, string> },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res.set(error.headers).status(error.status).send('problem');
    },
  );

  it('lists the methods served at a path, GET implying HEAD', () => {
    expect(allowedMethods(app.router as unknown as RouterLike, '/files/abc', 'PUT')).toEqual(['DELETE', 'GET', 'HEAD']);
    expect(allowedMethods(app.router as unknown as RouterLike, '/nothing', 'PUT')).toEqual([]);
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const response = await request(app).put('/files').expect(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
  });

  it('takes a literal path before a templated one, and answers its other methods with 405', async () => {
    await request(app).post('/files/uploads').expect(200);
    const response = await request(app).get('/files/uploads').expect(405);
    expect(response.headers.allow).toBe('POST');
    await request(app).get('/files').expect(200);
    await request(app).post('/files').expect(200);
  });

  it('lets a served method pass through routes that call next()', async () => {
    await request(app).get('/metrics').expect(200);
    const response = await request(app).post('/metrics').expect(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const response = await request(app).options('/files/abc').expect(204);
    expect(response.headers.allow).toBe('DELETE, GET, HEAD');
  });

  it('leaves served requests and unknown paths alone', async () => {
    await request(app).get('/files/abc').expect(200);
    await request(app).head('/files').expect(200);
    await request(app).put('/elsewhere').expect(404);
  });
});
