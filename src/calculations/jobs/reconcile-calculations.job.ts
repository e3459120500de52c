import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { QueueName } from '../../queue/queue-names';
import { CalculationsService } from '../calculations.service';
import { CalculationExecution } from '../calculation-execution.service';
import { WorkerIdentity } from '../worker-identity';
import { calculationJobId, RunCalculationJobData } from './run-calculation.job-data';

const EVERY_MS = 60_000;
// A queued calculation gets this long to show up in the queue before it is enqueued again.
const QUEUED_GRACE_S = 60;

/**
 * Makes sure no calculation stays unfinished forever: `running` ones whose worker is gone end as
 * failed (their code may have run: never twice), `queued` ones the queue lost are enqueued again.
 */
@Injectable()
export class ReconcileCalculationsJob implements OnModuleInit {
  private readonly logger = new Logger(ReconcileCalculationsJob.name);

  constructor(
    private readonly tasks: MaintenanceTasks,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Calculations) private readonly queue: Queue<RunCalculationJobData>,
    private readonly execution: CalculationExecution,
    private readonly calculations: CalculationsService,
    private readonly identity: WorkerIdentity,
  ) {}

  onModuleInit(): void {
    this.tasks.register(JobName.ReconcileCalculations, { everyMs: EVERY_MS, run: () => this.reconcile() });
  }

  async reconcile(): Promise<{ lost: number; requeued: number }> {
    let lost = 0;
    let requeued = 0;
    const running = await this.dataSource.query<{ id: string; worker_id: string | null }[]>(
      `SELECT id, worker_id FROM calculations WHERE status = 'running' AND updated_at < now() - interval '10 seconds'`,
    );
    for (const calculation of running) {
      if (calculation.worker_id && (await this.identity.isAlive(calculation.worker_id))) continue;
      if (await this.execution.failLost(calculation.id)) lost += 1;
    }
    const queued = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM calculations WHERE status = 'queued' AND queued_at < now() - make_interval(secs => $1)`,
      [QUEUED_GRACE_S],
    );
    for (const { id } of queued) {
      const job = await this.queue.getJob(calculationJobId(id));
      const state = job ? await job.getState() : 'missing';
      if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
      await job?.remove().catch(() => undefined);
      await this.calculations.enqueue(id);
      requeued += 1;
    }
    if (lost + requeued > 0) this.logger.warn({ lost, requeued }, 'reconciled calculations');
    return { lost, requeued };
  }
}
