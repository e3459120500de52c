import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks to the Standard Webhooks scheme (issue #16): endpoints that fail for too long are disabled
 * (`failing_since`, `disabled_at`); a calculation may carry a one-off `callback_url`, delivered like a
 * webhook delivery without a webhook (its owner's callback secret signs it); a delivery may carry a
 * key that makes an event (batch.completed) reach each webhook once; pending deliveries are indexed for
 * the worker's sweep, which re-enqueues those whose job Redis lost.
 */
export class WebhooksDurableAndCallbacks1795470000001 implements MigrationInterface {
  name = 'WebhooksDurableAndCallbacks1795470000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhooks
        ADD COLUMN failing_since timestamptz,
        ADD COLUMN disabled_at timestamptz`);
    await queryRunner.query(`
      ALTER TABLE webhook_deliveries
        ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        ADD COLUMN url varchar(2000),
        ADD COLUMN dedupe_key varchar(200),
        ALTER COLUMN webhook_id DROP NOT NULL`);
    await queryRunner.query(`
      UPDATE webhook_deliveries d SET user_id = w.user_id FROM webhooks w WHERE w.id = d.webhook_id`);
    await queryRunner.query(`ALTER TABLE webhook_deliveries ALTER COLUMN user_id SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE webhook_deliveries ADD CONSTRAINT ck_webhook_deliveries_target
        CHECK ((webhook_id IS NULL) <> (url IS NULL))`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX ux_webhook_deliveries_dedupe ON webhook_deliveries (webhook_id, dedupe_key)
        WHERE dedupe_key IS NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_deliveries_callbacks ON webhook_deliveries (user_id, created_at DESC, id DESC)
        WHERE webhook_id IS NULL`);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (created_at, id) WHERE status = 'pending'`);
    await queryRunner.query(`
      CREATE TABLE webhook_callback_secrets (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret varchar(100) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`ALTER TABLE calculations ADD COLUMN callback_url varchar(2000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE calculations DROP COLUMN callback_url`);
    await queryRunner.query(`DROP TABLE webhook_callback_secrets`);
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_pending`);
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_callbacks`);
    await queryRunner.query(`DROP INDEX ux_webhook_deliveries_dedupe`);
    await queryRunner.query(`ALTER TABLE webhook_deliveries DROP CONSTRAINT ck_webhook_deliveries_target`);
    // Callback deliveries have no webhook: they cannot exist in the older schema.
    await queryRunner.query(`DELETE FROM webhook_deliveries WHERE webhook_id IS NULL`);
    await queryRunner.query(`
      ALTER TABLE webhook_deliveries
        ALTER COLUMN webhook_id SET NOT NULL,
        DROP COLUMN dedupe_key,
        DROP COLUMN url,
        DROP COLUMN user_id`);
    await queryRunner.query(`ALTER TABLE webhooks DROP COLUMN disabled_at, DROP COLUMN failing_since`);
  }
}
