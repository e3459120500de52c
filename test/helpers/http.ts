import { INestApplication } from '@nestjs/common';
import request, { Response } from 'supertest';

/** supertest against /api/v1 of an app, with a bearer token on every request. */
export function authenticated(app: INestApplication, token: string) {
  const http = () => request(app.getHttpServer());
  return {
    get: (path: string) => http().get(`/api/v1${path}`).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => http().post(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => http().patch(`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body),
    delete: (path: string) => http().delete(`/api/v1${path}`).auth(token, { type: 'bearer' }),
  };
}

/** A supertest parser that keeps a response body as bytes: `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
