import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SandboxModule } from '../sandbox/sandbox.module';
import { StorageModule } from '../storage/storage.module';
import { CoreHealthChecks } from './health-checks';
import { CHECK_DOCKER, HealthController } from './health.controller';

@Module({})
export class HealthModule {
  /** The API checks its own dependencies; the worker also needs the Docker engine. */
  static register(options: { docker: boolean }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), StorageModule, ...(options.docker ? [SandboxModule] : [])],
      controllers: [HealthController],
      providers: [CoreHealthChecks, { provide: CHECK_DOCKER, useValue: options.docker }],
    };
  }
}
