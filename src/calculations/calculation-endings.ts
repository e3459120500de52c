import { Injectable, Logger } from '@nestjs/common';
import { calculationEvent } from '../webhooks/webhook-events';
import { WebhooksService } from '../webhooks/webhooks.service';
import { CalculationStatus } from './calculation-status';
import { CalculationRepository } from './calculation.repository';

export interface Ending {
  userId: string;
  calculationId: string;
  status: CalculationStatus;
  callbackUrl: string | null;
  batchId: string | null;
  /** More for the event's data (e.g. `reusedFrom`). */
  data?: Record<string, unknown>;
}

/**
 * Announces calculations that ended, after their final status is committed, wherever they ended (the
 * worker, a cancellation in the API, a reused result): the webhook event for the status, the
 * calculation's callback, and batch.completed when it was its batch's last. Never throws.
 */
@Injectable()
export class CalculationEndings {
  private readonly logger = new Logger(CalculationEndings.name);

  constructor(
    private readonly webhooks: WebhooksService,
    private readonly calculations: CalculationRepository,
  ) {}

  async announce(ending: Ending): Promise<void> {
    const event = calculationEvent(ending.status);
    if (event) {
      const data = { calculationId: ending.calculationId, status: ending.status, ...ending.data };
      await this.webhooks.emit(ending.userId, event, data, { callbackUrl: ending.callbackUrl });
    }
    if (ending.batchId) await this.announceBatchIfEnded(ending.batchId);
  }

  /** A user's calculations cancelled before they ran, all at once (an administrator's kill switch). */
  async announceCancelled(userId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const cancelled = ids.map((calculationId) => ({ data: { calculationId, status: CalculationStatus.Cancelled } }));
    await this.webhooks.emitMany(userId, 'calculation.cancelled', cancelled);
  }

  /** Calculations of a batch cancelled before they ran, all at once. */
  async announceCancelledInBatch(batchId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { userId } = await this.calculations.batchEnding(batchId).catch(() => ({ userId: null }));
    if (!userId) return;
    const cancelled = ids.map((calculationId) => ({ data: { calculationId, status: CalculationStatus.Cancelled } }));
    await this.webhooks.emitMany(userId, 'calculation.cancelled', cancelled);
    await this.announceBatchIfEnded(batchId);
  }

  /**
   * batch.completed when a batch's last calculation ended. Every ending checks after its commit, so
   * the last one sees the batch ended; two ending at once both may, and the delivery's key (the batch
   * and its number of calculations, which a rerun changes) lets each webhook get it once.
   */
  async announceBatchIfEnded(batchId: string): Promise<void> {
    try {
      const ending = await this.calculations.batchEnding(batchId);
      if (ending.unfinished > 0 || !ending.userId) return;
      await this.webhooks.emit(
        ending.userId,
        'batch.completed',
        { batchId, counts: ending.counts },
        { dedupeKey: `batch.completed:${batchId}:${ending.calculations}` },
      );
    } catch (error) {
      this.logger.error({ err: error, batchId }, 'could not check whether a batch has ended');
    }
  }
}
