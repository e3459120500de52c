import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { JobName } from './job-names';
import { QueueName } from './queue-names';

export interface MaintenanceTask {
  /** Null: do not run periodically (any existing schedule is removed). */
  everyMs: number | null;
  run(): Promise<unknown>;
}

/**
 * The worker's periodic housekeeping (user sync, expired uploads, orphan containers, lost jobs):
 * each task registers itself here from its own module; this processor schedules and runs them.
 */
@Injectable()
export class MaintenanceTasks {
  readonly tasks = new Map<JobName, MaintenanceTask>();

  register(name: JobName, task: MaintenanceTask): void {
    if (this.tasks.has(name)) throw new Error(`maintenance task "${name}" has two handlers`);
    this.tasks.set(name, task);
  }
}

// How often the schedules are checked for having gone missing from Redis.
const SCHEDULE_CHECK_MS = 5000;

@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private checkTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: MaintenanceTasks,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  /** Keeps each schedule in line with the configuration; runs after every task has registered. */
  async onApplicationBootstrap(): Promise<void> {
    for (const [name, task] of this.registry.tasks) {
      if (task.everyMs === null) {
        await this.queue.removeJobScheduler(name);
        this.logger.log(`maintenance task ${name}: off`);
      } else {
        await this.schedule(name, task.everyMs);
        this.logger.log(`maintenance task ${name}: every ${task.everyMs / 1000} s`);
      }
    }
    // Redis losing its data (a restart without its append-only file) takes the schedules with it,
    // the reconciler's included: put back any that went missing.
    this.checkTimer = setInterval(() => {
      this.restoreSchedules().catch((error: Error) => this.logger.warn({ err: error }, 'schedule check failed'));
    }, SCHEDULE_CHECK_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.checkTimer);
  }

  private async restoreSchedules(): Promise<void> {
    for (const [name, task] of this.registry.tasks) {
      if (task.everyMs === null || (await this.queue.getJobScheduler(name))) continue;
      await this.schedule(name, task.everyMs);
      this.logger.warn(`maintenance task ${name}: its schedule was gone from Redis and is back`);
    }
  }

  private async schedule(name: JobName, everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      name,
      { every: everyMs },
      { name, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<unknown> {
    const task = this.registry.tasks.get(job.name as JobName);
    if (!task) throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${QueueName.Maintenance}`);
    return task.run();
  }
}
