import { QueueName } from './queue-names';

/** Job names, kebab-case; each has exactly one handler, registered in the worker only. */
export enum JobName {
  SyncUsers = 'sync-users',
  ExpireUploads = 'expire-uploads',
  RunCalculation = 'run-calculation',
  ReapSandboxes = 'reap-sandboxes',
  ReconcileCalculations = 'reconcile-calculations',
  PurgeIdempotencyKeys = 'purge-idempotency-keys',
  DeliverWebhook = 'deliver-webhook',
  SweepWebhookDeliveries = 'sweep-webhook-deliveries',
}

/** The queue each job goes to: the worker refuses to start unless each has exactly one handler there. */
export const JOB_QUEUES: Readonly<Record<JobName, QueueName>> = {
  [JobName.SyncUsers]: QueueName.Maintenance,
  [JobName.ExpireUploads]: QueueName.Maintenance,
  [JobName.RunCalculation]: QueueName.Calculations,
  [JobName.ReapSandboxes]: QueueName.Maintenance,
  [JobName.ReconcileCalculations]: QueueName.Maintenance,
  [JobName.PurgeIdempotencyKeys]: QueueName.Maintenance,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.SweepWebhookDeliveries]: QueueName.Maintenance,
};
