import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes a well-formed incoming X-Request-Id, or makes one, and sends it back. The first middleware
 * assigns it (so that errors of the body parsers carry it too); the logger then finds it in place.
 */
export function requestId(request: IncomingMessage & { id?: unknown }, response: ServerResponse): string {
  if (typeof request.id === 'string') return request.id;
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** Structured JSON logs with the request id; credentials are redacted wherever they appear. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestId,
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-api-key"]',
              'res.headers["set-cookie"]',
              '*.password',
              '*.secret',
              '*.token',
              '*.accessToken',
            ],
            censor: '[redacted]',
          },
          // Probes and scrapes are frequent and say nothing; failures still log.
          autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)(\/|$)/.test(request.url ?? '') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
