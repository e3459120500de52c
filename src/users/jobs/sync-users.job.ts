import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { JobName } from '../../queue/job-names';
import { QueueName } from '../../queue/queue-names';
import { UserSyncService } from '../user-sync.service';

/** Keeps the worker's periodic sync schedule in line with the configuration (or removes it). */
@Injectable()
export class SyncUsersScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SyncUsersScheduler.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, intervalS } = this.config.userSync;
    if (!enabled || !this.config.keycloak.syncClientSecret) {
      await this.queue.removeJobScheduler(JobName.SyncUsers);
      this.logger.log('periodic user sync is off');
      return;
    }
    await this.queue.upsertJobScheduler(
      JobName.SyncUsers,
      { every: intervalS * 1000 },
      { name: JobName.SyncUsers, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    this.logger.log(`periodic user sync every ${intervalS} s`);
  }
}

/** Handles the maintenance queue; today its only job is the user sync. */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class SyncUsersJob extends WorkerHost {
  constructor(private readonly sync: UserSyncService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== (JobName.SyncUsers as string)) {
      throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${QueueName.Maintenance}`);
    }
    return this.sync.run(null);
  }
}
