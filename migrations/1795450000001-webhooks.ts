import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (issue #16): endpoints a user registers for events, with the secret that signs each
 * delivery (kept to sign, never shown again), and a log of every delivery and its last attempt.
 */
export class Webhooks1795450000001 implements MigrationInterface {
  name = 'Webhooks1795450000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        url varchar(2000) NOT NULL,
        events varchar(40)[] NOT NULL CHECK (cardinality(events) > 0),
        secret varchar(100) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_webhooks_user ON webhooks (user_id, created_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event varchar(40) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        response_status integer,
        response_excerpt varchar(500),
        latency_ms integer,
        error varchar(1000),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhooks`);
  }
}
