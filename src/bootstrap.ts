import { INestApplication, RequestMethod } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { requestId } from './logging/logging.module';
import { installMethodNotAllowed } from './common/method-not-allowed';
import {
  addFrameworkProblems,
  allowAnyJson,
  closeRequestSchemas,
  stateAllowedImages,
  stateConfiguredCeilings,
} from './common/openapi';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { RequestMediaTypeInterceptor, useBoundedJsonBodies } from './common/request-bounds';
import { NulCharactersPipe } from './common/nul-characters.pipe';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';
import { serveWebApp } from './web/web-app';

export const API_PREFIX = 'api/v1';

/** Options for NestFactory.create: we register our own, bounded JSON parser (configureHttpApp). */
export const HTTP_APP_OPTIONS = { bufferLogs: true, bodyParser: false } as const;

/**
 * Everything an HTTP app needs besides its modules; used by main.ts, worker.ts and the tests, on an
 * app created with HTTP_APP_OPTIONS and not yet initialised (middleware order matters).
 */
export function configureHttpApp(app: INestApplication, process: 'api' | 'worker'): void {
  // First of all, so that even a body the parser refuses is answered with its request id.
  app.use((req: Request & { id?: unknown }, res: Response, next: NextFunction) => {
    req.id = requestId(req, res);
    next();
  });
  useBoundedJsonBodies(app);
  app.useLogger(app.get(Logger));
  app.get(MetricsService).setProcessLabel(process);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new RequestMediaTypeInterceptor(app.get(Reflector)));
  app.useGlobalPipes(new NulCharactersPipe(), createValidationPipe());
  app.enableShutdownHooks();
  installMethodNotAllowed(app);
  if (process === 'worker') return;
  serveWebApp(app, app.get(AppConfig).web.distDir);

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
      { path: 'web-config.json', method: RequestMethod.ALL },
    ],
  });
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}

/**
 * The OpenAPI document: what the decorators say, plus what follows from the global pipeline (framework
 * error statuses, closed request schemas) and from this deployment's configured ceilings.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Retort API')
      .setDescription(
        'Scientific computation with sandboxed job execution: upload files, publish tools, run calculations. ' +
          'Errors are RFC 9457 problem+json.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Keycloak access token' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Retort API key' }, 'api-key')
      .build(),
  );
  addFrameworkProblems(document);
  closeRequestSchemas(document);
  const config = app.get(AppConfig);
  stateConfiguredCeilings(document, config.maxLimits, config.files.maxSizeBytes);
  stateAllowedImages(document, config.tools.allowedImages);
  allowAnyJson(document, 'CalculationDto', 'result');
  return document;
}
