import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { UserSyncService } from '../user-sync.service';

/** The periodic full sync from Keycloak (off when disabled or when no sync secret is configured). */
@Injectable()
export class SyncUsersJob implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly sync: UserSyncService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { enabled, intervalS } = this.config.userSync;
    this.tasks.register(JobName.SyncUsers, {
      everyMs: enabled && this.config.keycloak.syncClientSecret ? intervalS * 1000 : null,
      run: () => this.sync.run(null),
    });
  }
}
