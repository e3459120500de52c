import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { DockerAdapter } from '../sandbox/docker.adapter';
import { CHECK_TIMEOUT_MS, CoreHealthChecks } from './health-checks';

export const CHECK_DOCKER = Symbol('CHECK_DOCKER');

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly core: CoreHealthChecks,
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly docker?: DockerAdapter,
    @Optional() @Inject(CHECK_DOCKER) private readonly checkDocker = false,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: every dependency answers (503 with details otherwise)' })
  ready() {
    const checks: Array<() => PromiseLike<HealthIndicatorResult>> = this.core.all();
    const docker = this.docker;
    if (this.checkDocker && docker) {
      checks.push(() =>
        this.indicators
          .check('docker')
          .attempt(() => docker.version())
          .withTimeout(CHECK_TIMEOUT_MS),
      );
    }
    return this.health.check(checks);
  }
}
