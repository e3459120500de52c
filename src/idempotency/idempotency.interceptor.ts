import { CallHandler, ExecutionContext, HttpException, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Response as ExpressResponse } from 'express';
import { lastValueFrom, Observable, of } from 'rxjs';
import { AuthenticatedRequest } from '../users/current-user.decorator';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { PROBLEM_CONTENT_TYPE } from '../common/problem-details';
import { ProblemException } from '../common/problem.exception';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './idempotency-key-header';
import { IDEMPOTENCY_LEASE_S, IdempotencyService, StoredAnswer } from './idempotency.service';
import { keepsIdempotencyKey } from './keep-idempotency-key';
import { requestFingerprint } from './request-fingerprint';
import { IdempotencyProblems } from './idempotency.problems';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Response headers of a success worth replaying besides the body (its Content-Type is always JSON). */
const REPLAYED_HEADERS = ['location'];
const RETRY_AFTER_S = 2;

/**
 * `Idempotency-Key` on a route (see `@Idempotent()`): the first request with a key does the work and
 * its successful answer is stored; a retry with the same key and the same request gets that answer
 * again (`Idempotent-Replayed: true`) and does nothing. Runs after the guards (keys are per user) and
 * before the pipes, so a request that fails validation fails like any other: it frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly keys: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<ExpressResponse>();
    const key = parseIdempotencyKey(req.headersDistinct['idempotency-key']);
    const userId = req.principal?.user.id;
    if (key === undefined || userId === undefined) return next.handle();

    const fingerprint = requestFingerprint({
      method: req.method,
      route: (req.route as { path?: string } | undefined)?.path ?? req.path,
      params: req.params as Record<string, string>,
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      body: req.body,
    });
    const claim = await this.keys.claim(userId, key, fingerprint, { method: req.method, path: req.originalUrl });
    switch (claim.kind) {
      case 'mismatch':
        throw ProblemException.of(
          IdempotencyProblems.idempotencyKeyReused,
          `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request (another route, parameters or ` +
            'body) in the last 24 hours. Use a new key for a new request.',
          {
            errors: [{ path: `header:${IDEMPOTENCY_KEY_HEADER}`, message: 'was already used for a different request' }],
          },
        );
      case 'in-progress':
        throw ProblemException.of(
          IdempotencyProblems.idempotencyKeyInUse,
          `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed. Retry after it has finished ` +
            'to get its answer.',
        ).withHeader('Retry-After', String(RETRY_AFTER_S));
      case 'replay':
        return of(replayOf(claim.answer));
      case 'acquired':
        return of(await this.run(next, req, res, userId, key, claim.lockToken));
    }
  }

  /**
   * Does the work under the claim. It subscribes on its own: the answer is stored (or the key freed)
   * even when the client has gone away and Nest no longer listens.
   */
  private async run(
    next: CallHandler,
    req: AuthenticatedRequest,
    res: ExpressResponse,
    userId: string,
    key: string,
    lockToken: string,
  ): Promise<unknown> {
    const renewal = setInterval(
      () => void this.keys.renew(userId, key, lockToken).catch(() => undefined),
      (IDEMPOTENCY_LEASE_S * 1000) / 3,
    );
    renewal.unref();
    let value: unknown;
    try {
      value = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      clearInterval(renewal);
      const settled = keepsIdempotencyKey(error)
        ? this.keys.complete(userId, key, lockToken, problemAnswer(error, req))
        : this.keys.release(userId, key, lockToken);
      await settled.catch((settleError: unknown) => {
        this.logger.error({ err: settleError }, `could not settle an ${IDEMPOTENCY_KEY_HEADER} after a failure`);
      });
      throw error;
    }
    clearInterval(renewal);
    const status = res.statusCode;
    if (status >= 400) {
      await this.keys.release(userId, key, lockToken).catch(() => undefined);
      return value;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const header = res.getHeader(name);
      if (header !== undefined) headers[name] = String(header);
    }
    const body = value === undefined ? null : JSON.stringify(value);
    // The work is done: a failure to record it must not turn into an error the client would retry.
    // The key then stays in progress until its lease ends.
    await this.keys.complete(userId, key, lockToken, { status, headers, body }).catch((error: unknown) => {
      this.logger.error({ err: error }, `could not store the answer for an ${IDEMPOTENCY_KEY_HEADER}`);
    });
    return value;
  }
}

/** The problem+json answer the filter will send for an error, to store for replay. */
function problemAnswer(error: HttpException, req: AuthenticatedRequest): StoredAnswer {
  const problem = new ProblemDetailsFilter().toProblem(error);
  problem.instance = req.originalUrl.split('?')[0];
  const requestId: unknown = req.id;
  if (typeof requestId === 'string' || typeof requestId === 'number') problem.requestId = String(requestId);
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (error instanceof ProblemException) {
    for (const [name, value] of Object.entries(error.headers)) headers[name.toLowerCase()] = value;
  }
  return { status: problem.status, headers, body: JSON.stringify(problem) };
}

/** The stored answer as a web Response: Nest sends its status, headers and bytes as they are. */
function replayOf(answer: StoredAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  if (answer.body !== null && !headers.has('Content-Type'))
    headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(answer.body, { status: answer.status, headers });
}
