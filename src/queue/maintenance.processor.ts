import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { JOB_QUEUES, JobName } from './job-names';
import { QueueName } from './queue-names';
import { logRedisErrors } from './redis.adapter';

export interface MaintenanceTask {
  /** Null: do not run periodically (any existing schedule is removed). */
  everyMs: number | null;
  run(): Promise<unknown>;
}

/**
 * Who handles each job. The worker's periodic housekeeping (user sync, expired uploads, orphan
 * containers, lost jobs) registers here as tasks, from its own modules, which the maintenance
 * processor schedules and runs; a job with a processor of its own (run-calculation) registers too.
 * The worker does not start unless every job name has exactly one handler, on its own queue.
 */
@Injectable()
export class MaintenanceTasks {
  readonly tasks = new Map<JobName, MaintenanceTask>();
  private readonly processors = new Set<JobName>();

  register(name: JobName, task: MaintenanceTask): void {
    this.claim(name, QueueName.Maintenance);
    this.tasks.set(name, task);
  }

  /** A job processed by a processor of its own on `queue`. */
  registerProcessor(name: JobName, queue: QueueName): void {
    this.claim(name, queue);
    this.processors.add(name);
  }

  /** Throws unless every job name has a handler (called at start-up, once every module registered). */
  assertEveryJobHandled(): void {
    const missing = Object.values(JobName).filter((name) => !this.tasks.has(name) && !this.processors.has(name));
    if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  }

  private claim(name: JobName, queue: QueueName): void {
    if (this.tasks.has(name) || this.processors.has(name)) throw new Error(`job "${name}" has two handlers`);
    if (JOB_QUEUES[name] !== queue) {
      throw new Error(`job "${name}" belongs to queue ${JOB_QUEUES[name]}, not ${queue}`);
    }
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
    // Without a listener BullMQ prints every connection error with its stack while Redis is away.
    logRedisErrors(this.worker, `Worker:${QueueName.Maintenance}`);
    this.registry.assertEveryJobHandled();
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
