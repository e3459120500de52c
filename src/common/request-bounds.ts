import {
  CallHandler,
  ExecutionContext,
  INestApplication,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Observable } from 'rxjs';
import { FieldError } from './problem-details';
import { ProblemException, ValidationProblem } from './problem.exception';
import { HttpProblems } from './http.problems';

export interface JsonBounds {
  maxBytes: number;
  maxDepth: number;
  maxValues: number;
  maxEntries: number;
}

/** What one JSON request body may hold. Generous for real use, small enough that no body can exhaust a process. */
export const JSON_BOUNDS: Readonly<JsonBounds> = {
  /** Bytes of the body as sent. */
  maxBytes: 1024 * 1024,
  /** Nesting of objects and arrays (the body itself is depth 1). */
  maxDepth: 32,
  /** Values of any kind in the whole body: objects, arrays, strings, numbers, booleans, nulls. */
  maxValues: 20_000,
  /** Members of one object or elements of one array. */
  maxEntries: 5_000,
};

/** Keys that mean something to JavaScript objects rather than to us; refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks a parsed JSON value against the bounds without recursion (a queue of pending values), so a
 * body nested 100,000 levels deep is refused rather than overflowing the stack. Returns the first
 * violation, with the path where it was found, or null.
 */
export function findJsonBoundsViolation(body: unknown, bounds: JsonBounds = JSON_BOUNDS): FieldError | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 1 }];
  let values = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    values += 1;
    if (values > bounds.maxValues) {
      return { path: path || 'body', message: `the body holds more than ${bounds.maxValues} values` };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > bounds.maxDepth) {
      return { path: path || 'body', message: `nesting deeper than ${bounds.maxDepth} levels is not accepted` };
    }
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    if (entries.length > bounds.maxEntries) {
      return {
        path: path || 'body',
        message: `at most ${bounds.maxEntries} ${Array.isArray(value) ? 'items' : 'members'} are accepted here`,
      };
    }
    for (const [key, item] of entries) {
      const itemPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && FORBIDDEN_KEYS.has(key)) {
        return { path: itemPath, message: `"${key}" is not accepted as a property name` };
      }
      pending.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return null;
}

/** body-parser's errors (http-errors with a `type`) as our problems. */
export function bodyParserProblem(error: { type?: unknown; status?: unknown; message?: string }): ProblemException {
  switch (error.type) {
    case 'entity.too.large':
      return ProblemException.of(
        HttpProblems.bodyTooLarge,
        `A JSON body may be at most ${JSON_BOUNDS.maxBytes} bytes (1 MiB). Upload data as a file instead.`,
        { limitBytes: JSON_BOUNDS.maxBytes },
      );
    case 'entity.parse.failed':
      return ProblemException.of(
        HttpProblems.malformedJson,
        `The body is not valid JSON: ${error.message ?? 'parse error'}.`,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return ProblemException.of(HttpProblems.unsupportedMediaType, `${error.message ?? 'Unsupported encoding'}.`);
    case 'request.aborted':
      return ProblemException.of(
        HttpProblems.requestAborted,
        'The client closed the connection before the body ended.',
      );
    default: {
      const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 400;
      // The parser's own 4xx, when it gave one.
      return new ProblemException(
        status,
        HttpProblems.malformedRequest.slug,
        error.message ?? 'The request body could not be read.',
      );
    }
  }
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/** True when the request carries a body (announced length above zero, or chunked). */
export function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0].trim();
  return JSON_MEDIA_TYPE.test(mediaType);
}

/**
 * JSON bodies only, bounded in bytes, depth and counts, before any pipe sees them. Nest's own parsers
 * must be off (`bodyParser: false`): urlencoded bodies are not something this API takes.
 */
export function useBoundedJsonBodies(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', {
    limit: JSON_BOUNDS.maxBytes,
    type: (req) => isJsonMediaType(req.headers['content-type']),
  });
  express.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    next(error instanceof ProblemException ? error : bodyParserProblem(error as { type?: unknown }));
  });
  express.use((req: Request, _res: Response, next: NextFunction) => {
    if (!isJsonMediaType(req.headers['content-type']) || req.body === undefined) return next();
    const violation = findJsonBoundsViolation(req.body);
    next(violation ? new ValidationProblem([violation], 'The JSON body is outside what this API accepts.') : undefined);
  });
}

const TAKES_MULTIPART = 'retort:takes-multipart';

/** Marks a route that reads its own multipart/form-data body instead of JSON. */
export const TakesMultipart = (): MethodDecorator => SetMetadata(TAKES_MULTIPART, true);

/**
 * A body this API cannot read is 415, not a misleading 422 about missing fields: every route takes
 * JSON, except the few marked `@TakesMultipart()`, which check their own media type.
 */
@Injectable()
export class RequestMediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const multipart = this.reflector.get<boolean | undefined>(TAKES_MULTIPART, context.getHandler());
    if (!multipart && hasBody(req) && !isJsonMediaType(req.headers['content-type'])) {
      throw ProblemException.of(
        HttpProblems.unsupportedMediaType,
        `Send the body as application/json (got ${req.headers['content-type'] ?? 'no Content-Type'}).`,
      );
    }
    return next.handle();
  }
}
