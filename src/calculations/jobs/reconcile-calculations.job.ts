import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { QueueName } from '../../queue/queue-names';
import { CalculationsService } from '../calculations.service';
import { CalculationExecution } from '../calculation-execution.service';
import { CalculationStatus } from '../calculation-status';
import { CalculationRepository } from '../calculation.repository';
import { WorkerIdentity } from '../worker-identity';
import { calculationJobId, RunCalculationJobData } from './run-calculation.job-data';

// Often: a job Redis lost (a restart, a failover) is found within seconds, and each run is two
// indexed queries.
const EVERY_MS = 5000;
// A queued calculation gets this long to show up in the queue before it is enqueued again (the API
// enqueues right after its insert; enqueueing twice is a no-op).
const QUEUED_GRACE_S = 5;
const REQUEUE_CHUNK = 200;
// Beyond its wall clock, a running calculation gets this long for the sandbox's setup and teardown,
// on top of the worker's retry windows for storage and for the database.
const RUNNING_GRACE_S = 120;
// A calculation claimed moments ago is left alone this long before its worker's heartbeat is checked.
const RUNNING_QUIET_S = 10;

/**
 * How long past its wall clock a running calculation may stay so: setup and teardown, and a live
 * worker's retry windows, one for each outage it may wait out after the code started (the Docker
 * engine's, storage's, then the database's).
 */
export const runningGraceS = (platformRetryS: number): number => RUNNING_GRACE_S + 3 * platformRetryS;

export const OVERDUE_MESSAGE =
  'the worker running this calculation could not record its end in time; it is not run again, so that its code never runs twice';

/**
 * Makes sure no calculation stays unfinished forever: `running` ones whose worker is gone, or that
 * outlived their wall clock plus a bounded grace, end as failed (their code may have run: never
 * twice); `queued` ones the queue lost are enqueued again.
 */
@Injectable()
export class ReconcileCalculationsJob implements OnModuleInit {
  private readonly logger = new Logger(ReconcileCalculationsJob.name);

  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly calculations: CalculationRepository,
    @InjectQueue(QueueName.Calculations) private readonly queue: Queue<RunCalculationJobData>,
    private readonly execution: CalculationExecution,
    private readonly submissions: CalculationsService,
    private readonly identity: WorkerIdentity,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.tasks.register(JobName.ReconcileCalculations, { everyMs: EVERY_MS, run: () => this.reconcile() });
  }

  async reconcile(): Promise<{ lost: number; overdue: number; requeued: number }> {
    let lost = 0;
    let overdue = 0;
    let requeued = 0;
    // A live worker that cannot record an end retries for a window per outage (see runningGraceS);
    // past that, the calculation ends here, whoever holds it, so that none shows running for ever.
    const graceS = runningGraceS(this.config.calculations.platformRetryS);
    for (const id of await this.calculations.runningPastTimeout(graceS)) {
      if (await this.execution.fail(id, OVERDUE_MESSAGE, [CalculationStatus.Running])) overdue += 1;
    }
    for (const calculation of await this.calculations.runningQuietFor(RUNNING_QUIET_S)) {
      if (calculation.workerId && (await this.identity.isAlive(calculation.workerId))) continue;
      if (await this.execution.failLost(calculation.id)) lost += 1;
    }
    // In parallel chunks: a big batch keeps thousands queued, each looked up in Redis every round.
    const queued = await this.calculations.queuedLongerThan(QUEUED_GRACE_S);
    for (let start = 0; start < queued.length; start += REQUEUE_CHUNK) {
      const done = await Promise.all(
        queued.slice(start, start + REQUEUE_CHUNK).map(async (id) => {
          const job = await this.queue.getJob(calculationJobId(id));
          const state = job ? await job.getState() : 'missing';
          if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') return 0;
          await job?.remove().catch(() => undefined);
          await this.submissions.enqueue(id);
          return 1;
        }),
      );
      requeued += done.reduce<number>((sum, one) => sum + one, 0);
    }
    if (lost + overdue + requeued > 0) this.logger.warn({ lost, overdue, requeued }, 'reconciled calculations');
    return { lost, overdue, requeued };
  }
}
