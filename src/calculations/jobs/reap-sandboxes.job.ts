import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { LABEL_CALCULATION, LABEL_INSTALLATION, LABEL_WORKER } from '../../sandbox/container-spec';
import { AppConfig } from '../../config/app-config';
import { DockerAdapter } from '../../sandbox/docker.adapter';
import { WarmSandboxPool } from '../../sandbox/warm-pool';
import { WorkerIdentity } from '../worker-identity';
import { RunningCalculations } from './running-calculations';

const EVERY_MS = 60_000;
// This worker's own sandbox this young is being set up (created, its id not yet back from the engine
// to whoever asked): not an orphan yet. The engine reports creation times in whole seconds.
const SETTING_UP_S = 30;

/**
 * Removes sandboxes nobody is running any more: those of workers whose heartbeat is gone (killed
 * mid-job, warm ones included), and this worker's own that neither a job nor the warm pool holds. At start-up and every minute.
 */
@Injectable()
export class ReapSandboxesJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ReapSandboxesJob.name);

  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly docker: DockerAdapter,
    private readonly identity: WorkerIdentity,
    private readonly runs: RunningCalculations,
    private readonly config: AppConfig,
    private readonly pool: WarmSandboxPool,
  ) {}

  onModuleInit(): void {
    this.tasks.register(JobName.ReapSandboxes, {
      everyMs: EVERY_MS,
      run: async () => ({ removed: await this.reap() }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reap().catch((error: Error) => this.logger.warn({ err: error }, 'start-up reaping failed'));
  }

  async reap(): Promise<number> {
    let removed = 0;
    // Only this installation's: another one sharing the engine (or a test run with its own queue
    // prefix) keeps its heartbeats in queues this worker cannot see, so its sandboxes look orphaned.
    const ours = `${LABEL_INSTALLATION}=${this.config.queuePrefix}`;
    for (const container of await this.docker.listByLabel(ours)) {
      const owner = container.labels[LABEL_WORKER];
      if (owner === this.identity.id) {
        // A warm sandbox has no calculation label: the pool knows its own, waiting or taken.
        if (this.runs.isRunningHere(container.labels[LABEL_CALCULATION]) || this.pool.owns(container.id)) continue;
        if (Date.now() - container.createdAt.getTime() < SETTING_UP_S * 1000) continue;
      } else if (owner && (await this.identity.isAlive(owner))) {
        continue;
      }
      await this.docker.remove(container.id);
      removed += 1;
      this.logger.warn(
        { containerId: container.id, calculationId: container.labels[LABEL_CALCULATION], owner },
        'removed an orphan sandbox',
      );
    }
    return removed;
  }
}
