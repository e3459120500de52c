import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { MetricsService } from './metrics/metrics.service';

export const API_PREFIX = 'api/v1';

/** Everything an HTTP app needs besides its modules; used by main.ts, worker.ts and the tests. */
export function configureHttpApp(app: INestApplication, process: 'api' | 'worker'): void {
  app.useLogger(app.get(Logger));
  app.get(MetricsService).setProcessLabel(process);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (process === 'worker') return;

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
