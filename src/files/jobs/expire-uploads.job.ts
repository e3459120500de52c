import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { DirectUploadsService } from '../direct-uploads.service';

const EVERY_MS = 5 * 60 * 1000;

/** Discards direct uploads nobody completed in time: their parts, their object, their row. */
@Injectable()
export class ExpireUploadsJob implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly uploads: DirectUploadsService,
  ) {}

  onModuleInit(): void {
    this.tasks.register(JobName.ExpireUploads, {
      everyMs: EVERY_MS,
      run: async () => ({ discarded: await this.uploads.expire() }),
    });
  }
}
