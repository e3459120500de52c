import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';
import { UserLimits } from './user-limits.entity';

/**
 * Usage accounting and per-user limits. Calculations call UsageService (to charge a finished
 * calculation, to admit a submission), files ask it for a user's quota; it depends on neither.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserLimits]), UsersModule, NotificationsModule],
  providers: [UsageService, UsageRepository],
  exports: [UsageService],
})
export class UsageModule {}
