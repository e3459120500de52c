import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
import { ApiModule } from './app.module';
import { superviseApiProcesses } from './api-cluster';
import { configureHttpApp, HTTP_APP_OPTIONS } from './bootstrap';
import { loadConfigOrExit } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.api.processes > 1 && cluster.isPrimary) {
    superviseApiProcesses(config.api.processes, config.logLevel);
    return;
  }
  const app = await NestFactory.create(ApiModule.register(config), HTTP_APP_OPTIONS);
  configureHttpApp(app, 'api');
  if (config.database.runMigrationsOnStart) {
    // One API instance at a time applies them: TypeORM takes an advisory lock around the run.
    await app.get(DataSource).runMigrations({ transaction: 'each' });
  }
  await app.listen(config.api.port, config.api.host);
}

void main();
