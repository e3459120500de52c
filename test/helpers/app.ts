import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule, WorkerModule } from '../../src/app.module';
import { configureHttpApp, HTTP_APP_OPTIONS } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return AppConfig.fromEnvironment({ ...process.env, DATABASE_MIGRATIONS_RUN: 'false', ...overrides });
}

/** The real API application, wired to the real services, listening on no port (supertest drives it). */
export async function createApiApp(config = testConfig()): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication(HTTP_APP_OPTIONS);
  configureHttpApp(app, 'api');
  await app.init();
  return app;
}

export async function createWorkerApp(config = testConfig()): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication(HTTP_APP_OPTIONS);
  configureHttpApp(app, 'worker');
  await app.init();
  return app;
}
