/** Job names, kebab-case; each has exactly one handler, registered in the worker only. */
export enum JobName {
  SyncUsers = 'sync-users',
  ExpireUploads = 'expire-uploads',
  RunCalculation = 'run-calculation',
  ReapSandboxes = 'reap-sandboxes',
  ReconcileCalculations = 'reconcile-calculations',
  PurgeIdempotencyKeys = 'purge-idempotency-keys',
}
