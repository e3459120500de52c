import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './app.module';
import { configureHttpApp, HTTP_APP_OPTIONS } from './bootstrap';
import { loadConfigOrExit } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create(WorkerModule.register(config), HTTP_APP_OPTIONS);
  configureHttpApp(app, 'worker');
  await app.listen(config.worker.httpPort, config.api.host);
}

void main();
