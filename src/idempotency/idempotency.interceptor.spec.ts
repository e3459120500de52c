import { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Observable, of, throwError } from 'rxjs';
import { ProblemException, ValidationProblem } from '../common/problem.exception';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { Claim, IdempotencyService, StoredAnswer } from './idempotency.service';
import { keepIdempotencyKey } from './keep-idempotency-key';

/** The store's contract, in memory: one entry per user and key. */
class InMemoryKeys {
  readonly entries = new Map<string, { fingerprint: string; lockToken?: string; answer?: StoredAnswer }>();
  private tokens = 0;

  claim(userId: string, key: string, fingerprint: string): Promise<Claim> {
    return Promise.resolve(this.claimNow(userId, key, fingerprint));
  }

  private claimNow(userId: string, key: string, fingerprint: string): Claim {
    const entry = this.entries.get(`${userId}/${key}`);
    if (!entry) {
      const lockToken = `token-${(this.tokens += 1)}`;
      this.entries.set(`${userId}/${key}`, { fingerprint, lockToken });
      return { kind: 'acquired', lockToken };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return entry.answer ? { kind: 'replay', answer: entry.answer } : { kind: 'in-progress' };
  }

  renew(): Promise<boolean> {
    return Promise.resolve(true);
  }

  complete(userId: string, key: string, lockToken: string, answer: StoredAnswer): Promise<void> {
    const entry = this.entries.get(`${userId}/${key}`);
    if (entry?.lockToken === lockToken)
      this.entries.set(`${userId}/${key}`, { ...entry, lockToken: undefined, answer });
    return Promise.resolve();
  }

  release(userId: string, key: string, lockToken: string): Promise<void> {
    if (this.entries.get(`${userId}/${key}`)?.lockToken === lockToken) this.entries.delete(`${userId}/${key}`);
    return Promise.resolve();
  }
}

function httpContext(options: { key?: string; body?: unknown; userId?: string; status?: number }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const req = {
    method: 'POST',
    route: { path: '/api/v1/calculations' },
    path: '/api/v1/calculations',
    originalUrl: '/api/v1/calculations',
    params: {},
    headers,
    headersDistinct: options.key === undefined ? {} : { 'idempotency-key': [options.key] },
    body: options.body ?? { name: 'x' },
    principal: { user: { id: options.userId ?? 'alice' } },
    id: 'request-1',
  };
  const responseHeaders: Record<string, string> = { location: 'calculations/c1' };
  const res = { statusCode: options.status ?? 202, getHeader: (name: string) => responseHeaders[name] };
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
}

describe(IdempotencyInterceptor.name, () => {
  let keys: InMemoryKeys;
  let sut: IdempotencyInterceptor;
  let calls: number;
  const handler = (result: () => Observable<unknown>): CallHandler => ({
    handle: () => {
      calls += 1;
      return result();
    },
  });
  const intercept = async (context: ExecutionContext, next: CallHandler) =>
    lastValueFrom(await sut.intercept(context, next));

  beforeEach(() => {
    keys = new InMemoryKeys();
    sut = new IdempotencyInterceptor(keys as unknown as IdempotencyService);
    calls = 0;
  });

  it('passes a request without the header straight through', async () => {
    expect(
      await intercept(
        httpContext({}),
        handler(() => of({ id: 'c1' })),
      ),
    ).toEqual({ id: 'c1' });
    expect(keys.entries.size).toBe(0);
  });

  it('stores a success and replays it, without calling the handler again', async () => {
    const next = handler(() => of({ id: 'c1', name: 'x' }));
    expect(await intercept(httpContext({ key: 'k' }), next)).toEqual({ id: 'c1', name: 'x' });
    const replay = (await intercept(httpContext({ key: 'k' }), next)) as Response;

    expect(calls).toBe(1);
    expect(replay).toBeInstanceOf(Response);
    expect(replay.status).toBe(202);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.headers.get('Location')).toBe('calculations/c1');
    expect(replay.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await replay.text()).toBe('{"id":"c1","name":"x"}');
  });

  it('refuses the key for another request with a 422', async () => {
    await intercept(
      httpContext({ key: 'k', body: { name: 'a' } }),
      handler(() => of({})),
    );
    await expect(
      sut.intercept(
        httpContext({ key: 'k', body: { name: 'b' } }),
        handler(() => of({})),
      ),
    ).rejects.toMatchObject({
      status: 422,
      slug: 'idempotency-key-reused',
    });
  });

  it('answers 409 with Retry-After while the first request holds the key', async () => {
    let release!: () => void;
    const first = intercept(
      httpContext({ key: 'k' }),
      handler(
        () => new Observable((subscriber) => void (release = () => (subscriber.next({}), subscriber.complete()))),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const conflict = (await sut
      .intercept(
        httpContext({ key: 'k' }),
        handler(() => of({})),
      )
      .catch((thrown: unknown) => thrown)) as ProblemException;
    expect(conflict).toBeInstanceOf(ProblemException);
    expect(conflict.getStatus()).toBe(409);
    expect(conflict.headers['Retry-After']).toMatch(/^\d+$/);
    release();
    await first;
  });

  it('frees the key of a request that failed', async () => {
    const failing = handler(() => throwError(() => new ValidationProblem([{ path: 'name', message: 'required' }])));
    await expect(intercept(httpContext({ key: 'k' }), failing)).rejects.toBeInstanceOf(ValidationProblem);
    expect(keys.entries.size).toBe(0);
    expect(
      await intercept(
        httpContext({ key: 'k' }),
        handler(() => of({ id: 'c2' })),
      ),
    ).toEqual({ id: 'c2' });
    expect(calls).toBe(2);
  });

  it('keeps the key of an error marked as done anyway and replays its problem answer', async () => {
    const leftQueued = handler(() =>
      throwError(() =>
        keepIdempotencyKey(
          new ProblemException(503, 'dependency-unavailable', 'Recorded; it is enqueued once the queue is back.', {
            outcome: 'left-queued',
          }).withHeader('Retry-After', '5'),
        ),
      ),
    );
    await expect(intercept(httpContext({ key: 'k' }), leftQueued)).rejects.toMatchObject({ status: 503 });
    const replay = (await intercept(httpContext({ key: 'k' }), leftQueued)) as Response;

    expect(calls).toBe(1);
    expect(replay.status).toBe(503);
    expect(replay.headers.get('Retry-After')).toBe('5');
    expect(replay.headers.get('Content-Type')).toBe('application/problem+json');
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(JSON.parse(await replay.text())).toMatchObject({
      type: 'urn:retort:problem:dependency-unavailable',
      status: 503,
      outcome: 'left-queued',
      instance: '/api/v1/calculations',
      requestId: 'request-1',
    });
  });

  it('refuses a malformed key before doing anything', async () => {
    await expect(
      sut.intercept(
        httpContext({ key: ' ' }),
        handler(() => of({})),
      ),
    ).rejects.toBeInstanceOf(ValidationProblem);
    expect(calls).toBe(0);
  });
});
