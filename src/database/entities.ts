import { AuditEvent } from '../audit/audit-event.entity';
import { ApiKey } from '../auth/api-key.entity';
import { Batch } from '../batches/batch.entity';
import { CalculationFile } from '../calculations/calculation-file.entity';
import { CalculationLog } from '../calculations/calculation-log.entity';
import { Calculation } from '../calculations/calculation.entity';
import { FileUpload } from '../files/file-upload.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { StorageObject } from '../files/storage-object.entity';
import { UserFile } from '../files/user-file.entity';
import { ToolVersion } from '../tools/tool-version.entity';
import { Tool } from '../tools/tool.entity';
import { User } from '../users/user.entity';
import { UsageAlert } from '../usage/usage-alert.entity';
import { UsageDaily } from '../usage/usage-daily.entity';
import { UsageEntry } from '../usage/usage-entry.entity';
import { UserLimits } from '../usage/user-limits.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { Notification } from '../notifications/notification.entity';
import { Webhook, WebhookCallbackSecret } from '../webhooks/webhook.entity';

/** Every entity, listed once: the app and the migration CLI share this list. */
export const ENTITIES = [
  User,
  UserFile,
  StorageObject,
  FileUpload,
  Tool,
  ToolVersion,
  Calculation,
  CalculationFile,
  CalculationLog,
  ApiKey,
  AuditEvent,
  IdempotencyKey,
  Batch,
  UsageEntry,
  UsageDaily,
  UserLimits,
  UsageAlert,
  Webhook,
  WebhookCallbackSecret,
  WebhookDelivery,
  Notification,
];
