import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { IdempotencyService } from '../idempotency.service';

const EVERY_MS = 60 * 60 * 1000;

/** Deletes Idempotency-Keys (and their stored answers) once their 24 hours are over. */
@Injectable()
export class PurgeIdempotencyKeysJob implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly keys: IdempotencyService,
  ) {}

  onModuleInit(): void {
    this.tasks.register(JobName.PurgeIdempotencyKeys, {
      everyMs: EVERY_MS,
      run: async () => ({ purged: await this.keys.purgeExpired() }),
    });
  }
}
