import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalculationsModule } from '../calculations/calculations.module';
import { Batch } from './batch.entity';
import { BatchesService } from './batches.service';

/** Parameter sweeps: a batch creates, follows, cancels and tabulates many calculations at once. */
@Module({
  imports: [TypeOrmModule.forFeature([Batch]), CalculationsModule],
  providers: [BatchesService],
  exports: [BatchesService],
})
export class BatchesModule {}
