import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module';
import { QueueName } from '../queue/queue-names';
import { ToolsModule } from '../tools/tools.module';
import { UsageModule } from '../usage/usage.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CalculationEvents } from './calculation-events';
import { CalculationEndings } from './calculation-endings';
import { CalculationExecution } from './calculation-execution.service';
import { CalculationFile } from './calculation-file.entity';
import { CalculationLog } from './calculation-log.entity';
import { Calculation } from './calculation.entity';
import { CalculationsService } from './calculations.service';
import { CalculationRepository } from './calculation.repository';

/**
 * Calculations: submission and reading (API), execution records and live events (worker). The
 * controllers are mounted by the API process, the job processors by the worker (see app.module.ts).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Calculation, CalculationFile, CalculationLog]),
    BullModule.registerQueue({ name: QueueName.Calculations }),
    FilesModule,
    ToolsModule,
    UsageModule,
    WebhooksModule,
  ],
  providers: [CalculationsService, CalculationExecution, CalculationEvents, CalculationRepository, CalculationEndings],
  exports: [
    CalculationsService,
    CalculationExecution,
    CalculationEvents,
    CalculationRepository,
    BullModule,
    UsageModule,
  ],
})
export class CalculationsModule {}
