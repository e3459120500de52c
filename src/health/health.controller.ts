import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { OUTAGE_RETRY_AFTER_S } from '../common/dependency-errors';
import { ProblemException } from '../common/problem.exception';
import { Public } from '../common/public.decorator';
import { DockerAdapter } from '../sandbox/docker.adapter';
import { CHECK_TIMEOUT_MS, CoreHealthChecks } from './health-checks';
import { HealthProblems } from './health.problems';

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
  async ready(): Promise<HealthCheckResult> {
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
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) throw notReady(error.getResponse() as HealthCheckResult);
      throw error;
    }
  }
}

/**
 * The 503 keeps every check's state, as problem+json: `checks` (each dependency, up or down) and
 * `failing` (the names of those down). Messages of failed checks are replaced by a fixed phrase, as
 * they may name hosts and ports.
 */
function notReady(result: HealthCheckResult): ProblemException {
  const checks: Record<string, Record<string, unknown>> = {};
  for (const [name, check] of Object.entries(result.details ?? {})) {
    checks[name] = check.status === 'up' ? check : { status: check.status, message: 'did not answer as expected' };
  }
  const failing = Object.keys(result.error ?? {});
  return ProblemException.of(HealthProblems.notReady, `Not ready: ${failing.join(', ') || 'a check'} failed.`, {
    checks,
    failing,
  }).withHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
}
